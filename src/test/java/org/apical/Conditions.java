package org.apical;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting on a condition instead of sleeping: a test proceeds the moment the condition holds, and fails (naming
 * what it waited for) only when it never does within a bound generous enough for a busy 2-core machine.
 */
public final class Conditions {
    private Conditions() {}

    public static final long DEFAULT_TIMEOUT_MS = 60_000;

    public static void await(String what, BooleanSupplier condition) { await(what, DEFAULT_TIMEOUT_MS, condition); }

    public static void await(String what, long timeoutMs, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            LockSupport.parkNanos(200_000);
        }
    }
}
