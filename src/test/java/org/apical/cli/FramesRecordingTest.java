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
 * Recording the frame bridge as a user does: {@code apical frames run --record} writes the ROI stream and (with
 * {@code frames.record_raw}) the raw frames of a two-plane acquisition into an XDF that {@code apical xdf info} reads;
 * a rig with {@code frames.from: xdf} runs the bridge again on those raw frames and gets the same ROI means; and a
 * session ({@code apical run}) records the raw frames beside its input.
 */
class FramesRecordingTest {
    static final FrameGeometry G = new FrameGeometry(96, 128, 40);
    static final int VOLUMES = 12;

    @TempDir Path dir;

    static double[] shift(int plane, int volume) {
        double a = plane == 0 ? 1 : -0.7;
        return new double[] {a * 2 * Math.sin(volume * 0.5), a * (1.5 * Math.cos(volume * 0.3) - 1.5)};
    }

    /** A two-plane stack (pages cycle plane 0, 1) and YAML polygons on both planes. */
    private void files() throws Exception {
        SyntheticFrames[] scenes = {new SyntheticFrames(G, 40, 3), new SyntheticFrames(G, 40, 4)};
        List<short[]> pages = new ArrayList<>();
        for (int v = 0; v < VOLUMES; v++) {
            for (int p = 0; p < 2; p++) {
                short[] f = new short[G.pixelCount()];
                scenes[p].render(shift(p, v)[0], shift(p, v)[1], null, f);
                pages.add(f);
            }
        }
        TiffStack.write(dir.resolve("stack.tif"), G.lines(), G.pixels(), pages);
        StringBuilder rois = new StringBuilder("rois:\n");
        for (int p = 0; p < 2; p++) {
            for (var r : scenes[p].rois(6, 3)) {
                double cx = r.centreX() + 0.5, cy = r.centreY() + 0.5;
                rois.append(String.format(java.util.Locale.ROOT, "  - {name: p%d%s, plane: %d, x: [%.1f, %.1f, %.1f,"
                        + " %.1f], y: [%.1f, %.1f, %.1f, %.1f]}%n", p, r.name(), p, cx - 3, cx + 3, cx + 3, cx - 3,
                        cy - 3, cy - 3, cy + 3, cy + 3));
            }
        }
        Files.writeString(dir.resolve("rois.yaml"), rois.toString());
    }

    private Path rig(String name, String source) throws Exception {
        Path rig = dir.resolve(name + ".yaml");
        Files.writeString(rig, """
                name: %s
                input:
                  source: frames
                  scope: machine
                frames:
                %s
                  reference: {frames: 1}
                  motion: {grid: [2, 2], patch_size: 40, max_shift: 8}
                  rois:
                    file: rois.yaml
                    roles:
                      - {roi: p0cell0, type: soma, neuron: a}
                      - {roi: p1cell1, plane: 1, type: dendrite, neuron: a}
                  publish: {lsl: false}
                  record_raw: true
                reward:
                  outputs:
                    - type: simulated
                recording:
                  enabled: true
                  folder: %s
                """.formatted(name, source.indent(2).stripTrailing(), dir.resolve("rec").toString().replace('\\', '/')));
        return rig;
    }

    @Test
    void framesRunRecordsTheRoiStreamAndRawFramesAndARunOnThoseFramesGivesTheSameMeans() throws Exception {
        files();
        Path first = dir.resolve("first.xdf");
        Path rig = rig("live", "from: tiff\nfile: stack.tif\nplay: fast\ngeometry: {planes: 2}\nrate_hz: 40");
        CommandRun r = CommandRun.of("frames", "run", "--rig", rig.toString(), "--record", first.toString(), "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals(VOLUMES, j.get("frames").asLong());
        assertEquals(2, j.get("planes").asInt());
        assertEquals(2 * VOLUMES, j.get("raw_frames").get("recorded").asLong());
        assertEquals(0, j.get("raw_frames").get("dropped").asLong());
        assertEquals(first.toString(), j.get("recording").get("file").asText());
        assertTrue(r.out().contains("raw frames: " + 2 * VOLUMES + " recorded"), r.out());

        CommandRun info = CommandRun.of("xdf", "info", first.toString(), "--json");
        assertEquals(0, info.code(), info.out() + info.err());
        List<String> names = new ArrayList<>();
        for (JsonNode s : info.json().get("streams")) names.add(s.get("name").asText() + ":" + s.get("samples").asLong());
        assertTrue(names.contains("ApicalROIs:" + VOLUMES), names.toString());
        assertTrue(names.contains("ApicalRawFrames:" + 2 * VOLUMES), names.toString());

        XdfStream rois = XdfReader.read(first).stream("ApicalROIs");
        assertEquals(12 + 4 + 1, rois.header().channelCount());
        assertEquals(20.0, rois.header().nominalSrate(), 1e-9, "volumes per second: 40 frames/s over 2 planes");
        for (int v = 1; v < VOLUMES; v++) {
            for (int p = 0; p < 2; p++) {
                double[] s = shift(p, v), s0 = shift(p, 0); // against each plane's first frame, its reference
                assertEquals(s[0] - s0[0], rois.value(v, 12 + 2 * p), 0.1, "x shift, plane " + p + " volume " + v);
                assertEquals(s[1] - s0[1], rois.value(v, 13 + 2 * p), 0.1, "y shift, plane " + p + " volume " + v);
            }
            assertEquals(v, rois.value(v, 16));
        }
        var channels = rois.header().desc().child("channels").children("channel");
        assertEquals("dendrite", channels.get(7).childText("type"));
        assertEquals("1", channels.get(7).childText("plane"));

        Path again = dir.resolve("again.xdf");
        Path offline = rig("offline", "from: xdf\nfile: " + first.toString().replace('\\', '/') + "\nplay: fast");
        CommandRun r2 = CommandRun.of("frames", "run", "--rig", offline.toString(), "--record", again.toString(),
                "--json");
        assertEquals(0, r2.code(), r2.out() + r2.err());
        assertEquals(VOLUMES, r2.json().get("frames").asLong());
        XdfStream replayed = XdfReader.read(again).stream("ApicalROIs");
        assertEquals(VOLUMES, replayed.samples());
        for (int v = 0; v < VOLUMES; v++) {
            for (int c = 0; c < 17; c++) {
                assertEquals(rois.value(v, c), replayed.value(v, c), 0.0, "channel " + c + " of volume " + v);
            }
        }
    }

    @Test
    void aSessionRecordsTheRawFramesBesideItsInput() throws Exception {
        files();
        Path rig = rig("session", "from: tiff\nfile: stack.tif\nplay: fast\nloops: 3\ngeometry: {planes: 2}\n"
                + "rate_hz: 40");
        CommandRun dry = CommandRun.of("run", "--rig", rig.toString(), "--decoder", "decoders/default.yaml",
                "--stimulus", "stimuli/grating.yaml", "--dry-run", "--json");
        assertEquals(0, dry.code(), dry.out() + dry.err());
        assertTrue(dry.json().get("stream_check_detail").asText().contains("(17 channels, 20"), dry.out());
        Path out = dir.resolve("session.xdf");
        CommandRun r = CommandRun.of("run", "--rig", rig.toString(), "--decoder", "decoders/default.yaml",
                "--stimulus", "stimuli/grating.yaml", "--out", out.toString(), "--quiet", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals(3 * VOLUMES, j.get("frames").asLong());
        assertEquals(6 * VOLUMES, j.get("raw_frames").get("recorded").asLong());
        assertEquals(0, j.get("raw_frames").get("dropped").asLong());
        XdfFile xdf = XdfReader.read(out);
        assertEquals(3 * VOLUMES, xdf.stream("ApicalROIs").samples());
        XdfStream raw = xdf.stream("ApicalRawFrames");
        assertEquals(6 * VOLUMES, raw.samples());
        assertEquals(G.pixelCount(), raw.header().channelCount());
        assertEquals("96", raw.header().desc().child("geometry").childText("lines"));
    }
}
