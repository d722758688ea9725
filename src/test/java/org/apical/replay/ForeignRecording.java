package org.apical.replay;

import java.io.IOException;
import java.nio.file.Path;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfWriter;

/**
 * An XDF file as another tool (LabRecorder) leaves it, to publish: a numeric stream whose channel 0 holds the
 * sample's index (so a consumer can tell which samples it got), and a marker stream whose first marker comes with
 * the first sample. No Apical streams.
 */
public final class ForeignRecording {
    public static final double RATE = 100;
    public static final int CHANNELS = 3;

    private ForeignRecording() {}

    /** {@code samples} samples of {@code name} at 100 Hz from t = 5000 s, a marker {@code "mark K"} every 50. */
    public static Path write(Path file, String name, int samples) throws IOException {
        try (XdfWriter w = XdfWriter.create(file)) {
            int id = w.addStream(StreamInfo.recorded(name, "EEG", CHANNELS, RATE, ChannelFormat.FLOAT32, name + "-src"));
            int marks = w.addStream(StreamInfo.recorded(name + "Markers", "Markers", 1, 0, ChannelFormat.STRING,
                    name + "-markers"));
            float[] row = new float[CHANNELS];
            for (int i = 0; i < samples; i++) {
                row[0] = i;
                row[1] = -i;
                row[2] = 0.5f * i;
                w.appendFloats(id, 5000 + i / RATE, row);
                if (i % 50 == 0) w.appendStrings(marks, 5000 + i / RATE, "mark " + i);
            }
        }
        return file;
    }

    /** Markers in the file {@link #write} writes. */
    public static int markers(int samples) { return (samples + 49) / 50; }
}
