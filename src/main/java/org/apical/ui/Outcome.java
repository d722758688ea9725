package org.apical.ui;

/** How one trial ended, as the console saw it. */
public record Outcome(int trial, Kind kind, double timestamp) {
    public enum Kind { HIT, TIMEOUT, FLOOR_FAIL }
}
