package org.apical.lsl;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition instead of sleeping for a guessed time. The limit only guards against a hang: it is generous
 * so that a busy machine never fails a test that would pass given the time.
 */
public final class Await {
    public static final double DEFAULT_LIMIT_SECONDS = 30;

    private Await() {}

    public static void until(String what, BooleanSupplier condition) { until(what, DEFAULT_LIMIT_SECONDS, condition); }

    public static void until(String what, double limitSeconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + (long) (limitSeconds * 1e9);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) fail("still waiting after " + limitSeconds + " s for: " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
