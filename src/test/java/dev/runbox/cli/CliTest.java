package dev.runbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.app.Runbox;
import dev.runbox.app.Wiring;
import dev.runbox.config.ConfigException;
import dev.runbox.config.ConfigKey;
import dev.runbox.config.ConfigKeys;
import dev.runbox.config.ConfigLoader;
import dev.runbox.config.RunboxConfig;
import dev.runbox.core.FakeSandbox;
import dev.runbox.core.FileSet;
import dev.runbox.core.RunService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.images.CatalogBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;

  /** A launcher that must never be reached: these tests stop at parsing and validation. */
  private static final Launcher UNREACHABLE =
      new Launcher() {
        @Override
        public RunboxConfig config(Optional<Path> file, Map<String, String> flags) {
          return ConfigLoader.load(file, Map.of(), flags);
        }

        @Override
        public Session open(RunboxConfig config) {
          throw new AssertionError("no engine in a unit test");
        }

        @Override
        public void serve(RunboxConfig config) {
          throw new AssertionError("no service in a unit test");
        }
      };

  @Test
  void readsSizesLikeDockerDoes() {
    assertThat(RunCommand.Sizes.mib("128m", "--memory")).isEqualTo(128);
    assertThat(RunCommand.Sizes.mib("1g", "--memory")).isEqualTo(1024);
    assertThat(RunCommand.Sizes.mib("256", "--memory")).isEqualTo(256);
    assertThat(RunCommand.Sizes.kib("50k", "--output")).isEqualTo(50);
    assertThat(RunCommand.Sizes.mib("64MiB", "--disk")).isEqualTo(64);
    assertThatThrownBy(() -> RunCommand.Sizes.mib("lots", "--memory"))
        .hasMessageContaining("--memory: not a size: 'lots'");
  }

  @Test
  void sendsTheRegularFilesOfTheFolderWithTheirExecutableBit() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("a.txt"), "a");
    Path run = Files.writeString(dir.resolve("sub/run.sh"), "echo");
    run.toFile().setExecutable(true);

    FileSet files = RunCommand.readDir(dir);

    assertThat(files.files())
        .extracting(f -> f.path() + ":" + f.executable())
        .containsExactly("a.txt:false", "sub/run.sh:true");
  }

  @Test
  void refusesASymlinkInTheFolderRatherThanFollowingIt() throws Exception {
    Files.createSymbolicLink(dir.resolve("shadow"), Path.of("/etc/shadow"));
    assertThatThrownBy(() -> RunCommand.readDir(dir)).hasMessageContaining("is a symbolic link");
  }

  @Test
  void aBadFlagOrABadConfigurationValueExitsWith2() {
    StringWriter err = new StringWriter();
    var cl = RunboxCommand.create(UNREACHABLE);
    cl.setErr(new PrintWriter(err));

    assertThat(cl.execute("run", "--image")).isEqualTo(RunboxCommand.USAGE);
    assertThat(cl.execute("--set", "port=http", "serve")).isEqualTo(RunboxCommand.USAGE);
    assertThat(err.toString()).contains("port must be a whole number");
  }

  @Test
  void aMistakeOnTheCommandLineExitsWith2AndAnyOtherFailureWith1() throws Exception {
    StringWriter err = new StringWriter();
    var cl = RunboxCommand.create(UNREACHABLE);
    cl.setErr(new PrintWriter(err));

    assertThat(cl.execute("run", "--image", "python", dir.resolve("missing").toString()))
        .isEqualTo(RunboxCommand.USAGE);
    assertThat(cl.execute("run", "--image", "python", "--memory", "lots", dir.toString()))
        .isEqualTo(RunboxCommand.USAGE);
    assertThat(
            RunboxCommand.callerMistake(
                new IllegalArgumentException("a bug, not a caller mistake")))
        .isFalse();
    assertThat(
            RunboxCommand.callerMistake(new ConfigException("port", "port must be a whole number")))
        .isTrue();
    assertThat(err.toString()).contains("is not a folder", "--memory: not a size: 'lots'");
  }

  @Test
  void helpOfServeAndRunListsTheConfigurationKeysWithTheirDefaults() {
    for (String command : new String[] {"serve", "run"}) {
      StringWriter out = new StringWriter();
      var cl = RunboxCommand.create(UNREACHABLE);
      cl.setOut(new PrintWriter(out));

      assertThat(cl.execute(command, "--help")).isZero();
      assertThat(out.toString())
          .contains("--set KEY=VALUE", "max_running=4", "limits.max.time_s=120", "outer_grace_s=5")
          .contains(ConfigKeys.all().stream().map(ConfigKey::name).toList());
    }
  }

  @Test
  void refusesToServeAnExposedAddressWithoutTokens() {
    StringWriter err = new StringWriter();
    var cl =
        RunboxCommand.create(
            new Launcher() {
              @Override
              public RunboxConfig config(Optional<Path> file, Map<String, String> flags) {
                return UNREACHABLE.config(file, flags);
              }

              @Override
              public Session open(RunboxConfig config) {
                return UNREACHABLE.open(config);
              }

              @Override
              public void serve(RunboxConfig config) {
                config.server().checkExposure();
                throw new AssertionError("should have been refused");
              }
            });
    cl.setErr(new PrintWriter(err));

    assertThat(cl.execute("serve", "--host", "0.0.0.0")).isEqualTo(RunboxCommand.USAGE);
    assertThat(err.toString()).contains("refusing to listen on 0.0.0.0 without tokens");
  }

  @Test
  void refusesAFolderWithMoreFilesThanTheServiceAcceptsWithExit2() throws Exception {
    for (String name : List.of("a", "b", "c")) {
      Files.writeString(dir.resolve(name), name);
    }
    FakeSandbox sandbox = new FakeSandbox();
    StringWriter err = new StringWriter();
    var cl =
        RunboxCommand.create(
            new Launcher() {
              @Override
              public RunboxConfig config(Optional<Path> file, Map<String, String> flags) {
                return UNREACHABLE.config(file, flags);
              }

              @Override
              public Session open(RunboxConfig config) {
                Runbox runbox =
                    Wiring.of(config).catalog(Path.of("images")).sandbox(sandbox).oneShot();
                return new Session() {
                  @Override
                  public RunService runs() {
                    return runbox.runs();
                  }

                  @Override
                  public JudgeService judges() {
                    return runbox.judges();
                  }

                  @Override
                  public CatalogBuilder images() {
                    throw new AssertionError("no images in this test");
                  }

                  @Override
                  public void close() {}
                };
              }

              @Override
              public void serve(RunboxConfig config) {
                throw new AssertionError("no service in a unit test");
              }
            });
    cl.setErr(new PrintWriter(err));

    assertThat(cl.execute("--set", "max_files=2", "run", "--image", "tiny", dir.toString()))
        .isEqualTo(RunboxCommand.USAGE);
    assertThat(err.toString()).contains("3 files sent; at most 2 are accepted");
    assertThat(sandbox.jobs()).isEmpty();
  }
}
