package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples lent to the recorder: written as they are, released only once in the file, all of a record or none when
 * the ring is full (the producer keeps them and counts the loss itself).
 */
class LentSamplesTest {
    @TempDir Path dir;

    static final class Lent implements LentSamples {
        final byte[] bytes;
        final AtomicInteger released;

        Lent(short first, AtomicInteger released) {
            ByteBuffer b = ByteBuffer.allocate(2 * 3 * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 6; i++) b.putShort((short) (first + i));
            this.bytes = b.array();
            this.released = released;
        }

        @Override public byte[] bytes() { return bytes; }

        @Override public void release() { released.incrementAndGet(); }
    }

    @Test
    void lentSamplesAreWrittenAsTheyAreAndReleasedOnceInTheFile() throws Exception {
        Path file = dir.resolve("lent.xdf");
        // 4 slots: the loss stream and this stream take two, two records are left while the writer is not running
        Recorder r = Recorder.create(XdfWriter.create(file), RecorderOptions.defaults().withSlots(4));
        int id = r.addStream(StreamInfo.recorded("frames", "ImagingFrames", 3, 10, ChannelFormat.INT16, "lent"));
        AtomicInteger released = new AtomicInteger();
        assertTrue(r.appendLent(id, new double[] {1.0, 1.1}, 2, new Lent((short) 10, released)));
        assertTrue(r.appendLent(id, new double[] {1.2, 1.3}, 2, new Lent((short) -32000, released)));
        Lent refused = new Lent((short) 0, released);
        assertFalse(r.appendLent(id, new double[] {1.4, 1.5}, 2, refused), "the ring is full: none of it");
        assertEquals(0, r.stats().droppedSamples(), "the producer counts what it could not lend");
        assertEquals(0, released.get(), "nothing is released before it is written");
        r.startWriter();
        r.finish();
        assertEquals(2, released.get());
        XdfStream s = XdfReader.read(file).stream("frames");
        assertEquals(4, s.samples());
        assertEquals(10, s.value(0, 0));
        assertEquals(15, s.value(1, 2));
        assertEquals(-32000, s.value(2, 0));
        assertEquals(1.3, s.timestamps()[3], 1e-12);
    }
}
