package org.apical.pilot;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress bar on standard error for a long job ({@code [#####.....] 412/1000 runs, 3.1 s}), redrawn at most
 * five times a second by whichever run finishes, so it costs the runs nothing.
 */
public final class Progress {
    private final PrintStream err;
    private final String what;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final long start = System.nanoTime();
    private volatile long lastDrawn;

    private Progress(PrintStream err, String what, int total) {
        this.err = err;
        this.what = what;
        this.total = total;
    }

    public static Progress on(PrintStream err, String what, int total) { return new Progress(err, what, total); }

    public static Progress none() { return new Progress(null, "", 0); }

    void step() {
        int d = done.incrementAndGet();
        long now = System.nanoTime();
        if (err != null && now - lastDrawn > 200_000_000L) {
            lastDrawn = now;
            draw(d, false);
        }
    }

    void finish() {
        if (err != null) draw(done.get(), true);
    }

    private synchronized void draw(int d, boolean last) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) d * width / total);
        err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d, %.1f s%s", what, "#".repeat(filled), ".".repeat(width - filled), d,
                total, (System.nanoTime() - start) / 1e9, last ? "\n" : "");
        err.flush();
    }
}
