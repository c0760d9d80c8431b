package dev.runbox.core.jobs;

/**
 * A job a node claimed: its attempt number is the fencing token every later write of that attempt
 * carries.
 */
public record Claim(String jobId, int attempt, JobKind kind, String request) {}
