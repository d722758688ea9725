package org.apical.stimulus;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apical.cli.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code apical stimulus snapshot} command end to end: options → PNG file → orientation read from pixels. */
class StimulusSnapshotCommandTest {
    private static final String STIMULUS = "src/test/resources/stimuli/test-grating.yaml";
    private static final String RIG = "src/test/resources/rigs/test-screen.yaml";

    @TempDir Path dir;


    static CommandRun run(String... args) { return CommandRun.of(args); }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void pngOrientationIsTheRequestedAngleAcrossThe180Wrap() throws Exception {
        double[][] cases = {{0, 0}, {30, 30}, {90, 90}, {150, 150}, {178, 178}, {182, 2}, {210, 30}, {-30, 150}};
        for (double[] c : cases) {
            Path png = dir.resolve("a" + c[0] + ".png");
            CommandRun r = run("stimulus", "snapshot", "--stimulus", STIMULUS, "--angle", Double.toString(c[0]),
                    "--out", png.toString(), "--width", "480", "--height", "270");
            assertEquals(0, r.code(), r.err());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(480, img.getWidth());
            assertEquals(270, img.getHeight());
            double measured = ImageAnalysis.orientation(pixels(img), 480, 20, 20, 440, 250);
            assertTrue(ImageAnalysis.orientationError(measured, c[1]) < 1.0,
                    "--angle " + c[0] + ": expected " + c[1] + "°, PNG shows " + measured + "°");
        }
    }

    @Test
    void jsonSummaryAndGammaFromTheRig() throws Exception {
        Path png = dir.resolve("g.png");
        CommandRun r = run("stimulus", "snapshot", "--stimulus", STIMULUS, "--rig", RIG, "--angle", "45",
                "--out", png.toString(), "--width", "640", "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonNode j = Json.mapper().readTree(lines[lines.length - 1]);
        assertEquals(640, j.get("width").asInt());
        assertEquals(360, j.get("height").asInt(), "height follows the screen's aspect ratio");
        assertEquals(45.0, j.get("orientation").asDouble());
        assertEquals(186, j.get("grey_drive").asInt(), "γ 2.2 from the rig file");
        assertEquals(0, j.get("min_drive").asInt());
        assertEquals(255, j.get("max_drive").asInt());
        int[] px = pixels(ImageIO.read(png.toFile()));
        int[] n = new int[1];
        double period = ImageAnalysis.periodAlong(px, 640, 360, 45, 186, n);
        assertEquals(j.get("period_px").asDouble(), period, j.get("period_px").asDouble() * 0.03);
    }

    @Test
    void badStimulusFieldIsNamedWithItsFile() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "grating:\n  contrast: 2\n  wavefrom: sine\n");
        CommandRun r = run("stimulus", "snapshot", "--stimulus", bad.toString(), "--angle", "0",
                "--out", dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.yaml: grating.contrast: must be between 0 and 1"), r.err());
        assertTrue(r.err().contains("grating.wavefrom: unknown field (did you mean 'waveform'?)"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.png")));
    }

    @Test
    void badGammaInTheRigIsNamed() throws Exception {
        Path rig = dir.resolve("rig.yaml");
        Files.writeString(rig, "screen:\n  gamma: [0, 10, 5, 40]\n");
        CommandRun r = run("stimulus", "snapshot", "--stimulus", STIMULUS, "--rig", rig.toString(), "--angle", "0",
                "--out", dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rig.yaml: screen.gamma: measured luminances must not decrease"), r.err());
    }
}
