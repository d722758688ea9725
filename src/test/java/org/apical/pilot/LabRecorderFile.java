package org.apical.pilot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.apical.xdf.XdfWriter;

/**
 * A recording as another tool leaves it (LabRecorder's layout): an acquisition's numeric stream with its channel
 * map (labels {@code roi-0}, {@code roi-1}, …) in desc, a marker stream beside it, no Apical streams. Each ROI's
 * fluorescence fluctuates slowly around its own level.
 */
final class LabRecorderFile {
    static final double RATE = 30;

    private LabRecorderFile() {}

    static Path write(Path file, String streamName, int channels, int frames, long seed) throws IOException {
        List<XmlElement> chans = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            chans.add(XmlElement.of("channel", XmlElement.text("label", "roi-" + c), XmlElement.text("type", "soma"),
                    XmlElement.text("unit", "a.u.")));
        }
        StreamInfo info = StreamInfo.recorded(streamName, "Imaging", channels, RATE, ChannelFormat.FLOAT32,
                "scope-1").withDesc(XmlElement.of("desc", XmlElement.of("channels", chans)));
        try (XdfWriter w = XdfWriter.create(file)) {
            int id = w.addStream(info);
            int marks = w.addStream(StreamInfo.recorded("ScopeMarkers", "Markers", 1, 0, ChannelFormat.STRING, "m-1"));
            SplittableRandom r = new SplittableRandom(seed);
            float[] row = new float[channels];
            double[] z = new double[channels];
            double[] level = new double[channels];
            for (int c = 0; c < channels; c++) level[c] = 300 + 400 * r.nextDouble();
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    z[c] = 0.93 * z[c] + 0.35 * r.nextGaussian();
                    row[c] = (float) (level[c] * (1 + 0.25 * Math.max(0, z[c]) + 0.02 * r.nextGaussian()));
                }
                w.appendFloats(id, 5000 + i / RATE, row);
                if (i % 900 == 0) w.appendStrings(marks, 5000 + i / RATE, "scan " + i);
            }
        }
        return file;
    }

    /** A file with a marker stream only: nothing to decode. */
    static Path markersOnly(Path file) throws IOException {
        try (XdfWriter w = XdfWriter.create(file)) {
            int marks = w.addStream(StreamInfo.recorded("ScopeMarkers", "Markers", 1, 0, ChannelFormat.STRING, "m-1"));
            w.appendStrings(marks, 1, "start");
        }
        return file;
    }
}
