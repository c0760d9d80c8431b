package dev.runbox.jobs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the attempt audit table, which the port does not show. */
final class AttemptRows {
  private AttemptRows() {}

  /** "ATTEMPT NODE OUTCOME" per row of {@code jobId}, in attempt order; an open one ends "-". */
  static List<String> read(Connection c, String jobId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT attempt, node, outcome, claimed_at, ended_at FROM runbox_attempt"
                + " WHERE job_id = ? ORDER BY attempt")) {
      s.setString(1, jobId);
      List<String> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (r.getObject("claimed_at") == null
              || (r.getString("outcome") != null) != (r.getObject("ended_at") != null)) {
            throw new AssertionError("an attempt row with inconsistent times: " + jobId);
          }
          String outcome = r.getString("outcome");
          rows.add(
              r.getInt("attempt")
                  + " "
                  + r.getString("node")
                  + " "
                  + (outcome == null ? "-" : outcome));
        }
      }
      return rows;
    }
  }
}
