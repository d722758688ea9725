package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apical.config.ConfigException;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several imaging planes in one frame stream: the planes' frames come one after another (plane 0, 1, 0, 1, ...), each
 * plane is corrected against its own reference and measured with its own ROIs, and the ROI stream gives one sample per
 * volume. Two different synthetic fields, moved differently, are sent over loopback TCP; every shift and every ROI mean
 * comes back per plane, a stream that ends inside a volume is an error naming the plane and the frame, and settings
 * that do not agree with the planes are refused naming the field.
 */
class PlanesTest {
    static final FrameGeometry G = new FrameGeometry(128, 160, 60);
    static final SyntheticFrames[] SCENES = {new SyntheticFrames(G, 60, 11), new SyntheticFrames(G, 60, 12)};
    static final double[][] SHIFTS = {{0, 0}, {1.5, -0.5}, {-2.2, 1.3}, {3, 2}, {0.4, -3.1}};

    @TempDir Path dir;

    /** Plane 1 moves the other way and by less than plane 0, so a plane read against the other's reference fails. */
    static double[] shift(int plane, int volume) {
        double[] s = SHIFTS[volume];
        return plane == 0 ? s : new double[] {-0.6 * s[0], 0.8 * s[1]};
    }

    /** The frames as the acquisition sends them: volume by volume, plane 0 then plane 1. */
    static List<short[]> frames() {
        List<short[]> out = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int v = 0; v < SHIFTS.length; v++) {
            for (int p = 0; p < 2; p++) {
                double[] activity = new double[SCENES[p].cells()];
                for (int i = 0; i < activity.length; i++) activity[i] = 0.8 + 0.4 * r.nextDouble();
                short[] f = new short[G.pixelCount()];
                SCENES[p].render(shift(p, v)[0], shift(p, v)[1], activity, f);
                out.add(f);
            }
        }
        return out;
    }

    static List<Roi> rois() {
        List<Roi> out = new ArrayList<>(SCENES[0].rois(6, 3.5));
        for (Roi r : SCENES[1].rois(5, 3.5)) out.add(r.onPlane(1, "b_" + r.name()));
        return out;
    }

    /** One processor per plane, each against its plane's still field, with its plane's ROIs. */
    static VolumeProcessor processors(List<Roi> rois) {
        List<FrameProcessor> planes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            short[] still = new short[G.pixelCount()];
            SCENES[p].render(0, 0, null, still);
            float[] ref = new float[still.length];
            for (int i = 0; i < ref.length; i++) ref[i] = still[i] & 0xFFFF;
            int plane = p;
            planes.add(new FrameProcessor(G, rois.stream().filter(r -> r.plane() == plane).toList(),
                    new MotionCorrector(G, Patch.grid(G, 2, 2, 64, 10), 10, true), ref, 1, true));
        }
        return new VolumeProcessor(planes);
    }

    static FramesFrameSource volumes(RawFrameSource src, List<Roi> rois) throws IOException {
        return new FramesFrameSource(src, processors(rois), rois, "ApicalROIs", "test", null, -1);
    }


    static TcpFrameSource listen() throws IOException {
        return TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), G, false);
    }

    static CompletableFuture<Void> send(int port, List<short[]> frames) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = FrameSourcesTest.connect(port)) {
                FrameSourcesTest.send(s.getOutputStream(), frames);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void eachPlaneIsCorrectedAgainstItsOwnReferenceAndTheStreamGivesOneSamplePerVolume() throws Exception {
        List<short[]> sent = frames();
        List<Roi> rois = rois();
        TcpFrameSource src = listen();
        CompletableFuture<Void> sender = send(src.port(), sent);
        try (FramesFrameSource s = volumes(src, rois)) {
            var info = s.description().info();
            assertEquals(11 + 2 * 2 + 1, info.channelCount());
            assertEquals(30.0, info.nominalSrate(), 1e-9, "one sample per volume: 60 frames/s over 2 planes");
            var channels = info.desc().child("channels").children("channel");
            assertEquals("b_cell0", channels.get(6).childText("label"));
            assertEquals("1", channels.get(6).childText("plane"));
            assertEquals("shift_x_p1", channels.get(13).childText("label"));
            assertEquals("index", channels.get(15).childText("type"));
            assertEquals("2", info.desc().child("geometry").childText("planes"));
            Frame f = new Frame(info.channelCount());
            int v = 0;
            while (s.next(f)) {
                for (int p = 0; p < 2; p++) {
                    double dx = f.raw[11 + 2 * p], dy = f.raw[12 + 2 * p];
                    assertEquals(shift(p, v)[0], dx, 0.1, "x shift of plane " + p + ", volume " + v);
                    assertEquals(shift(p, v)[1], dy, 0.1, "y shift of plane " + p + ", volume " + v);
                    short[] frame = sent.get(2 * v + p);
                    for (int r = 0; r < rois.size(); r++) {
                        if (rois.get(r).plane() != p) continue;
                        assertEquals(FrameSourcesTest.directMean(frame, rois.get(r), dx, dy), f.raw[r], 1e-9,
                                "ROI " + r + " (plane " + p + "), volume " + v);
                    }
                }
                assertEquals(v, f.raw[15], "frame counts volumes");
                v++;
            }
            assertEquals(SHIFTS.length, v);
            assertEquals(SHIFTS.length, s.frames());
            assertEquals(2 * SHIFTS.length, s.shifts().frames(), "the console counts every frame of every plane");
            assertEquals(SHIFTS.length, s.volume().plane(1).shifts().frames());
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void planesOverAnLslFrameStreamComeBackPerPlaneAndTheRoiStreamIsPublishedAtTheVolumeRate() throws Exception {
        List<short[]> sent = frames();
        org.apical.lsl.LslConfig cfg = org.apical.lsl.LslConfig.machineOnly();
        String id = "planes-test-" + ProcessHandle.current().pid();
        var info = org.apical.stream.StreamInfo.create("TestPlanes", "Frames", G.pixelCount(), 60,
                org.apical.stream.ChannelFormat.INT16, id);
        try (var outlet = new org.apical.lsl.StreamOutlet(info, 60, cfg)) {
            var found = org.apical.lsl.Resolver.find(cfg, "TestPlanes", "", id, 10);
            List<Roi> rois = rois();
            try (FramesFrameSource s = new FramesFrameSource(new LslFrameStream(found, G, false, cfg),
                    processors(rois), rois, "ApicalPlanes", "test", cfg, -1)) {
                var published = org.apical.lsl.Resolver.find(cfg, "ApicalPlanes", "", s.outletInfo().sourceId(), 10);
                assertEquals(30.0, published.nominalSrate(), 1e-9, "the volume rate, on LSL too");
                assertEquals("1", published.desc().child("channels").children("channel").get(14).childText("plane"));
                outlet.waitForConsumers(10);
                for (short[] f : sent) outlet.pushSample(f);
                Frame f = new Frame(s.description().channelCount());
                for (int v = 0; v < SHIFTS.length; v++) {
                    assertTrue(s.next(f), "volume " + v);
                    for (int p = 0; p < 2; p++) {
                        assertEquals(shift(p, v)[0], f.raw[11 + 2 * p], 0.1, "x shift of plane " + p + ", volume " + v);
                        assertEquals(shift(p, v)[1], f.raw[12 + 2 * p], 0.1, "y shift of plane " + p + ", volume " + v);
                    }
                    assertEquals(FrameSourcesTest.directMean(sent.get(2 * v + 1), rois.get(8), f.raw[13], f.raw[14]), f.raw[8], 1e-9);
                    assertEquals(v, f.raw[15]);
                }
            }
        }
    }

    @Test
    void aStreamThatEndsInsideAVolumeIsAnErrorNamingThePlaneAndTheFrame() throws Exception {
        List<short[]> sent = frames().subList(0, 5); // two volumes and plane 0 of the third
        TcpFrameSource src = listen();
        CompletableFuture<Void> sender = send(src.port(), sent);
        try (FramesFrameSource s = volumes(src, rois())) {
            Frame f = new Frame(s.description().channelCount());
            assertTrue(s.next(f));
            assertTrue(s.next(f));
            UserException e = assertThrows(UserException.class, () -> s.next(f));
            assertTrue(e.getMessage().contains("tcp listen :" + src.port() + ": frame 5 (plane 1 of volume 2): the"
                    + " stream ended inside the volume: plane 0 of 2 came, plane 1 did not"), e.getMessage());
            assertEquals(2, s.frames(), "the cut volume is not given");
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void yamlPolygonsForEveryPlaneGiveTheirPlaneAndAMissingOneIsRefused() throws Exception {
        Path yaml = dir.resolve("rois.yaml");
        Files.writeString(yaml, """
                rois:
                  - {name: a, plane: 1, x: [10, 20, 20, 10], y: [10, 10, 20, 20]}
                  - {name: b, plane: 0, x: [30, 40, 40, 30], y: [10, 10, 20, 20]}
                """);
        List<Roi> rois = RoiFiles.read(yaml, G, -1, 2);
        assertEquals(1, rois.get(0).plane());
        assertEquals(0, rois.get(1).plane());
        Files.writeString(yaml, "rois:\n  - {name: a, x: [10, 20, 20, 10], y: [10, 10, 20, 20]}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> RoiFiles.read(yaml, G, -1, 2));
        assertTrue(e.getMessage().contains("rois[0].plane: is required"), e.getMessage());
        Files.writeString(yaml, "rois:\n  - {name: a, plane: 2, x: [10, 20, 20, 10], y: [10, 10, 20, 20]}\n");
        e = assertThrows(ConfigException.class, () -> RoiFiles.read(yaml, G, -1, 2));
        assertTrue(e.getMessage().contains("rois[0].plane: must be between 0 and 1, found 2"), e.getMessage());
    }

    private Path rig(String frames) throws IOException {
        Path rig = dir.resolve("rig.yaml");
        Files.writeString(rig, "name: planes\ninput: {source: frames, scope: machine}\nframes:\n" + frames);
        return rig;
    }

    private String refusal(String frames) throws IOException {
        Path rig = rig(frames);
        ConfigException e = assertThrows(ConfigException.class, () -> Definitions.loadRig(rig));
        return e.getMessage();
    }

    @Test
    void settingsThatDoNotAgreeWithThePlanesAreRefusedNamingTheField() throws Exception {
        String twoFiles = refusal("  geometry: {lines: 128, pixels: 160, planes: 3}\n  rois: {file: [a.tif, b.tif]}\n");
        assertTrue(twoFiles.contains("frames.rois.file: one ROI file per plane: geometry.planes is 3, the list has 2"),
                twoFiles);
        String oneImage = refusal("  geometry: {lines: 128, pixels: 160, planes: 2}\n  rois: {file: labels.tif}\n");
        assertTrue(oneImage.contains("frames.rois.file: with geometry.planes: 2, give one ROI file per plane"), oneImage);
        String refs = refusal("  geometry: {lines: 128, pixels: 160, planes: 2}\n  reference: {file: [a.tif, b.tif,"
                + " c.tif]}\n  rois: {file: rois.yaml}\n");
        assertTrue(refs.contains("frames.reference.file: one reference per plane: geometry.planes is 2, the list has 3"),
                refs);
        String role = refusal("  geometry: {lines: 128, pixels: 160, planes: 2}\n  rois:\n    file: rois.yaml\n"
                + "    roles: [{roi: a, plane: 2, type: soma, neuron: n}]\n");
        assertTrue(role.contains("frames.rois.roles[0].plane: must be between 0 and 1, found 2"), role);
        String many = refusal("  geometry: {lines: 128, pixels: 160, planes: 65}\n  rois: {file: rois.yaml}\n");
        assertTrue(many.contains("frames.geometry.planes: must be between 1 and 64, found 65"), many);
    }

    @Test
    void oneLabelImagePerPlaneNamesItsRoisByPlaneAndARoleNamesThePlaneWhenTwoHaveTheLabel() throws Exception {
        for (int p = 0; p < 2; p++) {
            short[] labels = new short[G.pixelCount()];
            for (int x = 10; x < 14; x++) for (int y = 20; y < 24; y++) labels[G.index(x + 40 * p, y)] = 7;
            labels[G.index(90, 90)] = (short) (3 + p);
            TiffStack.write(dir.resolve("labels" + p + ".tif"), G.lines(), G.pixels(), List.of(labels));
        }
        String section = "  geometry: {lines: 128, pixels: 160, planes: 2}\n  rois:\n"
                + "    file: [labels0.tif, labels1.tif]\n    roles: [{roi: 7%s, type: soma, neuron: n1}]\n";
        var ambiguous = Definitions.loadRig(rig(section.formatted(""))).frames();
        IOException e = assertThrows(IOException.class, () -> FramesSetup.rois(ambiguous, G, 2));
        assertTrue(e.getMessage().contains("frames.rois.roles: ROI '7' is in planes 0 and 1; give the role its plane"),
                e.getMessage());
        List<Roi> rois = FramesSetup.rois(Definitions.loadRig(rig(section.formatted(", plane: 1"))).frames(), G, 2);
        assertEquals(List.of("p0_roi3", "p0_roi7", "p1_roi4", "p1_roi7"), rois.stream().map(Roi::name).toList());
        assertEquals("soma", rois.get(3).type());
        assertEquals(1, rois.get(3).plane());
        assertEquals(50, rois.get(3).xs()[0], "plane 1's own pixels");
        assertEquals("roi", rois.get(1).type(), "plane 0's ROI 7 keeps no role");
    }

    @Test
    void aTiffStackInterleavesThePlanesAndOneWithPartOfAVolumeIsRefused() throws Exception {
        List<short[]> sent = frames();
        TiffStack.write(dir.resolve("stack.tif"), G.lines(), G.pixels(), sent);
        TiffStack.write(dir.resolve("odd.tif"), G.lines(), G.pixels(), sent.subList(0, 5));
        Files.writeString(dir.resolve("rois.yaml"), """
                rois:
                  - {name: a, plane: 0, x: [10, 30, 30, 10], y: [10, 10, 30, 30]}
                  - {name: b, plane: 1, x: [50, 70, 70, 50], y: [40, 40, 60, 60]}
                """);
        // a reference stack holds whole volumes too, page k of plane k mod 2: each plane's still field, twice
        short[][] still = new short[2][G.pixelCount()];
        for (int p = 0; p < 2; p++) SCENES[p].render(0, 0, null, still[p]);
        TiffStack.write(dir.resolve("ref.tif"), G.lines(), G.pixels(), List.of(still[0], still[1], still[0], still[1]));
        String section = "  from: tiff\n  file: %s\n  play: fast\n  geometry: {planes: 2}\n  rate_hz: 60\n"
                + "  reference: {file: ref.tif}\n  motion: {grid: [2, 2], patch_size: 64, max_shift: 10}\n"
                + "  rois:\n    file: rois.yaml\n    roles: [{roi: b, type: soma, neuron: n1}]\n  publish: {lsl: false}\n";
        var frames = Definitions.loadRig(rig(section.formatted("stack.tif"))).frames();
        try (FramesFrameSource s = FramesSetup.session(frames, null, -1)) {
            assertEquals(2, s.planes());
            assertEquals("soma", s.description().info().desc().child("channels").children("channel").get(1)
                    .childText("type"));
            Frame f = new Frame(s.description().channelCount());
            int v = 0;
            while (s.next(f)) {
                for (int p = 0; p < 2; p++) {
                    assertEquals(shift(p, v)[0], f.raw[2 + 2 * p], 0.1, "x shift of plane " + p + ", volume " + v);
                    assertEquals(shift(p, v)[1], f.raw[3 + 2 * p], 0.1, "y shift of plane " + p + ", volume " + v);
                }
                assertEquals(v++, f.raw[6]);
            }
            assertEquals(SHIFTS.length, v);
        }
        var odd = Definitions.loadRig(rig(section.formatted("odd.tif"))).frames();
        IOException e = assertThrows(IOException.class, () -> FramesSetup.session(odd, null, -1));
        assertTrue(e.getMessage().contains("the stack has 5 pages, not whole volumes of 2 planes"), e.getMessage());
    }
}
