package org.apical.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.CommandRun;
import org.apical.imaging.FrameGeometry;
import org.apical.imaging.SyntheticFrames;
import org.apical.imaging.TiffStack;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apical run} on raw frames, as a user runs it: a rig file with {@code input.source: frames} and a TIFF stack
 * played as fast as possible; the session reads the ROI means in process, records them with the shifts and frame
 * numbers, and counts every frame.
 */
class FramesRunTest {
    static final FrameGeometry G = new FrameGeometry(96, 128, 30);
    static final int PAGES = 40;
    static final int LOOPS = 30;

    @TempDir Path dir;

    private Path rig(String extra) throws Exception {
        SyntheticFrames scene = new SyntheticFrames(G, 40, 3);
        List<short[]> pages = new ArrayList<>();
        for (int k = 0; k < PAGES; k++) {
            short[] f = new short[G.pixelCount()];
            scene.render(shift(k)[0], shift(k)[1], null, f);
            pages.add(f);
        }
        TiffStack.write(dir.resolve("stack.tif"), G.lines(), G.pixels(), pages);
        StringBuilder rois = new StringBuilder("rois:\n");
        var list = scene.rois(12, 3);
        for (var r : list) {
            double cx = r.centreX() + 0.5, cy = r.centreY() + 0.5;
            rois.append(String.format(java.util.Locale.ROOT, "  - {name: %s, x: [%.1f, %.1f, %.1f, %.1f], y: [%.1f, %.1f, %.1f, %.1f]}%n",
                    r.name(), cx - 3, cx + 3, cx + 3, cx - 3, cy - 3, cy - 3, cy + 3, cy + 3));
        }
        Files.writeString(dir.resolve("rois.yaml"), rois.toString());
        Path rig = dir.resolve("frames-rig.yaml");
        Files.writeString(rig, """
                name: frames-test
                input:
                  source: frames
                  scope: machine
                frames:
                  from: tiff
                  file: stack.tif
                  play: fast
                  loops: %d
                  reference: {frames: 1}
                  motion: {grid: [2, 2], patch_size: 40, max_shift: 8}
                  rois:
                    file: rois.yaml
                    roles:
                      - {roi: cell0, type: soma, neuron: a}
                      - {roi: cell1, type: dendrite, neuron: a}
                  publish: {lsl: false}
                reward:
                  outputs:
                    - type: simulated
                recording:
                  enabled: true
                  folder: %s
                %s""".formatted(LOOPS, dir.resolve("rec").toString().replace('\\', '/'), extra));
        return rig;
    }

    static double[] shift(int page) { return new double[] {2 * Math.sin(page * 0.5), 1.5 * Math.cos(page * 0.3) - 1.5}; }

    @Test
    void aSessionRunsOnTiffFramesAndRecordsRoiMeansShiftsAndEveryFrame() throws Exception {
        Path rig = rig("");
        CommandRun r = CommandRun.of("run", "--rig", rig.toString(), "--decoder", "decoders/default.yaml",
                "--stimulus", "stimuli/grating.yaml", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("raw frames (tiff "), r.out());
        String[] lines = r.out().strip().split("\n");
        JsonNode j = Json.mapper().readTree(lines[lines.length - 1]);
        assertEquals(PAGES * LOOPS, j.get("frames").asLong());
        assertEquals(0, j.get("dropped").asLong());
        Path file;
        try (var files = Files.list(dir.resolve("rec"))) {
            file = files.filter(p -> p.toString().endsWith(".xdf")).findFirst().orElseThrow();
        }
        XdfFile xdf = XdfReader.read(file);
        XdfStream rois = xdf.stream("ApicalROIs");
        assertEquals(PAGES * LOOPS, rois.samples());
        int n = 12;
        assertEquals(n + 3, rois.header().channelCount());
        for (int k = 0; k < rois.samples(); k++) {
            assertEquals(k, rois.value(k, n + 2), "frame number");
            if (k == 0) continue; // the reference frame
            double[] s = shift(k % PAGES);
            double[] s0 = shift(0); // shifts are against the first frame, the reference
            assertEquals(s[0] - s0[0], rois.value(k, n), 0.1, "x shift of frame " + k);
            assertEquals(s[1] - s0[1], rois.value(k, n + 1), 0.1, "y shift of frame " + k);
        }
        var channels = rois.header().desc().child("channels").children("channel");
        assertEquals("soma", channels.get(0).childText("type"));
        assertEquals("a", channels.get(1).childText("neuron"));
    }

    @Test
    void aRigFileWithABadFramesSectionIsRefusedNamingTheField() throws Exception {
        Path rig = rig("");
        Files.writeString(rig, Files.readString(rig).replace("patch_size: 40", "patch_sise: 40"));
        CommandRun r = CommandRun.of("run", "--rig", rig.toString(), "--decoder", "decoders/default.yaml",
                "--stimulus", "stimuli/grating.yaml", "--dry-run");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("frames.motion.patch_sise: unknown field (did you mean 'patch_size'?)"), r.err());
    }

    @Test
    void aDryRunChecksTheDecoderAgainstTheRoisTheFramesWillGive() throws Exception {
        Path rig = rig("");
        CommandRun ok = CommandRun.of("run", "--rig", rig.toString(), "--decoder", "decoders/default.yaml",
                "--stimulus", "stimuli/grating.yaml", "--dry-run", "--json");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        JsonNode j = ok.json();
        assertEquals("done", j.get("stream_check").asText(), ok.out());
        assertTrue(j.get("stream_check_detail").asText().contains("(15 channels, 30"), ok.out());

        Path decoder = dir.resolve("too-far.yaml");
        Files.writeString(decoder, Files.readString(Path.of("decoders/default.yaml"))
                .replace("minus: [5, 6, 7, 8, 9]", "minus: [5, 6, 7, 8, 20]"));
        CommandRun bad = CommandRun.of("run", "--rig", rig.toString(), "--decoder", decoder.toString(),
                "--stimulus", "stimuli/grating.yaml", "--dry-run");
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("20"), bad.err());
    }
}
