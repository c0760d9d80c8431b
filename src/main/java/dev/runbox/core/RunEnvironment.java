package dev.runbox.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a run finds besides its files: environment variables set for its command, and files placed
 * in its home folder ({@code HOME}, outside /sandbox) before the command starts. Both are chosen by
 * the service, never copied from a caller's request; the names are still checked, so that no
 * variable can change how the sandbox's own tools behave (the search path, the home folder, the
 * dynamic loader, the shells' start-up files, the locale, tar's options).
 *
 * @param variables name to value; names are upper-case letters, digits and underscores
 * @param homeFiles unpacked into the home folder before the command, never taken back
 */
public record RunEnvironment(Map<String, String> variables, FileSet homeFiles) {
  public static final int MAX_VARIABLES = 32;
  public static final int MAX_VALUE_LENGTH = 4096;
  public static final int MAX_HOME_FILES = 8;
  public static final long MAX_HOME_BYTES = 256 * 1024;

  private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

  /** Names the sandbox sets itself, or that the shells and tools it runs read. */
  public static final Set<String> RESERVED =
      Set.of(
          "PATH",
          "HOME",
          "TMPDIR",
          "USER",
          "LOGNAME",
          "SHELL",
          "PWD",
          "OLDPWD",
          "IFS",
          "ENV",
          "BASH_ENV",
          "CDPATH",
          "PS4",
          "SHELLOPTS",
          "BASHOPTS",
          "GLOBIGNORE",
          "POSIXLY_CORRECT",
          "LANG",
          "LANGUAGE",
          "NLSPATH",
          "LOCPATH",
          "GCONV_PATH",
          "HOSTALIASES",
          "TZ",
          "TZDIR");

  /** Name prefixes refused for the same reason. */
  public static final List<String> RESERVED_PREFIXES =
      List.of("LD_", "LC_", "GLIBC_", "MALLOC_", "BASH_", "TAR_", "RUNBOX_");

  public RunEnvironment {
    if (variables.size() > MAX_VARIABLES) {
      throw bad(variables.size() + " variables; at most " + MAX_VARIABLES + " are allowed");
    }
    variables.forEach(RunEnvironment::check);
    variables = Collections.unmodifiableSortedMap(new TreeMap<>(variables));
    if (homeFiles.files().size() > MAX_HOME_FILES || homeFiles.totalBytes() > MAX_HOME_BYTES) {
      throw bad(
          homeFiles.files().size()
              + " home files of "
              + homeFiles.totalBytes()
              + " bytes; at most "
              + MAX_HOME_FILES
              + " files of "
              + MAX_HOME_BYTES
              + " bytes in all are allowed");
    }
  }

  /** No variable, no home file: the run sees the image's environment alone. */
  public static RunEnvironment none() {
    return new RunEnvironment(Map.of(), new FileSet(List.of()));
  }

  public boolean isEmpty() {
    return variables.isEmpty() && homeFiles.files().isEmpty();
  }

  /** The variables as the engine takes them, {@code NAME=value}. */
  public List<String> assignments() {
    return variables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  private static void check(String name, String value) {
    if (!NAME.matcher(name).matches()) {
      throw bad(
          "variable name '"
              + name
              + "' is not 1 to 64 upper-case letters, digits and underscores starting with a"
              + " letter or an underscore");
    }
    if (RESERVED.contains(name) || RESERVED_PREFIXES.stream().anyMatch(name::startsWith)) {
      throw bad("variable " + name + " is reserved by the sandbox");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw bad(
          "the value of "
              + name
              + " is longer than "
              + MAX_VALUE_LENGTH
              + " characters ("
              + value.length()
              + ")");
    }
    if (value.indexOf('\0') >= 0) {
      throw bad("the value of " + name + " contains a NUL character");
    }
  }

  private static InvalidRequestException bad(String why) {
    return new InvalidRequestException("environment", why);
  }
}
