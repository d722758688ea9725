package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apical.core.Frame;
import org.apical.core.UserException;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.lsl.InletOptions;
import org.apical.lsl.StreamOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic frames with known rigid shifts (whole and sub-pixel) and known ROI intensities, sent the three ways a rig
 * sends them (the acquisition program's TCP protocol, both roles; LSL; a TIFF stack): the shifts come back within 0.1
 * pixel, the ROI means equal a direct computation on the frames, every frame is counted, and a broken stream is an
 * error that names the source and the frame.
 */
class FrameSourcesTest {
    static final FrameGeometry G = new FrameGeometry(128, 160, 30);
    static final double[][] SHIFTS = {{0, 0}, {2, -1}, {-3, 4}, {0.5, -0.5}, {1.3, 2.7}, {-2.25, 0.8}, {5.6, -3.4},
            {-0.3, 0.15}};
    static final SyntheticFrames SCENE = new SyntheticFrames(G, 60, 11);
    static final List<Roi> ROIS = SCENE.rois(20, 3.5);

    @TempDir Path dir;

    /** The frames sent, with the activity that makes each ROI's intensity known. */
    static List<short[]> frames() {
        List<short[]> out = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (double[] s : SHIFTS) {
            double[] activity = new double[SCENE.cells()];
            for (int i = 0; i < activity.length; i++) activity[i] = 0.8 + 0.4 * r.nextDouble();
            short[] f = new short[G.pixelCount()];
            SCENE.render(s[0], s[1], activity, f);
            out.add(f);
        }
        return out;
    }

    static float[] reference() {
        short[] f = new short[G.pixelCount()];
        SCENE.render(0, 0, null, f);
        float[] ref = new float[f.length];
        for (int i = 0; i < f.length; i++) ref[i] = f[i] & 0xFFFF;
        return ref;
    }

    static FramesFrameSource session(RawFrameSource src, LslConfig publish) throws IOException {
        MotionCorrector m = new MotionCorrector(src.geometry(), Patch.grid(src.geometry(), 2, 2, 64, 10), 10, true);
        FrameProcessor p = new FrameProcessor(src.geometry(), ROIS, m, reference(), 1, true);
        return new FramesFrameSource(src, p, ROIS, "ApicalROIs", "test", publish, -1);
    }

    /** Reads every sample and checks shifts, ROI means and frame numbers against what was sent. */
    static List<double[]> readAndCheck(FramesFrameSource s, List<short[]> sent) throws InterruptedException {
        Frame f = new Frame(s.description().channelCount());
        List<double[]> samples = new ArrayList<>();
        while (s.next(f)) samples.add(f.raw.clone());
        assertEquals(sent.size(), samples.size(), "frames counted");
        int n = ROIS.size();
        for (int k = 0; k < samples.size(); k++) {
            double[] v = samples.get(k);
            assertEquals(SHIFTS[k][0], v[n], 0.1, "x shift of frame " + k);
            assertEquals(SHIFTS[k][1], v[n + 1], 0.1, "y shift of frame " + k);
            assertEquals(k, v[n + 2], "frame number");
            for (int r = 0; r < n; r++) {
                assertEquals(directMean(sent.get(k), ROIS.get(r), v[n], v[n + 1]), v[r], 1e-9, "ROI " + r + " frame " + k);
            }
        }
        return samples;
    }

    /** The ROI's mean read bilinearly at its pixels moved by the shift, written out plainly. */
    static double directMean(short[] frame, Roi roi, double dx, double dy) {
        double sum = 0;
        int n = 0;
        for (int p = 0; p < roi.size(); p++) {
            double x = roi.xs()[p] + dx, y = roi.ys()[p] + dy;
            int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
            if (x0 < 0 || y0 < 0 || x0 + 1 >= G.pixels() || y0 + 1 >= G.lines()) continue;
            double fx = x - x0, fy = y - y0;
            sum += (1 - fx) * (1 - fy) * px(frame, x0, y0) + fx * (1 - fy) * px(frame, x0 + 1, y0)
                    + (1 - fx) * fy * px(frame, x0, y0 + 1) + fx * fy * px(frame, x0 + 1, y0 + 1);
            n++;
        }
        return sum / n;
    }

    static int px(short[] frame, int x, int y) { return frame[x * G.lines() + y] & 0xFFFF; }

    /** A sender's socket: each frame goes into the kernel whole, as a paced acquisition program's does. */
    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setSendBufferSize(1 << 20);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    static void send(OutputStream out, List<short[]> frames) throws IOException {
        for (short[] f : frames) out.write(SyntheticFrames.wire(f));
        out.flush();
    }

    @Test
    void tcpFramesSentToAListeningApicalComeBackShiftedAndMeasured() throws Exception {
        List<short[]> sent = frames();
        TcpFrameSource src = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (Socket s = connect(src.port())) {
                send(s.getOutputStream(), sent);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (FramesFrameSource s = session(src, null)) {
            readAndCheck(s, sent);
            assertEquals(sent.size(), s.frames());
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void apicalConnectsToAListeningSenderAndInvertsWhenAsked() throws Exception {
        List<short[]> sent = frames();
        List<short[]> complemented = new ArrayList<>();
        for (short[] f : sent) {
            short[] c = new short[f.length];
            for (int i = 0; i < f.length; i++) c[i] = (short) (65535 - (f[i] & 0xFFFF));
            complemented.add(c);
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSendBufferSize(1 << 20);
                    send(s.getOutputStream(), complemented);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            TcpFrameSource src = TcpFrameSource.connect("127.0.0.1", server.getLocalPort(), G, true, 10);
            try (FramesFrameSource s = session(src, null)) {
                readAndCheck(s, sent);
            }
            sender.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStopEndsAWaitForASenderThatNeverConnects() throws Exception {
        TcpFrameSource src = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
        try (FramesFrameSource s = session(src, null)) {
            CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.next(new Frame(s.description().channelCount()));
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            s.endWaiting();
            assertFalse(next.get(10, TimeUnit.SECONDS), "no frame: the stream ended");
            assertEquals(0, s.frames());
        }
    }

    /** A source closed while its read waits on a connected sender that went quiet: the read ends, no frame made up. */
    @Test
    void aCloseEndsAReadWaitingOnASilentSender() throws Exception {
        TcpFrameSource src = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
        try (Socket s = connect(src.port())) {
            send(s.getOutputStream(), List.of(new short[G.pixelCount()]));
            assertTrue(src.read(new RawFrame(G)), "the frame that was sent");
            CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return src.read(new RawFrame(G));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            src.close();
            assertFalse(next.get(10, TimeUnit.SECONDS), "no frame: the source was closed");
            assertEquals(1, src.frames());
        }
    }

    @Test
    void aFrameCutShortIsAnErrorNamingTheSourceAndTheFrame() throws Exception {
        List<short[]> sent = frames().subList(0, 3);
        TcpFrameSource src = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (Socket s = connect(src.port())) {
                send(s.getOutputStream(), sent);
                s.getOutputStream().write(new byte[1000]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (FramesFrameSource s = session(src, null)) {
            Frame f = new Frame(s.description().channelCount());
            for (int i = 0; i < 3; i++) assertTrue(s.next(f));
            UserException e = assertThrows(UserException.class, () -> s.next(f));
            assertTrue(e.getMessage().contains("tcp listen :" + src.port() + ": frame 3:"), e.getMessage());
            assertTrue(e.getMessage().contains("1000 of " + G.bytes() + " bytes"), e.getMessage());
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDroppedConnectionIsAnErrorNamingTheFrame() throws Exception {
        List<short[]> sent = frames().subList(0, 2);
        TcpFrameSource src = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
        CountDownLatch read = new CountDownLatch(1);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (Socket s = connect(src.port())) {
                send(s.getOutputStream(), sent);
                s.getOutputStream().write(new byte[G.bytes() / 2]);
                s.getOutputStream().flush();
                read.await(10, TimeUnit.SECONDS);
                s.setSoLinger(true, 0); // close with a reset, as a crashed sender or a pulled cable does
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        try (FramesFrameSource s = session(src, null)) {
            Frame f = new Frame(s.description().channelCount());
            assertTrue(s.next(f));
            assertTrue(s.next(f));
            read.countDown();
            UserException e = assertThrows(UserException.class, () -> s.next(f));
            assertTrue(e.getMessage().startsWith("tcp listen :" + src.port() + ": frame 2:"), e.getMessage());
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWrongGeometryIsRefusedWithTheExpectedAndReceivedByteCounts() throws Exception {
        FrameGeometry actual = new FrameGeometry(128, 150, 30);
        TcpFrameSource src = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (Socket s = connect(src.port())) {
                s.getOutputStream().write(new byte[actual.bytes()]); // one frame, then the next 1/30 s later
                s.getOutputStream().flush();
                done.await(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        try (FramesFrameSource s = session(src, null)) {
            Frame f = new Frame(s.description().channelCount());
            UserException e = assertThrows(UserException.class, () -> s.next(f));
            assertTrue(e.getMessage().contains("frame 0"), e.getMessage());
            assertTrue(e.getMessage().contains("expected " + G.bytes() + " bytes per frame, received "
                    + actual.bytes() + " bytes"), e.getMessage());
        } finally {
            done.countDown();
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTiffStackPlaysEveryPageShiftedAndMeasured() throws Exception {
        List<short[]> sent = frames();
        Path file = dir.resolve("stack.tif");
        TiffStack.write(file, G.lines(), G.pixels(), sent);
        TiffFrameSource src = new TiffFrameSource(file, null, 30, false, false, 1);
        assertEquals(G.lines(), src.geometry().lines());
        assertEquals(G.pixels(), src.geometry().pixels());
        try (FramesFrameSource s = session(src, null)) {
            List<double[]> got = readAndCheck(s, sent);
            assertEquals(sent.size(), got.size());
        }
    }

    @Test
    void aTiffOfAnotherGeometryIsRefusedWithBothByteCounts() throws Exception {
        Path file = dir.resolve("small.tif");
        TiffStack.write(file, 64, 80, List.of(new short[64 * 80]));
        IOException e = assertThrows(IOException.class, () -> new TiffFrameSource(file, G, 30, false, false, 1));
        assertTrue(e.getMessage().contains("expected " + G.bytes() + " bytes per frame"), e.getMessage());
        assertTrue(e.getMessage().contains("have " + 64 * 80 * 2), e.getMessage());
    }

    @Test
    void lslFramesComeBackShiftedAndMeasuredAndTheRoiStreamIsPublishedWithItsChannelMap() throws Exception {
        List<short[]> sent = frames();
        LslConfig cfg = LslConfig.machineOnly();
        String id = "frames-test-" + ProcessHandle.current().pid();
        StreamInfo info = StreamInfo.create("TestFrames", "Frames", G.pixelCount(), 30, ChannelFormat.INT16, id)
                .withDesc(XmlElement.of("desc", XmlElement.text("lines", "128")));
        try (StreamOutlet outlet = new StreamOutlet(info, 60, cfg)) {
            StreamInfo found = Resolver.find(cfg, "TestFrames", "", id, 10);
            LslFrameStream src = new LslFrameStream(found, G, false, cfg);
            try (FramesFrameSource s = session(src, cfg)) {
                StreamInfo published = Resolver.find(cfg, "ApicalROIs", "", s.outletInfo().sourceId(), 10);
                try (StreamInlet rois = new StreamInlet(published, InletOptions.defaults().withConfig(cfg))) {
                    var channels = rois.info().desc().child("channels").children("channel");
                    assertEquals(ROIS.size() + 3, channels.size());
                    assertEquals("soma", channels.get(0).childText("type"));
                    assertEquals("dendrite", channels.get(1).childText("type"));
                    assertEquals("n0", channels.get(1).childText("neuron"));
                    assertEquals("index", channels.get(ROIS.size() + 2).childText("type"));
                    assertEquals("128", rois.info().desc().child("geometry").childText("lines"));
                    assertEquals(0, s.description().pairSomas()[0], "cell0 (soma of n0) pairs with ...");
                    assertEquals(1, s.description().pairDendrites()[0], "... cell1 (its dendrite)");
                    outlet.waitForConsumers(10);
                    for (short[] f : sent) outlet.pushSample(f);
                    Frame f = new Frame(s.description().channelCount());
                    List<double[]> samples = new ArrayList<>();
                    for (int k = 0; k < sent.size(); k++) {
                        assertTrue(s.next(f));
                        samples.add(f.raw.clone());
                    }
                    int n = ROIS.size();
                    for (int k = 0; k < sent.size(); k++) {
                        double[] v = samples.get(k);
                        assertEquals(SHIFTS[k][0], v[n], 0.1, "x shift of frame " + k);
                        assertEquals(SHIFTS[k][1], v[n + 1], 0.1, "y shift of frame " + k);
                        assertEquals(k, v[n + 2]);
                        assertEquals(directMean(sent.get(k), ROIS.get(3), v[n], v[n + 1]), v[3], 1e-9);
                    }
                    double[] got = new double[n + 3];
                    for (int k = 0; k < sent.size(); k++) {
                        assertTrue(rois.pullSample(got, 10) != 0, "published sample " + k);
                        assertEquals(samples.get(k)[0], got[0], 1e-9);
                        assertEquals(k, got[n + 2]);
                    }
                    assertFalse(rois.pullSample(got, 0.0) != 0, "one published sample per frame");
                }
            }
        }
    }
}
