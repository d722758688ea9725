package org.apical.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apical.core.UserException;
import org.apical.config.ValveCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storing a calibration edits only the calibration block of a real rig file and reads back. */
class RigCalibrationWriterTest {
    @TempDir Path dir;

    private static final ValveCalibration NEW = new ValveCalibration(0, 0.0734, 1.25, "today");

    @Test void replacesTheCalibrationBlockAndKeepsEverythingElse() throws Exception {
        Path rig = dir.resolve("serial-valve.yaml");
        Files.copy(Path.of("rigs/serial-valve.yaml"), rig);
        String before = Files.readString(rig);
        RigCalibrationWriter.write(rig, NEW);
        String after = Files.readString(rig);
        ValveCalibration back = RigFiles.load(rig).reward().calibrationOf(0);
        assertEquals(0.0734, back.ulPerMs(), 1e-12);
        assertEquals(1.25, back.deadMs(), 1e-12);
        assertEquals("today", back.measured());
        assertEquals(before, Files.readString(dir.resolve("serial-valve.yaml.bak")), "the old file is kept");
        // Every line outside the calibration block is unchanged, comments included.
        List<String> kept = before.lines().filter(l -> !l.contains("ul_per_ms") && !l.contains("dead_ms")
                && !l.contains("measured:")).toList();
        for (String l : kept) assertTrue(after.contains(l), "lost line: " + l);
        assertEquals(before.lines().count(), after.lines().count());
    }

    @Test void addsACalibrationBlockWhereThereIsNone() throws Exception {
        Path rig = dir.resolve("r.yaml");
        Files.writeString(rig, """
                name: r   # a comment
                reward:
                    volume_ul: 3
                    outputs:
                        - type: serial
                          port: /dev/ttyACM0
                    # the valve is under the lick port

                screen:
                    index: 0
                """);
        RigCalibrationWriter.write(rig, NEW);
        String after = Files.readString(rig);
        assertTrue(after.contains("""
                          port: /dev/ttyACM0
                    calibration:
                      - valve: 0
                        ul_per_ms: 0.0734
                        dead_ms: 1.25
                        measured: "today"
                    # the valve is under the lick port
                """), after);
        assertTrue(after.startsWith("name: r   # a comment\n"));
        assertEquals(0.0734, RigFiles.load(rig).reward().calibrationOf(0).ulPerMs(), 1e-12);
    }

    @Test void keepsOtherValvesAndAddsARewardSectionIfMissing() throws Exception {
        Path rig = dir.resolve("two.yaml");
        Files.writeString(rig, """
                reward:
                  calibration:
                  - valve: 1
                    ul_per_ms: 0.2
                  - valve: 0
                    ul_per_ms: 0.5
                  max_per_session: 10
                """);
        RigCalibrationWriter.write(rig, NEW);
        var r = RigFiles.load(rig).reward();
        assertEquals(0.2, r.calibrationOf(1).ulPerMs());
        assertEquals(0.0734, r.calibrationOf(0).ulPerMs());
        assertEquals(10, r.maxPerSession());
        Path bare = dir.resolve("bare.yaml");
        Files.writeString(bare, "name: bare\n");
        RigCalibrationWriter.write(bare, NEW);
        assertEquals(0.0734, RigFiles.load(bare).reward().calibrationOf(0).ulPerMs());
    }

    @Test void refusesALayoutItCannotEditAndSaysWhatToPaste() throws Exception {
        Path rig = dir.resolve("flow.yaml");
        Files.writeString(rig, "reward: {volume_ul: 3}\n");
        UserException e = assertThrows(UserException.class, () -> RigCalibrationWriter.write(rig, NEW));
        assertTrue(e.getMessage().contains("add this under reward: by hand"), e.getMessage());
        assertTrue(e.getMessage().contains("ul_per_ms: 0.0734"), e.getMessage());
        assertEquals("reward: {volume_ul: 3}\n", Files.readString(rig), "the file is untouched");
    }

    @Test void fitsSlopeAndDeadTimeFromWeighings() {
        // 100 pulses; true valve: 0.08 µl/ms after 2 ms dead time.
        CalibrationFit f = CalibrationFit.of(new double[] {20, 40, 80}, 100, new double[] {144, 304, 624});
        assertEquals(0.08, f.ulPerMs(), 1e-9);
        assertEquals(2.0, f.deadMs(), 1e-9);
        CalibrationFit one = CalibrationFit.of(new double[] {50}, 10, new double[] {40});
        assertEquals(0.08, one.ulPerMs(), 1e-12);
        assertEquals(0, one.deadMs());
        assertThrows(IllegalArgumentException.class,
                () -> CalibrationFit.of(new double[] {20, 40}, 10, new double[] {50, 30}));
    }
}
