package org.apical.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.apical.CommandRun;
import org.junit.jupiter.api.Test;

/** A small {@code bench pilot} runs every stage and prints its figures (the figures themselves are not asserted). */
class BenchPilotCommandTest {
    @Test
    void aSmallBenchPrintsTheOpenLoopAndTheSweep() throws Exception {
        CommandRun r = CommandRun.of("bench", "pilot", "--minutes", "2", "--rois", "50", "--settings", "2", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals(3600, j.get("frames").asInt());
        assertEquals(8, j.get("sweep_settings").asInt(), "three fields of two values each");
        for (String f : new String[] {"open_loop_s", "open_loop_warm_s", "sweep_s", "sweep_1_thread_s", "speedup",
                "sweep_cpu_s"}) {
            assertTrue(j.get(f).asDouble() > 0, f + " in " + j);
        }
        assertTrue(r.out().contains("open-loop sweep of 8 settings"), r.out());
    }
}
