package org.apical.pilot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.apical.config.Definitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pilot's decisions allocate nothing per frame either: between two frames of an open-loop run the calling thread
 * allocates what the trials' task events cost (a few objects per trial), far below one object per frame.
 */
class PilotAllocationTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void theOpenLoopDecisionPathAllocatesNothingPerFrame(@TempDir Path dir) throws Exception {
        Path file = LabRecorderFile.write(dir.resolve("scope.xdf"), "Scope2P", 20, 30_000, 9);
        PilotRecording rec = PilotRecording.read(file, null, Definitions.loadRig(ROOT.resolve("rigs/sim.yaml")));
        var defs = OpenLoop.definitions(rec, Definitions.loadDecoder(ROOT.resolve("decoders/default.yaml")), null,
                Definitions.loadStimulus(ROOT.resolve("stimuli/grating.yaml")));
        PilotRun.openLoop(rec, defs, "warm-up"); // compiled code, and every channel's dF/F computed
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] bytes = new long[2];
        long id = Thread.currentThread().threadId();
        PilotRun.Result r = PilotRun.openLoop(rec, defs, "measured", false, f -> {
            if (f.sequence == 5_000) bytes[0] = mx.getThreadAllocatedBytes(id);
            if (f.sequence == 25_000) bytes[1] = mx.getThreadAllocatedBytes(id);
        });
        double perFrame = (bytes[1] - bytes[0]) / 20_000.0;
        assertTrue(perFrame < 8, "the open loop allocated " + perFrame + " bytes per frame (" + r.figures().trials()
                + " trials in the run)");
    }
}
