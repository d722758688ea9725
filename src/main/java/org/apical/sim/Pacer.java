package org.apical.sim;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a source on the wall clock: real time, N× real time, or not at all ("max": as fast as the pipeline
 * takes frames). Only sources pace; the pipeline itself never reads the wall clock for decisions.
 */
public final class Pacer {
    private final double speed;
    private long startNanos = -1;

    /** @param speed 1 = real time, N = N× faster, {@code Double.POSITIVE_INFINITY} = no pacing */
    public Pacer(double speed) {
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be above 0, got " + speed);
        this.speed = speed;
    }

    /** Parses "realtime", "max", "10x" or "10". */
    public static Pacer parse(String text) {
        String s = text.trim().toLowerCase();
        if (s.equals("realtime") || s.equals("real-time") || s.equals("1x")) return new Pacer(1);
        if (s.equals("max")) return new Pacer(Double.POSITIVE_INFINITY);
        try {
            double v = Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s);
            if (v > 0 && Double.isFinite(v)) return new Pacer(v);
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--speed must be realtime, max or a multiple like 10x; found '" + text + "'");
    }

    public boolean unpaced() { return Double.isInfinite(speed); }

    public double speed() { return speed; }

    /** Waits until stream time {@code seconds} (from the stream's start) is due. */
    public void awaitStreamTime(double seconds) throws InterruptedException {
        if (unpaced()) return;
        long now = System.nanoTime();
        if (startNanos < 0) startNanos = now;
        long due = startNanos + (long) (seconds / speed * 1e9);
        while (true) {
            long wait = due - System.nanoTime();
            if (wait <= 0) return;
            if (Thread.interrupted()) throw new InterruptedException();
            LockSupport.parkNanos(wait);
        }
    }
}
