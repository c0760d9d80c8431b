package dev.runbox.http.judge0;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/** Judge0 CE's statuses, ids 1 to 14 exactly: its clients refuse any other id. */
enum Judge0Status {
  IN_QUEUE(1, "In Queue"),
  PROCESSING(2, "Processing"),
  ACCEPTED(3, "Accepted"),
  WRONG_ANSWER(4, "Wrong Answer"),
  TIME_LIMIT_EXCEEDED(5, "Time Limit Exceeded"),
  COMPILATION_ERROR(6, "Compilation Error"),
  SIGSEGV(7, "Runtime Error (SIGSEGV)"),
  SIGXFSZ(8, "Runtime Error (SIGXFSZ)"),
  SIGFPE(9, "Runtime Error (SIGFPE)"),
  SIGABRT(10, "Runtime Error (SIGABRT)"),
  NZEC(11, "Runtime Error (NZEC)"),
  OTHER(12, "Runtime Error (Other)"),
  INTERNAL_ERROR(13, "Internal Error"),
  EXEC_FORMAT_ERROR(14, "Exec Format Error");

  private final int id;
  private final String description;

  Judge0Status(int id, String description) {
    this.id = id;
    this.description = description;
  }

  int id() {
    return id;
  }

  String description() {
    return description;
  }

  /** As the submission object and {@code GET /statuses} show it. */
  Body body() {
    return new Body(id, description);
  }

  record Body(@JsonProperty("id") int id, @JsonProperty("description") String description) {}

  static List<Body> all() {
    return Arrays.stream(values()).map(Judge0Status::body).toList();
  }

  /**
   * The runtime error of a program ended by this signal, as Judge0 intended its table: SIGSEGV 11,
   * SIGXFSZ 25, SIGFPE 8, SIGABRT 6, any other one Other.
   */
  static Judge0Status ofSignal(int signal) {
    return switch (signal) {
      case 11 -> SIGSEGV;
      case 25 -> SIGXFSZ;
      case 8 -> SIGFPE;
      case 6 -> SIGABRT;
      default -> OTHER;
    };
  }
}
