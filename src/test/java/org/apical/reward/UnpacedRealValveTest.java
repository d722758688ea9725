package org.apical.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reward gate's minimum interval runs on the stream's own clock, so a demo at --speed max would pulse a real
 * valve as fast as the machine decides (seen: a simulated rig with a serial valve output was accepted unpaced). A demo
 * faster than real time refuses any output that is not simulated, before a port is opened.
 */
class UnpacedRealValveTest {
    @TempDir Path dir;

    @Test
    void anUnpacedDemoRefusesARealValveAndNamesIt() throws Exception {
        String rig = Files.readString(Path.of("rigs/sim.yaml")).replaceAll("(?s)  outputs:\\n    - type: simulated",
                "  outputs:\n    - type: serial\n      name: water valve\n      port: /dev/null-not-a-port\n"
                        + "  calibration:\n    - valve: 0\n      ul_per_ms: 0.08\n      dead_ms: 2");
        assertTrue(rig.contains("type: serial"), "the rig file was rewritten: " + rig);
        Path file = dir.resolve("real-valve.yaml");
        Files.writeString(file, rig);
        CommandRun run = CommandRun.of("demo", "--rig", file.toString(), "--speed", "max", "--duration", "5",
                "--no-record");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("water valve") && run.err().contains("--speed max"), run.err());
        CommandRun faster = CommandRun.of("demo", "--rig", file.toString(), "--speed", "10x", "--duration", "5",
                "--no-record");
        assertEquals(2, faster.code(), faster.out() + faster.err());
        assertTrue(faster.err().contains("--speed 10x"), faster.err());
    }
}
