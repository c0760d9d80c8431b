package dev.runbox.sandbox.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing what has done its work, where a failure to close changes nothing but a debug line. */
final class Quietly {
  private static final Logger log = LoggerFactory.getLogger(Quietly.class);

  private Quietly() {}

  static void close(AutoCloseable c, String what) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing {} failed: {}", what, e.toString());
    }
  }
}
