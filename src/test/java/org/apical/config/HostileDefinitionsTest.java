package org.apical.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definition files a careless or hostile hand wrote: each is refused with its file, line or field named. */
class HostileDefinitionsTest {
    static final String RIG = "input: {source: sim}\nsim: {neurons: 10}\n";
    static final String DECODER = "ensembles: {plus: [0, 1], minus: [2, 3]}\ntask: {baseline: 0 s}\n"
            + "calibration: {auto: false, floor: 0, threshold: 1}\n";
    static final String STIM = "angles: {start: 0, target: 90}\n";

    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String refusal(String rig, String decoder, String stim) throws IOException {
        Path r = write("rig.yaml", rig), d = write("decoder.yaml", decoder), s = write("stim.yaml", stim);
        return assertThrows(ConfigException.class, () -> Definitions.load(r, d, s)).getMessage();
    }

    @Test
    void aDuplicatedKeyNamesTheFileTheLineAndTheKey() throws IOException {
        String m = refusal(RIG, DECODER, "angles:\n  start: 0\n  target: 90\n  target: 45\n");
        assertTrue(m.contains("stim.yaml") && m.contains("line 4") && m.contains("'target'"), m);
        String top = refusal(RIG, DECODER + "mapping: {mode: position}\nmapping: {mode: velocity}\n", STIM);
        assertTrue(top.contains("decoder.yaml") && top.contains("'mapping'") && top.contains("line 5"), top);
        assertThrows(ConfigException.class, () -> Definitions.parseDecoder(
                "ensembles: {plus: [0], minus: [1]}\nsmoothing_frames: 3\nsmoothing_frames: 4\n", "d.yaml"));
    }

    @Test
    void anEmptyRigOrStimulusFileIsRefusedNotTakenAsAllDefaults() throws IOException {
        String rig = refusal("# nothing yet\n\n", DECODER, STIM);
        assertTrue(rig.contains("rig.yaml") && rig.contains("empty"), rig);
        String stim = refusal(RIG, DECODER, "");
        assertTrue(stim.contains("stim.yaml") && stim.contains("empty"), stim);
        // all defaults on purpose is written as an empty mapping
        Definitions.load(write("r.yaml", "{}\n"), write("d.yaml", DECODER), write("s.yaml", STIM));
    }

    @Test
    void binaryGarbageIsNamedAsNotText() throws IOException {
        Path r = dir.resolve("rig.yaml");
        Files.write(r, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28, 10});
        Path d = write("decoder.yaml", DECODER), s = write("stim.yaml", STIM);
        String m = assertThrows(ConfigException.class, () -> Definitions.load(r, d, s)).getMessage();
        assertTrue(m.contains("rig.yaml") && m.contains("not UTF-8 text"), m);
        assertFalse(m.contains("Input length"), m);
    }

    @Test
    void aWindowThatWouldNotFitInMemoryIsRefusedBeforeStart() throws IOException {
        String m = refusal(RIG, DECODER + "normalise: {window: 2000000000 frames}\n", STIM);
        assertTrue(m.contains("decoder.yaml") && m.contains("normalise.window"), m);
        String baseline = refusal(RIG, "ensembles: {plus: [0, 1], minus: [2, 3]}\ntask: {baseline: 100000000 s}\n",
                STIM);
        assertTrue(baseline.contains("task.baseline"), baseline);
        String ring = refusal("input: {source: sim}\nsim: {neurons: 100000}\npipeline: {ring_size: 1048576}\n",
                DECODER, STIM);
        assertTrue(ring.contains("pipeline.ring_size"), ring);
    }

    @Test
    void aZeroStallTimeoutIsRefused() throws IOException {
        String m = refusal(RIG + "reward: {stall_timeout: 0 s}\n", DECODER, STIM);
        assertTrue(m.contains("rig.yaml: reward.stall_timeout"), m);
        String frames = refusal(RIG + "reward: {stall_timeout: 0 frames}\n", DECODER, STIM);
        assertTrue(frames.contains("reward.stall_timeout"), frames);
        String resolve = refusal("input: {source: lsl, stream: {name: x}, resolve_timeout: 0 s}\n", DECODER, STIM);
        assertTrue(resolve.contains("input.resolve_timeout"), resolve);
    }

    @Test
    void dryRunRefusesWhatTheSessionWouldRefuseAtStart() throws IOException {
        Path r = write("rig.yaml", RIG + "reward: {stall_timeout: 0 s}\n");
        Path d = write("decoder.yaml", DECODER + "normalise: {window: 2000000000 frames}\n");
        Path s = write("stim.yaml", STIM);
        CommandRun run = CommandRun.of("run", "--dry-run", "--rig", r.toString(), "--decoder", d.toString(),
                "--stimulus", s.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("normalise.window") && run.err().contains("reward.stall_timeout"), run.err());
        assertFalse(run.err().contains("internal error"), run.err());
    }
}
