package dev.runbox.core;

import dev.runbox.core.FakeSandbox.Program;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake keeps the sandbox's promises for the programs it plays, so tests built on it hold for
 * the real one.
 */
class FakeSandboxContractTest extends SandboxContract {
  private final FakeSandbox fake = new FakeSandbox();
  private final AtomicInteger programs = new AtomicInteger();

  @Override
  protected Sandbox sandbox() {
    return fake;
  }

  @Override
  protected String imageRef() {
    return "runbox/fake:latest";
  }

  @Override
  protected String command(Program program) {
    return fake.program("program-" + programs.incrementAndGet(), program);
  }
}
