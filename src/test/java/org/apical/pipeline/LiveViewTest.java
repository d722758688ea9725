package org.apical.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apical.core.Display;
import org.apical.core.TaskState;
import org.junit.jupiter.api.Test;
import org.apical.core.Frame;

/**
 * The view's lock under a real race: one writer publishing as fast as it can (as the monitor does), readers taking
 * snapshots all the while (as the console and the stimulus window do). Every field of frame i is derived from i, so
 * a snapshot mixing two publications is seen at once.
 */
class LiveViewTest {
    static final int FRAMES = 1_000_000, READERS = 2;
    static final Display[] DISPLAYS = Display.values();
    static final TaskState[] STATES = TaskState.values();

    @Test
    void everySnapshotIsOnePublishedFrame() throws Exception {
        LiveView view = new LiveView();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] snapshots = new long[READERS];
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            int id = r;
            readers.add(Thread.ofPlatform().name("reader-" + r).start(() -> {
                LiveView.Snapshot s = new LiveView.Snapshot();
                long last = -1;
                try {
                    boolean more = true;
                    while (more) {
                        more = writing.get(); // one last read after the writer finished
                        view.read(s);
                        if (s.frame >= 0) assertConsistent(s);
                        if (s.frame < last) throw new AssertionError("frame " + last + ", then " + s.frame);
                        last = s.frame;
                        snapshots[id]++;
                    }
                    assertEquals(FRAMES, s.frame, "the last publication is seen");
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        Thread writer = Thread.ofPlatform().name("writer").start(() -> {
            Frame f = new Frame(1);
            for (long i = 1; i <= FRAMES; i++) {
                f.sequence = i;
                f.timestamp = i * 0.5;
                f.plus = i;
                f.minus = -i;
                f.cursor = i + 0.25;
                f.angle = i * 2.0;
                f.display = DISPLAYS[(int) (i % DISPLAYS.length)];
                f.state = STATES[(int) (i % STATES.length)];
                f.trial = (int) i;
                f.arrivalNanos = i * 1000;
                view.publish(f, i * 3.0, (int) i + 1, (int) i + 2, (int) i + 3);
            }
            writing.set(false);
        });
        writer.join();
        for (Thread t : readers) t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        for (long n : snapshots) assertTrue(n > 0);
    }

    /** Checked without building a message first, so that readers read as often as they can. */
    static void assertConsistent(LiveView.Snapshot s) {
        long i = s.frame;
        boolean ok = s.timestamp == i * 0.5 && s.plus == i && s.minus == -i && s.cursor == i + 0.25
                && s.angle == i * 2.0 && s.display == DISPLAYS[(int) (i % DISPLAYS.length)]
                && s.state == STATES[(int) (i % STATES.length)] && s.trial == (int) i && s.stateSeconds == i * 3.0
                && s.trials == (int) i + 1 && s.hits == (int) i + 2 && s.rewards == (int) i + 3
                && s.arrivalNanos == i * 1000;
        if (!ok) {
            throw new AssertionError("torn snapshot of frame " + i + ": timestamp " + s.timestamp + ", plus " + s.plus
                    + ", minus " + s.minus + ", cursor " + s.cursor + ", angle " + s.angle + ", display " + s.display
                    + ", state " + s.state + ", trial " + s.trial + ", state seconds " + s.stateSeconds + ", trials "
                    + s.trials + ", hits " + s.hits + ", rewards " + s.rewards + ", arrival " + s.arrivalNanos);
        }
    }
}
