package org.apical.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing an outlet right after its last push (a replay's end, a session's Stop): every consumer still connected
 * gets what was pushed before the close, then the end of the stream; a consumer that does not read cannot hold the
 * close beyond the outlet's drain time-out.
 */
class OutletCloseTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final int CHANNELS = 64;
    /** 64 float32 channels: 265 bytes a sample on the wire, so N is ~10 MB, more than any loopback socket buffers. */
    static final int N = 40_000;
    static final int SAMPLE_BYTES = 1 + 8 + 4 * CHANNELS;

    /** A raw protocol-110 consumer whose small receive window keeps the outlet's writer behind while it reads nothing. */
    private static Socket consumer(StreamOutlet out) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), out.info().v4dataPort()));
        s.setSoTimeout(60_000);
        s.getOutputStream().write(WireProtocolTest.request(out, "1234", "4", 2L * N)
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        String header = WireProtocolTest.readHeader(in);
        assertTrue(header.startsWith("LSL/110 200 OK"), header);
        in.readNBytes(2 * SAMPLE_BYTES); // the two test patterns
        return s;
    }

    private static StreamOutlet outlet(String name, double drainSeconds) throws Exception {
        StreamInfo info = StreamInfo.create(name, "T", CHANNELS, 1000, ChannelFormat.FLOAT32, name + "-src");
        // room for all N in each consumer's backlog: nothing is dropped for lagging, only a close could lose samples
        return new StreamOutlet(info, 60, CFG, java.time.Duration.ofMillis((long) (drainSeconds * 1000)));
    }

    private static void pushAll(StreamOutlet out) {
        float[] v = new float[CHANNELS];
        for (int i = 0; i < N; i++) {
            v[0] = i;
            v[CHANNELS - 1] = -i;
            out.pushSample(v, 1.0 + i / 1000.0);
        }
    }

    /** Reads samples until the stream ends; the count, after checking each is the next one in order. */
    private static int readToEnd(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        byte[] sample = new byte[SAMPLE_BYTES];
        ByteBuffer le = ByteBuffer.wrap(sample).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        while (true) {
            int tag = in.read();
            if (tag < 0) return n;
            try {
                in.readFully(sample, 1, SAMPLE_BYTES - 1);
            } catch (EOFException e) {
                fail("the stream ended inside sample " + n);
            }
            assertEquals(SampleCodec.TAG_TIMESTAMP, tag, "tag of sample " + n);
            assertEquals(1.0 + n / 1000.0, le.getDouble(1), 1e-9, "timestamp of sample " + n);
            assertEquals(n, le.getFloat(9), "sample " + n + " in order");
            assertEquals(-n, le.getFloat(SAMPLE_BYTES - 4), "last channel of sample " + n);
            n++;
        }
    }

    private static void awaitClosing(StreamOutlet out) {
        while (!out.isClosed()) LockSupport.parkNanos(1_000_000L);
    }

    @Test
    @Timeout(120)
    void aConsumerBehindWhenTheOutletClosesGetsEverySamplePushedBeforeTheClose() throws Exception {
        StreamOutlet out = outlet("drain", 30);
        try (Socket s = consumer(out)) {
            assertTrue(out.waitForConsumers(10));
            pushAll(out);
            // the consumer has read nothing yet: most of the N samples are still in the outlet, not in the sockets
            CompletableFuture<Void> closing = CompletableFuture.runAsync(out::close);
            awaitClosing(out);
            int got;
            try {
                got = readToEnd(s);
            } catch (IOException e) {
                got = -1;
                fail("the stream broke instead of ending after the pushed samples: " + e);
            }
            assertEquals(N, got, "every sample pushed before close() arrived, then the stream ended");
            closing.get(60, TimeUnit.SECONDS);
        } finally {
            out.close();
        }
    }

    @Test
    @Timeout(120)
    void aConsumerThatStopsReadingCannotHoldTheCloseBeyondTheDrainTimeOut() throws Exception {
        StreamOutlet out = outlet("stuck", 0.2);
        try (Socket stuck = consumer(out)) {
            assertTrue(out.waitForConsumers(10));
            pushAll(out);
            out.close(); // returns after the time-out, although the consumer still has megabytes to take
            assertEquals(0, out.consumerCount());
            // it is cut off with what the sockets held (its last sample may be torn: a sender stopped mid-write)
            long bytes = 0;
            try {
                bytes = stuck.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException reset) {
                // cut off by a reset: fine too
            }
            assertTrue(bytes < (long) N * SAMPLE_BYTES, "the stuck consumer was cut off: " + bytes + " bytes");
        }
    }
}
