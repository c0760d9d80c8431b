package dev.runbox.app;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service's life cycle: start the graph {@link Wiring} built, then stop it in
 * order on SIGTERM/SIGINT ({@link Runbox#close()}).
 */
final class Service {
  private static final Logger log = LoggerFactory.getLogger(Service.class);

  private Service() {}

  static void runUntilStopped(Runbox runbox) throws InterruptedException {
    runbox.start();
    log.info(
        "runbox listening on http://{}:{} ({} images, instance {})",
        runbox.config().server().host(),
        runbox.port(),
        runbox.catalog().all().size(),
        runbox.config().docker().instanceId());
    if (!runbox.readiness().check().ready()) {
      log.warn("not ready yet: {}", runbox.readiness().check().problems());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("runbox-shutdown")
                .unstarted(
                    () -> {
                      log.info("stopping: no new requests; waiting for running ones");
                      runbox.close();
                      log.info("stopped");
                      stopped.countDown();
                    }));
    stopped.await();
  }
}
