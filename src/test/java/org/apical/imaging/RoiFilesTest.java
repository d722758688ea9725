package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apical.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROIs from a lab's files: label images (16-bit TIFF and PNG), YAML polygons, ImageJ ROI files written by hand. */
class RoiFilesTest {
    static final FrameGeometry G = new FrameGeometry(20, 30, 30);
    @TempDir Path dir;

    /** Labels 0 (background), 7 on a 3 × 2 block at x 4..6, y 10..11, and 300 on one pixel (x 25, y 3). */
    static short[] labels() {
        short[] f = new short[G.pixelCount()];
        for (int x = 4; x <= 6; x++) for (int y = 10; y <= 11; y++) f[G.index(x, y)] = 7;
        f[G.index(25, 3)] = 300;
        return f;
    }

    static void checkLabels(List<Roi> rois) {
        assertEquals(2, rois.size());
        assertEquals("roi7", rois.get(0).name());
        assertEquals(6, rois.get(0).size());
        assertEquals(5.0, rois.get(0).centreX(), 1e-12);
        assertEquals(10.5, rois.get(0).centreY(), 1e-12);
        assertEquals("roi300", rois.get(1).name());
        assertEquals(25, rois.get(1).xs()[0]);
        assertEquals(3, rois.get(1).ys()[0]);
    }

    @Test
    void aSixteenBitTiffLabelImageGivesOneRoiPerLabel() throws IOException {
        Path f = dir.resolve("labels.tif");
        TiffStack.write(f, G.lines(), G.pixels(), List.of(labels()));
        checkLabels(RoiFiles.read(f, G));
    }

    @Test
    void aSixteenBitPngLabelImageGivesTheSameRois() throws IOException {
        BufferedImage img = new BufferedImage(G.pixels(), G.lines(), BufferedImage.TYPE_USHORT_GRAY);
        short[] l = labels();
        for (int x = 0; x < G.pixels(); x++) {
            for (int y = 0; y < G.lines(); y++) img.getRaster().setSample(x, y, 0, l[G.index(x, y)] & 0xFFFF);
        }
        Path f = dir.resolve("labels.png");
        ImageIO.write(img, "png", f.toFile());
        checkLabels(RoiFiles.read(f, G));
    }

    @Test
    void aLabelImageOfAnotherSizeIsRefusedWithBothSizes() throws IOException {
        Path f = dir.resolve("labels.tif");
        TiffStack.write(f, 10, 30, List.of(new short[300]));
        IOException e = assertThrows(IOException.class, () -> RoiFiles.read(f, G));
        assertTrue(e.getMessage().contains("10 lines × 30 pixels, the frames are 20 lines × 30 pixels"), e.getMessage());
    }

    @Test
    void yamlPolygonsTakeThePixelsWhoseCentresAreInside() throws IOException {
        Path f = dir.resolve("rois.yaml");
        Files.writeString(f, """
                rois:
                  - {name: s1, type: soma, neuron: n1, x: [2, 5, 5, 2], y: [1, 1, 3, 3]}
                  - {name: d1, type: dendrite, neuron: n1, x: [10, 14, 10], y: [10, 10, 14]}
                """);
        List<Roi> rois = RoiFiles.read(f, G);
        assertEquals(6, rois.get(0).size(), "a 3 × 2 rectangle of pixel centres");
        assertEquals("soma", rois.get(0).type());
        assertEquals("n1", rois.get(1).neuron());
        // the triangle holds the pixel centres (x + 0.5, y + 0.5) with (x − 10) + (y − 10) < 3: 3 + 2 + 1
        assertEquals(6, rois.get(1).size());
    }

    @Test
    void aBadYamlRoiNamesTheFileAndField() throws IOException {
        Path f = dir.resolve("rois.yaml");
        Files.writeString(f, "rois:\n  - {name: s1, type: somma, x: [1, 2], y: [1, 2]}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> RoiFiles.read(f, G));
        assertTrue(e.getMessage().contains("rois.yaml: rois[0].type"), e.getMessage());
        assertTrue(e.getMessage().contains("rois[0].x: a polygon needs at least 3 vertices"), e.getMessage());
    }

    /** An ImageJ .roi as ImageJ writes it: the 64-byte header, vertices relative to the box, a header2 with the name. */
    static byte[] imagejRoi(int type, int top, int left, int bottom, int right, int[] xs, int[] ys, String name) {
        int n = xs.length;
        int header2 = 64 + 4 * n;
        ByteBuffer b = ByteBuffer.allocate(header2 + 64 + 2 * name.length());
        b.put(new byte[] {'I', 'o', 'u', 't'}).putShort((short) 228).put((byte) type).put((byte) 0);
        b.putShort((short) top).putShort((short) left).putShort((short) bottom).putShort((short) right);
        b.putShort((short) n);
        b.putInt(60, header2);
        for (int i = 0; i < n; i++) b.putShort(64 + 2 * i, (short) (xs[i] - left));
        for (int i = 0; i < n; i++) b.putShort(64 + 2 * n + 2 * i, (short) (ys[i] - top));
        int nameAt = header2 + 64;
        b.putInt(header2 + 16, nameAt).putInt(header2 + 20, name.length());
        for (int i = 0; i < name.length(); i++) b.putChar(nameAt + 2 * i, name.charAt(i));
        return b.array();
    }

    @Test
    void anImageJRoiSetGivesItsPolygonsAndRectanglesByName() throws IOException {
        Path f = dir.resolve("RoiSet.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("0001-0002.roi"));
            z.write(imagejRoi(0, 1, 2, 3, 5, new int[] {2, 5, 5, 2}, new int[] {1, 1, 3, 3}, "cellA"));
            z.putNextEntry(new ZipEntry("0010-0010.roi"));
            z.write(imagejRoi(1, 10, 10, 12, 14, new int[0], new int[0], "boxB"));
        }
        List<Roi> rois = RoiFiles.read(f, G);
        assertEquals(2, rois.size());
        assertEquals("cellA", rois.get(0).name());
        assertEquals(6, rois.get(0).size());
        assertEquals("boxB", rois.get(1).name());
        assertEquals(8, rois.get(1).size(), "a 4 × 2 rectangle");
        assertEquals(11.5, rois.get(1).centreX(), 1e-12, "pixels x 10..13");
    }

    @Test
    void anImageJLineIsRefusedByName() throws IOException {
        Path f = dir.resolve("line.roi");
        Files.write(f, imagejRoi(3, 1, 1, 5, 5, new int[0], new int[0], "a line"));
        IOException e = assertThrows(IOException.class, () -> RoiFiles.read(f, G));
        assertTrue(e.getMessage().contains("ROI 'a line' is of ImageJ type 3"), e.getMessage());
    }

    @Test
    void roiMeansEqualADirectMeanAtWholePixelShiftsAndLeaveOutPixelsShiftedOffTheFrame() {
        short[] frame = new short[G.pixelCount()];
        for (int i = 0; i < frame.length; i++) frame[i] = (short) (i * 37 % 60000);
        Roi roi = new Roi("r", "roi", "", new int[] {1, 2, 28, 29}, new int[] {5, 5, 6, 6});
        RoiMeans m = new RoiMeans(G, List.of(roi));
        double[] out = new double[1];
        m.compute(frame, 0, 0, false, out);
        assertEquals((val(frame, 1, 5) + val(frame, 2, 5) + val(frame, 28, 6) + val(frame, 29, 6)) / 4.0, out[0]);
        m.compute(frame, -1, 2, true, out); // x 0, 1, 27, 28 at y 7, 7, 8, 8
        assertEquals((val(frame, 0, 7) + val(frame, 1, 7) + val(frame, 27, 8) + val(frame, 28, 8)) / 4.0, out[0]);
        m.compute(frame, 1.4, 0, false, out); // rounds to +1: x 2, 3, 29 (30 is off the frame)
        assertEquals((val(frame, 2, 5) + val(frame, 3, 5) + val(frame, 29, 6)) / 3.0, out[0]);
    }

    static int val(short[] f, int x, int y) { return f[G.index(x, y)] & 0xFFFF; }
}
