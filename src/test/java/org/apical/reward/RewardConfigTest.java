package org.apical.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apical.config.ConfigException;
import org.apical.config.ConfigNode;
import org.apical.config.Problems;
import org.apical.config.RewardOutputSpec;
import org.apical.config.RewardSection;
import org.apical.config.RigConfig;
import org.junit.jupiter.api.Test;

/** The reward section of a rig file: serial outputs, calibrations, and errors that name file and field. */
class RewardConfigTest {

    private static RigConfig rig(String yaml, Problems p) {
        return RigConfig.read(ConfigNode.parse(yaml, "rigs/t.yaml", p), yaml);
    }

    private static RewardSection reward(String rewardYaml) {
        Problems p = new Problems();
        RigConfig r = rig("reward:\n" + rewardYaml.indent(2), p);
        p.throwIfAny();
        return r.reward();
    }

    private static List<String> problems(String rewardYaml) {
        Problems p = new Problems();
        rig("reward:\n" + rewardYaml.indent(2), p);
        return p.all();
    }

    @Test void readsASerialOutputAndItsCalibration() {
        RewardSection r = reward("""
                volume_ul: 4
                max_valve_open_ms: 120
                outputs:
                  - type: serial
                    name: left valve
                    port: /dev/ttyACM0
                    baud: 57600
                    valve: 1
                    ack_timeout: 30 ms
                    heartbeat_interval: 0.5 s
                    heartbeat_misses: 4
                    connect_timeout: 2 s
                    max_delay: 150 ms
                calibration:
                  - valve: 1
                    ul_per_ms: 0.08
                    dead_ms: 2.5
                    measured: 2026-11-24 by JS
                """);
        RewardOutputSpec.Serial s = assertInstanceOf(RewardOutputSpec.Serial.class, r.outputs().getFirst());
        assertEquals(new RewardOutputSpec.Serial("left valve", "/dev/ttyACM0", 57_600, 1, 30, 500, 4, 2_000, 150), s);
        assertEquals("serial valve 1 on /dev/ttyACM0", s.describe());
        assertEquals(0.08, r.calibrationOf(1).ulPerMs());
        assertEquals(2.5 + 4 / 0.08, r.calibrationOf(1).openMs(4), 1e-9);
        assertEquals(null, r.calibrationOf(0));
    }

    @Test void defaultsToOneSimulatedOutput() {
        RewardSection r = reward("volume_ul: 3\n");
        assertInstanceOf(RewardOutputSpec.Simulated.class, r.outputs().getFirst());
        assertEquals(List.of(), r.calibration());
    }

    @Test void everyProblemNamesTheFileAndField() {
        List<String> p = problems("""
                volume_ul: 20
                max_valve_open_ms: 100
                outputs:
                  - type: serial
                    ack_timeout: 3 frames
                    heartbeat_interval: 2 ms
                    baudrate: 9600
                  - type: serial
                    port: /dev/ttyACM1
                  - type: serial
                    port: /dev/ttyACM1
                    name: b
                calibration:
                  - valve: 0
                    ul_per_ms: 0.1
                  - valve: 0
                    ul_per_ms: 0.2
                  - valve: 2
                """);
        String all = String.join("\n", p);
        assertTrue(all.contains("rigs/t.yaml: reward.outputs[0].port: is required"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.outputs[0].ack_timeout: must be a time like '50 ms'"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.outputs[0].heartbeat_interval: must be between 10 ms and 60000 ms, found 2 ms"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.outputs[0].baudrate: unknown field; known fields here: type, port, name, baud"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.outputs[2].port: /dev/ttyACM1 is used by two outputs"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.calibration: valve 0 is calibrated twice"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.calibration[2].ul_per_ms: is required"), all);
        assertTrue(all.contains("rigs/t.yaml: reward.volume_ul: 20 µl needs 200 ms on valve 0 (0.1 µl/ms), more than max_valve_open_ms 100"), all);
        assertEquals(1, p.stream().filter(l -> l.contains("volume_ul")).count(), all);
    }

    @Test void aValveWithoutCalibrationStopsTheSessionBeforeItStarts() {
        RewardSection r = reward("""
                outputs:
                  - type: serial
                    port: /dev/ttyACM7
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> RewardOutputs.open(r, "rigs/t.yaml", org.apical.lsl.LslConfig.machineOnly()));
        assertTrue(e.getMessage().startsWith("rigs/t.yaml: reward.calibration: valve 0 (output 'valve /dev/ttyACM7') "
                + "has no calibration"), e.getMessage());
    }

    @Test void aMissingControllerIsNamedWithItsField() {
        RewardSection r = reward("""
                outputs:
                  - type: simulated
                  - type: serial
                    port: /dev/no-such-controller
                calibration:
                  - valve: 0
                    ul_per_ms: 0.1
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> RewardOutputs.open(r, "rigs/t.yaml", org.apical.lsl.LslConfig.machineOnly()));
        assertTrue(e.getMessage().startsWith("rigs/t.yaml: reward.outputs[1].port: /dev/no-such-controller: no such "
                + "serial port"), e.getMessage());
    }

    @Test void theExampleRigFileReadsCleanly() throws Exception {
        Path file = Path.of("rigs/serial-valve.yaml");
        Problems p = new Problems();
        RigConfig r = RigConfig.read(ConfigNode.load(file, p), Files.readString(file));
        assertEquals(List.of(), p.all());
        assertInstanceOf(RewardOutputSpec.Serial.class, r.reward().outputs().getFirst());
        assertTrue(r.reward().calibrationOf(0) != null);
    }
}
