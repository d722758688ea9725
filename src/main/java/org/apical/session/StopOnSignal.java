package org.apical.session;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ends one command cleanly on SIGINT (Ctrl-C) or SIGTERM ({@code kill}, {@code timeout}, a service manager).
 *
 * <p>The JVM turns both signals into its shutdown sequence: it starts every shutdown hook at once and halts the
 * moment the last one returns, whatever the command's own threads are doing. A hook that only asks the session to
 * stop therefore lets the JVM halt before the recording has its footers and before the summary is printed. This
 * hook asks the command to stop and then holds the shutdown until the command calls {@link #close()} (session
 * ended, valves closed, file finished, summary printed), for at most {@link #BOUND}; past that it says so on stderr
 * and lets the JVM exit, so a finish that hangs never keeps the process alive.
 *
 * <p>The process then exits with the JVM's code for the signal, 128 + its number: 130 after SIGINT, 143 after
 * SIGTERM (129 after SIGHUP, a closed terminal, which the JVM handles the same way). Valves do not wait for any of this: {@link org.apical.reward.ValveShutdownHook} closes them at once, in
 * its own hook.
 */
public final class StopOnSignal implements AutoCloseable {
    /** How long a signalled command may take to finish before the process exits anyway. */
    public static final Duration BOUND = Duration.ofSeconds(10);

    private final Supplier<String> what;
    private final Runnable stop;
    private final Duration bound;
    private final CountDownLatch finished = new CountDownLatch(1);
    final Thread hook;
    private volatile boolean signalled;

    StopOnSignal(Supplier<String> what, Runnable stop, Duration bound) {
        this.what = what;
        this.stop = stop;
        this.bound = bound;
        this.hook = Thread.ofPlatform().name("apical-stop-on-signal").unstarted(this::onShutdown);
    }

    /**
     * Installs the hook for one command invocation; close it (try-with-resources) once everything the command prints
     * is printed.
     *
     * @param what names what is being stopped, for the messages ("the session, recording to x.xdf")
     * @param stop asks the command to end; called from the hook's thread, must return at once
     */
    public static StopOnSignal install(Supplier<String> what, Runnable stop) {
        StopOnSignal s = new StopOnSignal(what, stop, BOUND);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** True once the process has been asked to exit (the command is being stopped). */
    public boolean signalled() { return signalled; }

    /** The hook's work (package-private for tests: it cannot be run in-process by a real signal). */
    void onShutdown() {
        signalled = true;
        System.err.println("apical: asked to exit (Ctrl-C, SIGTERM or SIGHUP): stopping " + what.get());
        try {
            stop.run();
        } catch (RuntimeException e) {
            System.err.println("apical: stopping " + what.get() + " failed: " + e);
        }
        boolean done;
        try {
            done = finished.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            done = false;
        }
        if (!done) {
            System.err.println("apical: " + what.get() + " did not finish within " + bound.toSeconds()
                    + " s of the signal; exiting without it (a recording may lack its stream footers; it stays"
                    + " readable up to its last flush)");
        }
    }

    /** The command has finished: lets a signalled JVM exit now, or removes the hook after a normal end. */
    @Override public void close() {
        System.out.flush();
        System.err.flush();
        finished.countDown();
        if (signalled) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM started shutting down after the last check: the hook finds the latch released and returns
        }
    }
}
