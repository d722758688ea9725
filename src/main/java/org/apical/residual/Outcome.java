package org.apical.residual;

/** A trial end: {@code hit} for a rewarded trial end, {@code !hit} for a time-out. Time in seconds. */
public record Outcome(double time, boolean hit) {}
