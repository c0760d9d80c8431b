package dev.runbox.core.jobs;

import java.time.Duration;

/** For metrics and autoscaling: jobs waiting and running, and how long the oldest has waited. */
public record JobCounts(long queued, long running, Duration oldestQueuedAge) {}
