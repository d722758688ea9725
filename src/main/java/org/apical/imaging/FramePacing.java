package org.apical.imaging;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apical.lsl.LocalClock;

/** A file played at its frame rate: waits on this machine's LSL clock until a frame is due. */
final class FramePacing {
    private FramePacing() {}

    /** Waits until {@code due} (LSL clock, seconds), in steps of at most 50 ms so that a stop is seen soon. */
    static void waitUntil(double due, BooleanSupplier stopped) throws InterruptedException {
        for (double wait = due - LocalClock.now(); wait > 0 && !stopped.getAsBoolean(); wait = due - LocalClock.now()) {
            LockSupport.parkNanos((long) (Math.min(wait, 0.05) * 1e9));
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }
}
