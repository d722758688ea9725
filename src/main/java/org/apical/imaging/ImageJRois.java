package org.apical.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * ImageJ's ROI files: one {@code .roi} or a ROI set ({@code RoiSet.zip}, one {@code .roi} per entry), decoded from
 * ImageJ's documented binary layout (big-endian: "Iout", version, type, bounding box, vertex count, vertices relative
 * to the box, sub-pixel vertices when flagged, the name in the second header). Area types are read: polygon,
 * rectangle, oval, freehand and traced; lines and points, which enclose no pixels, are refused by name.
 */
public final class ImageJRois {
    private static final int POLYGON = 0, RECT = 1, OVAL = 2, FREEHAND = 7, TRACED = 8;
    private static final int SUB_PIXEL = 128;

    private ImageJRois() {}

    static List<Roi> read(Path file, FrameGeometry g) throws IOException {
        List<Roi> out = new ArrayList<>();
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".roi")) {
            out.add(decode(Files.readAllBytes(file), stem(file.getFileName().toString()), file.toString(), g));
            return out;
        }
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
                out.add(decode(zip.readAllBytes(), stem(e.getName()), file + "!" + e.getName(), g));
            }
        }
        return out;
    }

    static Roi decode(byte[] bytes, String fallbackName, String where, FrameGeometry g) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian, as ImageJ writes
        if (bytes.length < 64 || b.get(0) != 'I' || b.get(1) != 'o' || b.get(2) != 'u' || b.get(3) != 't') {
            throw new IOException(where + ": not an ImageJ ROI (no 'Iout' header)");
        }
        int version = b.getShort(4);
        int type = b.get(6) & 0xFF;
        int top = b.getShort(8), left = b.getShort(10), bottom = b.getShort(12), right = b.getShort(14);
        int n = b.getShort(16) & 0xFFFF;
        int options = b.getShort(50) & 0xFFFF;
        int header2 = b.getInt(60);
        String name = fallbackName;
        if (header2 > 0 && header2 + 24 <= bytes.length) {
            int nameOffset = b.getInt(header2 + 16), nameLength = b.getInt(header2 + 20);
            if (nameOffset > 0 && nameLength > 0 && nameOffset + 2L * nameLength <= bytes.length) {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < nameLength; i++) s.append(b.getChar(nameOffset + 2 * i));
                name = s.toString();
            }
        }
        double[] xs, ys;
        switch (type) {
            case RECT -> {
                xs = new double[] {left, right, right, left};
                ys = new double[] {top, top, bottom, bottom};
            }
            case OVAL -> {
                int k = 72;
                xs = new double[k];
                ys = new double[k];
                double cx = (left + right) / 2.0, cy = (top + bottom) / 2.0, rx = (right - left) / 2.0,
                        ry = (bottom - top) / 2.0;
                for (int i = 0; i < k; i++) {
                    xs[i] = cx + rx * Math.cos(2 * Math.PI * i / k);
                    ys[i] = cy + ry * Math.sin(2 * Math.PI * i / k);
                }
            }
            case POLYGON, FREEHAND, TRACED -> {
                if (64 + 4L * n > bytes.length) throw new IOException(where + ": " + n + " vertices do not fit the file");
                xs = new double[n];
                ys = new double[n];
                boolean sub = version >= 222 && (options & SUB_PIXEL) != 0 && 64 + 12L * n <= bytes.length;
                for (int i = 0; i < n; i++) {
                    if (sub) {
                        xs[i] = b.getFloat(64 + 4 * n + 4 * i);
                        ys[i] = b.getFloat(64 + 8 * n + 4 * i);
                    } else {
                        xs[i] = left + b.getShort(64 + 2 * i);
                        ys[i] = top + b.getShort(64 + 2 * n + 2 * i);
                    }
                }
            }
            default -> throw new IOException(where + ": ROI '" + name + "' is of ImageJ type " + type
                    + " (a line or points), which encloses no pixels; use area ROIs (polygon, rectangle, oval,"
                    + " freehand)");
        }
        Roi roi = RoiFiles.polygon(name, "roi", "", xs, ys, g);
        if (roi.size() == 0) throw new IOException(where + ": ROI '" + name + "' covers no pixel of the frame");
        return roi;
    }

    private static String stem(String entry) {
        String s = entry.substring(entry.lastIndexOf('/') + 1);
        return s.toLowerCase(Locale.ROOT).endsWith(".roi") ? s.substring(0, s.length() - 4) : s;
    }
}
