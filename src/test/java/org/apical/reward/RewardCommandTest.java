package org.apical.reward;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reward commands end to end: real rig files, a real pty pair, the emulated controller. */
class RewardCommandTest {
    @TempDir Path dir;


    static CommandRun run(String... args) { return CommandRun.of(args); }

    private Path rigFor(String port) throws Exception {
        Path rig = dir.resolve("bench.yaml");
        Files.writeString(rig, """
                name: bench
                reward:
                  volume_ul: 2
                  max_valve_open_ms: 100
                  outputs:
                    - type: serial
                      name: water
                      port: %s
                      connect_timeout: 10 s # a busy machine may start the emulated controller late
                  calibration:
                    - valve: 0
                      ul_per_ms: 0.1
                      dead_ms: 1
                """.formatted(port));
        return rig;
    }

    @Test void testPulsesOnceWithTheConfiguredAmount() throws Exception {
        try (SerialRig rig = SerialRig.start(500)) {
            CommandRun r = run("reward", "test", "--rig", rigFor(rig.pty.hostEnd()).toString(), "--json");
            assertEquals(0, r.code(), r.out() + r.err());
            JsonNode o = r.json().get("outputs").get(0);
            assertEquals("water", o.get("name").asText());
            assertEquals(21, o.get("open_ms").asInt(), "2 µl at 0.1 µl/ms after 1 ms dead time");
            assertTrue(o.get("delivered").asBoolean());
            assertTrue(o.get("decision_to_ack_us").asDouble() > 0);
            assertEquals(1, rig.device.pulses().size());
            assertEquals(21, rig.device.pulses().getFirst().ms);
            assertTrue(r.json().get("ok").asBoolean());
        }
    }

    @Test void testReportsAnUnacknowledgedPulseWithExitCode1() throws Exception {
        try (SerialRig rig = SerialRig.start(500)) {
            rig.device.openReply = ValveEmulator.OpenReply.LOST;
            CommandRun r = run("reward", "test", "--rig", rigFor(rig.pty.hostEnd()).toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("NOT acknowledged"), r.out());
            assertTrue(r.out().contains("never reached the device"), r.out());
        }
    }

    @Test void calibratePulsesThenStoresTheFit() throws Exception {
        try (SerialRig rig = SerialRig.start(500)) {
            Path file = rigFor(rig.pty.hostEnd());
            CommandRun pulses = run("reward", "calibrate", "--rig", file.toString(), "--pulses", "3", "--open-ms", "5,10",
                    "--interval-ms", "60", "--json");
            assertEquals(0, pulses.code(), pulses.out() + pulses.err());
            assertEquals(6, rig.device.pulses().size());
            assertEquals(List.of(5, 5, 5, 10, 10, 10), rig.device.pulses().stream().map(p -> p.ms).toList());
            JsonNode j = pulses.json();
            assertEquals(3, j.get("sets").get(1).get("acknowledged").asInt());
            assertTrue(j.get("next").asText().contains("--write-volumes"), j.toString());
            CommandRun store = run("reward", "calibrate", "--rig", file.toString(), "--pulses", "3", "--open-ms", "5,10",
                    "--write-volumes", "0.9,2.4", "--json");
            assertEquals(0, store.code(), store.out() + store.err());
            assertEquals(0.1, store.json().get("ul_per_ms").asDouble(), 1e-9);
            assertEquals(2.0, store.json().get("dead_ms").asDouble(), 1e-9);
            var cal = RigFiles.load(file).reward().calibrationOf(0);
            assertEquals(0.1, cal.ulPerMs(), 1e-9);
            assertEquals(2.0, cal.deadMs(), 1e-9);
        }
    }

    @Test void badOptionsAndFilesAreNamed() throws Exception {
        Path file = rigFor("/dev/no-such-valve");
        CommandRun missing = run("reward", "test", "--rig", file.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains(file + ": reward.outputs[0].port: /dev/no-such-valve: no such serial port"),
                missing.err());
        CommandRun tooLong = run("reward", "calibrate", "--rig", file.toString(), "--open-ms", "20,300");
        assertEquals(2, tooLong.code());
        assertTrue(tooLong.err().contains("--open-ms 300: must be between 1 and reward.max_valve_open_ms (100.0 in "),
                tooLong.err());
        Path sim = dir.resolve("sim.yaml");
        Files.writeString(sim, "reward:\n  volume_ul: 2\n");
        CommandRun none = run("reward", "test", "--rig", sim.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains(sim + ": reward.outputs: no serial valve output"), none.err());
    }
}
