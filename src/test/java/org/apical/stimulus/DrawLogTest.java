package org.apical.stimulus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.apical.core.Display;
import org.junit.jupiter.api.Test;

class DrawLogTest {
    @Test
    void drainsInOrderAndCountsWhatAFullRingCouldNotTake() {
        DrawLog log = new DrawLog(5);
        assertEquals(8, log.capacity());
        for (int i = 0; i < 6; i++) log.record(i, 100 + i, i * 10, i * 10 + 3, i, Display.GRATING, i % 2 == 0);
        List<Long> frames = new ArrayList<>();
        assertEquals(6, log.drain((d, p, a, n, angle, display, diode) -> frames.add(p)));
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L), frames);
        assertEquals(0, log.drain((d, p, a, n, angle, display, diode) -> frames.add(p)));
        for (int i = 0; i < 8; i++) log.record(i, 200 + i, 0, 0, 0, Display.GREY, false);
        assertFalse(log.record(9, 999, 0, 0, 0, Display.GREY, false), "full: the new entry is refused, not an old one");
        assertEquals(1, log.dropped());
        frames.clear();
        log.drain((d, p, a, n, angle, display, diode) -> frames.add(p));
        assertEquals(200L, frames.getFirst());
        assertEquals(207L, frames.getLast());
        assertEquals(14, log.written());
    }

    @Test
    void concurrentReaderSeesEveryEntryExactlyOnce() throws Exception {
        DrawLog log = new DrawLog(64);
        int n = 200_000;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                while (!log.record(i, i, i, i, i, Display.GRATING, false)) Thread.onSpinWait();
            }
        });
        long[] next = {0};
        boolean[] ok = {true};
        writer.start();
        while (next[0] < n) {
            log.drain((d, p, a, t, angle, display, diode) -> {
                if (p != next[0] || a != p || angle != p) ok[0] = false;
                next[0]++;
            });
        }
        writer.join();
        assertEquals(n, next[0]);
        assertEquals(true, ok[0], "entries arrive whole and in order");
    }
}
