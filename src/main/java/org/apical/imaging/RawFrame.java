package org.apical.imaging;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One raw frame, preallocated once and refilled: unsigned 16-bit pixels held in a {@code short[]} (read them with
 * {@code & 0xFFFF}) in the geometry's column-major order, its number from 0, its timestamp (LSL clock, seconds) and
 * the {@code System.nanoTime()} its last byte arrived.
 */
public final class RawFrame {
    public final FrameGeometry geometry;
    public final short[] pixels;
    public long number;
    public double timestamp;
    public long arrivalNanos;

    public RawFrame(FrameGeometry geometry) {
        this.geometry = geometry;
        this.pixels = new short[geometry.pixelCount()];
    }

    public int value(int x, int y) { return pixels[geometry.index(x, y)] & 0xFFFF; }

    /** Fills the pixels from little-endian uint16 bytes, complemented ({@code 65535 − v}) when asked. */
    public void decode(byte[] bytes, boolean invert) {
        ByteBuffer.wrap(bytes, 0, pixels.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pixels);
        if (invert) invert();
    }

    /** MATLAB's {@code imcomplement} on uint16: v → 65535 − v (a bitwise not). */
    public void invert() {
        for (int i = 0; i < pixels.length; i++) pixels[i] = (short) ~pixels[i];
    }
}
