package org.apical.imaging;

/**
 * The shape of one raw frame as the acquisition program sends it: {@code lines} × {@code pixels} unsigned 16-bit
 * values, column-major (MATLAB order: the pixel at line y, column x is value {@code x * lines + y}), and the frame rate.
 */
public record FrameGeometry(int lines, int pixels, double rateHz) {

    public FrameGeometry {
        if (lines < 1 || pixels < 1) throw new IllegalArgumentException("a frame needs at least 1 line and 1 pixel");
        if ((long) lines * pixels > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(lines + " × " + pixels + " pixels is too large for one frame");
        }
    }

    public int pixelCount() { return lines * pixels; }

    /** Bytes of one frame on the wire (two per pixel). */
    public int bytes() { return lines * pixels * 2; }

    /** Index of the pixel at column {@code x}, line {@code y}. */
    public int index(int x, int y) { return x * lines + y; }

    public String describe() {
        return lines + " lines × " + pixels + " pixels × 2 bytes = " + bytes() + " bytes";
    }
}
