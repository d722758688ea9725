package org.apical.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apical.task.Display;
import org.apical.task.TaskState;
import org.junit.jupiter.api.Test;

/**
 * The view's lock under a real race: one writer publishing as fast as it can (as the monitor does), readers taking
 * snapshots all the while (as the console and the stimulus window do). Every field of frame i is derived from i, so
 * a snapshot mixing two publications is seen at once.
 */
class LiveViewTest {
    static final int FRAMES = 400_000, READERS = 2;
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
                        assertTrue(s.frame >= last, "frames go forward: " + last + " then " + s.frame);
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
            Frame f = new Frame(1, 0);
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

    static void assertConsistent(LiveView.Snapshot s) {
        long i = s.frame;
        String at = "snapshot of frame " + i;
        assertEquals(i * 0.5, s.timestamp, 0.0, at);
        assertEquals((double) i, s.plus, 0.0, at);
        assertEquals((double) -i, s.minus, 0.0, at);
        assertEquals(i + 0.25, s.cursor, 0.0, at);
        assertEquals(i * 2.0, s.angle, 0.0, at);
        assertEquals(DISPLAYS[(int) (i % DISPLAYS.length)], s.display, at);
        assertEquals(STATES[(int) (i % STATES.length)], s.state, at);
        assertEquals((int) i, s.trial, at);
        assertEquals(i * 3.0, s.stateSeconds, 0.0, at);
        assertEquals((int) i + 1, s.trials, at);
        assertEquals((int) i + 2, s.hits, at);
        assertEquals((int) i + 3, s.rewards, at);
        assertEquals(i * 1000, s.arrivalNanos, at);
    }
}
