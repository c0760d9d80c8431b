package dev.runbox.core;

/**
 * A regular file found under /sandbox after a run: its full size and SHA-256 (for exact change
 * detection) and its content up to the cap.
 */
public record HarvestedFile(
    String path, long size, String sha256, CapturedBytes content, boolean executable) {}
