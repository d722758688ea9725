package org.apical.imaging;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The frames' motion-correction shift for the operator, from its own daemon thread (never the frame or decision
 * thread, which only write {@link ShiftStats}' fields): the console's line four times a second, a terminal line every
 * 2 s. Each line is {@code raw frames: } and {@link ShiftStats#describe()} (frames received, last shift x and y in
 * pixels, mean and largest).
 */
public final class ShiftReporter {
    static final long CONSOLE_MS = 250;
    static final int TERMINAL_EVERY = 8;

    private ShiftReporter() {}

    /**
     * @param ended    true once the frame source is closed: the thread ends
     * @param terminal where the 2 s lines go (null: none)
     * @param console  takes the console's line (e.g. {@code LiveView::setImaging}; null: none)
     */
    public static Thread start(ShiftStats stats, BooleanSupplier ended, PrintStream terminal, Consumer<String> console) {
        return start(stats, () -> "", ended, terminal, console);
    }

    /** As {@link #start(ShiftStats, BooleanSupplier, PrintStream, Consumer)}, each line followed by {@code more}'s. */
    public static Thread start(ShiftStats stats, Supplier<String> more, BooleanSupplier ended, PrintStream terminal,
                               Consumer<String> console) {
        Thread t = new Thread(() -> {
            for (long tick = 1; !ended.getAsBoolean(); tick++) {
                try {
                    Thread.sleep(CONSOLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                if (stats.frames() == 0 || ended.getAsBoolean()) continue;
                String line = "raw frames: " + stats.describe() + more.get();
                if (console != null) console.accept(line);
                if (terminal != null && tick % TERMINAL_EVERY == 0) terminal.println(line);
            }
        }, "frames-console");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
