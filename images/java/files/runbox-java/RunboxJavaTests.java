import java.util.Arrays;

/**
 * runbox's java command in one JVM: javac (its own main, as the javac launcher runs it), then, when
 * the sources compiled, the JUnit console launcher (its own main, which exits with its status).
 * Arguments: javac's, then "--", then the console launcher's. javac's diagnostics and exit status
 * (1 for errors in the sources) are javac's. One JVM instead of two saves a JVM start and the
 * second JVM's compiling again the JDK code that both run.
 */
public final class RunboxJavaTests {
  private RunboxJavaTests() {}

  public static void main(String[] args) {
    int sep = Arrays.asList(args).indexOf("--");
    if (sep < 0) {
      System.err.println("usage: RunboxJavaTests JAVAC_ARGS... -- LAUNCHER_ARGS...");
      System.exit(2);
    }
    int status = com.sun.tools.javac.Main.compile(Arrays.copyOfRange(args, 0, sep));
    if (status != 0) {
      System.exit(status);
    }
    org.junit.platform.console.ConsoleLauncher.main(
        Arrays.copyOfRange(args, sep + 1, args.length));
  }
}
