package dev.runbox.core;

/**
 * An image of the catalog as the run service needs it.
 *
 * @param name the catalog name requests use ({@code python})
 * @param ref the engine's image reference ({@code runbox/python:latest})
 * @param defaultCommand run when the request gives none
 */
public record ImageSpec(
    String name,
    String ref,
    String defaultCommand,
    Limits defaultLimits,
    TrafficLightRules rules) {}
