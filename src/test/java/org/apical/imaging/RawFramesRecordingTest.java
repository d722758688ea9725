package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.core.Frame;
import org.apical.xdf.Recorder;
import org.apical.xdf.RecorderOptions;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfSampleCursor;
import org.apical.xdf.XdfStream;
import org.apical.xdf.XdfWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw frames into a recording: lent volume by volume, they arrive bit for bit (uint16 values above 32767 included);
 * when the recorder falls behind whole volumes are dropped and counted while every ROI sample is still recorded; and
 * the recorded frames play back as a frame source that gives the same ROI means.
 */
class RawFramesRecordingTest {
    static final FrameGeometry G = PlanesTest.G;

    @TempDir Path dir;

    /** Two planes' frames, with one bright pixel above 32767 in each (the uint16 bits in an int16 stream). */
    static List<short[]> frames() {
        List<short[]> out = PlanesTest.frames();
        for (short[] f : out) f[G.index(5, 7)] = (short) 61000;
        return out;
    }

    @Test
    void aRecorderThatFallsBehindLosesWholeVolumesOfRawFramesCountedAndNoRoiSample() throws Exception {
        List<short[]> sent = frames();
        Path stack = dir.resolve("stack.tif");
        TiffStack.write(stack, G.lines(), G.pixels(), sent);
        Path file = dir.resolve("behind.xdf");
        // the writer thread is not running yet: lent buffers are not given back, as when the disk stalls
        Recorder recorder = Recorder.create(XdfWriter.create(file), RecorderOptions.defaults());
        try (FramesFrameSource s = PlanesTest.volumes(new TiffFrameSource(stack, G, 60, false, false, 1),
                PlanesTest.rois())) {
            int rois = recorder.addStream(s.description().info());
            int raw = recorder.addStream(FramesSetup.rawStream(s));
            RawFrameRecorder r = new RawFrameRecorder(G, 2, 2, false,
                    (timestamps, n, volume) -> recorder.appendLent(raw, timestamps, n, volume));
            s.recordRawTo(r);
            Frame f = new Frame(s.description().channelCount());
            List<double[]> samples = new ArrayList<>();
            while (s.next(f)) {
                recorder.appendNumeric(rois, f.timestamp, f.raw);
                samples.add(f.raw.clone());
            }
            assertEquals(5, samples.size());
            assertEquals(4, r.recorded(), "two buffers: the first two volumes");
            assertEquals(6, r.dropped(), "the other three volumes' frames");
            assertEquals(3, r.droppedVolumes());
            assertTrue(r.describe().contains("6 NOT RECORDED (3 volumes dropped"), r.describe());
            assertEquals("; raw recording behind: 6 frames dropped", s.rawRecordingNote(), "the console's word on it");
            recorder.startWriter();
            recorder.finish();
            assertEquals(0, recorder.stats().droppedSamples(), "the ROI stream lost nothing");

            XdfFile xdf = XdfReader.read(file);
            XdfStream roiStream = xdf.stream("ApicalROIs");
            assertEquals(5, roiStream.samples());
            for (int k = 0; k < 5; k++) assertEquals(samples.get(k)[3], roiStream.value(k, 3), 0.0);
            XdfStream frames = xdf.stream("ApicalRawFrames");
            assertEquals(4, frames.samples());
            assertEquals("2", frames.header().desc().child("geometry").childText("planes"));
            assertEquals("int16", frames.header().channelFormat().xmlName());
        }
        try (XdfSampleCursor c = XdfSampleCursor.open(file, "ApicalRawFrames")) {
            short[] row = new short[G.pixelCount()];
            for (int k = 0; k < 4; k++) {
                assertTrue(c.next(row));
                assertArrayEquals(sent.get(k), row, "raw frame " + k + ", bit for bit");
            }
            assertEquals(61000, row[G.index(5, 7)] & 0xFFFF);
        }
    }

    @Test
    void recordedRawFramesPlayBackAsAFrameSourceWithTheSameRoiMeans() throws Exception {
        List<short[]> sent = frames();
        Path stack = dir.resolve("stack.tif");
        TiffStack.write(stack, G.lines(), G.pixels(), sent);
        Path file = dir.resolve("raw.xdf");
        List<double[]> first = new ArrayList<>();
        try (FramesFrameSource s = PlanesTest.volumes(new TiffFrameSource(stack, G, 60, false, false, 1),
                PlanesTest.rois()); FramesRecording rec = FramesRecording.start(file, s, true)) {
            Frame f = new Frame(s.description().channelCount());
            while (s.next(f)) {
                rec.sample(f);
                first.add(f.raw.clone());
            }
            rec.close();
            assertEquals(10, rec.raw().recorded());
            assertEquals(0, rec.raw().dropped());
        }
        XdfRawFrameSource replay = new XdfRawFrameSource(file, "ApicalRawFrames", null, 0, 0, false, false);
        assertEquals(2, replay.planes());
        assertEquals(60.0, replay.geometry().rateHz(), 1e-9);
        try (FramesFrameSource s = PlanesTest.volumes(replay, PlanesTest.rois())) {
            Frame f = new Frame(s.description().channelCount());
            int k = 0;
            while (s.next(f)) assertArrayEquals(first.get(k++), f.raw, 0.0, "volume " + (k - 1));
            assertEquals(first.size(), k);
        }
        IOException e = assertThrows(IOException.class, () -> new XdfRawFrameSource(file, "ApicalRawFrames",
                new FrameGeometry(100, 160, 60), 0, 0, false, false));
        assertTrue(e.getMessage().contains("does not match the recording's frames (128 lines × 160 pixels)"),
                e.getMessage());
        e = assertThrows(IOException.class, () -> new XdfRawFrameSource(file, "ApicalRawFrames", null, 3, 0, false,
                false));
        assertTrue(e.getMessage().contains("frames.geometry.planes is 3, the recording holds 2 planes"), e.getMessage());
        e = assertThrows(IOException.class, () -> new XdfRawFrameSource(file, "ApicalROIs", null, 0, 0, false, false));
        assertTrue(e.getMessage().contains("raw frames are int16 samples, the stream is double64"), e.getMessage());
    }

    @Test
    void aBridgeStoppedAfterAVolumeStillRecordsThatVolumesRawFrames() throws Exception {
        Path stack = dir.resolve("stack.tif");
        List<short[]> sent = frames();
        TiffStack.write(stack, G.lines(), G.pixels(), sent);
        Path file = dir.resolve("stopped.xdf");
        FramesRecording rec;
        try (FramesFrameSource s = PlanesTest.volumes(new TiffFrameSource(stack, G, 60, false, false, 1),
                PlanesTest.rois())) {
            rec = FramesRecording.start(file, s, true);
            Frame f = new Frame(s.description().channelCount());
            for (int k = 0; k < 3; k++) {
                assertTrue(s.next(f));
                rec.sample(f);
            }
        } // closed after its third volume, as a stop does, without asking for a fourth
        rec.close();
        assertEquals(6, rec.raw().recorded());
        XdfFile xdf = XdfReader.read(file);
        assertEquals(3, xdf.stream("ApicalROIs").samples());
        assertEquals(6, xdf.stream("ApicalRawFrames").samples());
        try (XdfSampleCursor c = XdfSampleCursor.open(file, "ApicalRawFrames")) {
            short[] row = new short[G.pixelCount()];
            for (int k = 0; k < 6; k++) assertTrue(c.next(row));
            assertArrayEquals(sent.get(5), row, "the last frame, lent when the source closed");
        }
    }
}
