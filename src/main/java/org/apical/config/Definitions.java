package org.apical.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rig, a decoder and a stimulus loaded together and checked against each other (preflight). Every problem in
 * all three files is reported at once, each with its file and field.
 */
public record Definitions(RigConfig rig, DecoderConfig decoder, StimulusConfig stimulus) {

    public Definitions withRig(RigConfig r) { return new Definitions(r, decoder, stimulus); }

    public Definitions withDecoder(DecoderConfig d) { return new Definitions(rig, d, stimulus); }

    public Definitions withStimulus(StimulusConfig s) { return new Definitions(rig, decoder, s); }

    public static Definitions load(Path rig, Path decoder, Path stimulus) {
        Problems p = new Problems();
        RigConfig r = RigConfig.read(ConfigNode.load(rig, p), text(rig));
        DecoderConfig d = DecoderConfig.read(ConfigNode.load(decoder, p), text(decoder));
        StimulusConfig s = StimulusConfig.read(ConfigNode.load(stimulus, p), text(stimulus));
        Definitions defs = new Definitions(r, d, s);
        defs.crossCheck(p);
        p.throwIfAny();
        return defs;
    }

    /** From texts held in memory, e.g. the definitions recorded inside a session file. */
    public static Definitions parse(String rigText, String rigName, String decoderText, String decoderName,
                                    String stimulusText, String stimulusName) {
        Problems p = new Problems();
        RigConfig r = RigConfig.read(ConfigNode.parse(rigText, rigName, p), rigText);
        DecoderConfig d = DecoderConfig.read(ConfigNode.parse(decoderText, decoderName, p), decoderText);
        StimulusConfig s = StimulusConfig.read(ConfigNode.parse(stimulusText, stimulusName, p), stimulusText);
        Definitions defs = new Definitions(r, d, s);
        defs.crossCheck(p);
        p.throwIfAny();
        return defs;
    }

    /**
     * Definitions for a run on a recording (a pilot): checked against each other like {@link #load}, except the
     * simulated rig's channel count, since the channels are the recording's ({@link #checkChannels} checks those).
     */
    public static Definitions forRecording(RigConfig r, DecoderConfig d, StimulusConfig s) {
        Problems p = new Problems();
        Definitions defs = new Definitions(r, d, s);
        defs.crossCheck(p, false);
        p.throwIfAny();
        return defs;
    }

    /** One decoder file on its own (validated; every problem named by file and field). */
    public static DecoderConfig loadDecoder(Path file) {
        Problems p = new Problems();
        DecoderConfig d = DecoderConfig.read(ConfigNode.load(file, p), text(file));
        p.throwIfAny();
        return d;
    }

    /** A decoder from text held in memory (a variant of a sweep), named {@code fileName} in messages. */
    public static DecoderConfig parseDecoder(String text, String fileName) {
        Problems p = new Problems();
        DecoderConfig d = DecoderConfig.read(ConfigNode.parse(text, fileName, p), text);
        p.throwIfAny();
        return d;
    }

    public static StimulusConfig loadStimulus(Path file) {
        Problems p = new Problems();
        StimulusConfig s = StimulusConfig.read(ConfigNode.load(file, p), text(file));
        p.throwIfAny();
        return s;
    }

    public static RigConfig loadRig(Path file) {
        Problems p = new Problems();
        RigConfig r = RigConfig.read(ConfigNode.load(file, p), text(file));
        p.throwIfAny();
        return r;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Checks that need two files at once. Checks against the live stream are in {@link #checkChannels}. */
    private void crossCheck(Problems p) { crossCheck(p, true); }

    private void crossCheck(Problems p, boolean simulatedChannels) {
        var m = decoder.mapping();
        for (double angle : new double[] {stimulus.startAngle(), stimulus.targetAngle()}) {
            if (angle < m.minAngle() || angle > m.maxAngle()) {
                p.add(stimulus.file(), angle == stimulus.targetAngle() ? "angles.target" : "angles.start",
                        angle + "° is outside the decoder's angle limits [" + m.minAngle() + ", " + m.maxAngle()
                                + "] (" + decoder.file() + ": mapping.min_angle/max_angle)");
            }
        }
        if (stimulus.startAngle() == stimulus.targetAngle()) {
            p.add(stimulus.file(), "angles", "start and target are the same orientation: every trial would be a hit");
        }
        if (simulatedChannels && rig.input().simulated()) {
            SimSection sim = rig.sim();
            int channels = rig.input().spikes() ? sim.neurons() : sim.neurons() * 2;
            checkRois(p, channels, "the simulated rig's " + channels + " channels (" + rig.file() + ": sim.neurons)");
            checkSizes(p, channels, sim.rateHz(), "the simulated rig's " + fmt(sim.rateHz()) + " Hz ("
                    + rig.file() + ": sim.rate_hz)", Runtime.getRuntime().maxMemory());
        }
    }

    /**
     * What a session of these definitions on a stream of {@code channels} channels at {@code rateHz} needs: the
     * decoder's ROIs within the stream, and its windows and ring within the memory this JVM may use, so that a
     * session that passes preflight also starts.
     *
     * @param rateWhat how to name the rate in a message, e.g. "stream 'Rig2P''s 30 Hz"
     */
    public void checkStream(int channels, double rateHz, String streamWhat, String rateWhat) {
        Problems p = new Problems();
        checkRois(p, channels, streamWhat);
        checkSizes(p, channels, rateHz, rateWhat, Runtime.getRuntime().maxMemory());
        p.throwIfAny();
    }

    /** Longest window (normalise, baseline history) in frames: far beyond any session, well within an array. */
    static final long MAX_WINDOW_FRAMES = 100_000_000L;

    private void checkSizes(Problems p, int channels, double rateHz, String rateWhat, long maxMemory) {
        DecoderConfig.Normalise norm = decoder.normalise();
        long window = frames(norm.window(), rateHz);
        long baseline = frames(decoder.task().baseline(), rateHz) + 2;
        checkWindow(p, "normalise.window", norm.window(), window, rateWhat);
        checkWindow(p, "task.baseline", decoder.task().baseline(), baseline, rateWhat);
        int decoded = decoder.plus().length + decoder.minus().length;
        boolean spikes = rig.input().spikes() || "zscore".equals(norm.method());
        boolean percentile = !spikes && "percentile".equals(norm.baseline());
        boolean stats = !percentile || norm.zscore();
        long perChannel = (percentile ? 16 : 0) + (stats ? 8 : 0);
        long windowBytes = Math.min(window, MAX_WINDOW_FRAMES) * perChannel * decoded
                + Math.min(baseline, MAX_WINDOW_FRAMES) * 8;
        long ringBytes = (long) rig.pipeline().ringSize() * channels * 16;
        long budget = maxMemory / 2;
        if (window <= MAX_WINDOW_FRAMES && baseline <= MAX_WINDOW_FRAMES && windowBytes > budget) {
            p.add(decoder.file(), "normalise.window", "a window of " + window + " frames over " + decoded
                    + " ROIs needs " + mb(windowBytes) + ", more than half the " + mb(maxMemory)
                    + " this Java may use (at " + rateWhat + ")");
        }
        if (ringBytes > budget) {
            p.add(rig.file(), "pipeline.ring_size", rig.pipeline().ringSize() + " frames of " + channels
                    + " channels need " + mb(ringBytes) + ", more than half the " + mb(maxMemory)
                    + " this Java may use; choose a smaller power of two");
        }
    }

    private void checkWindow(Problems p, String field, Duration d, long frames, String rateWhat) {
        if (frames > MAX_WINDOW_FRAMES) {
            p.add(decoder.file(), field, "'" + d + "' is " + frames + " frames at " + rateWhat + "; at most "
                    + MAX_WINDOW_FRAMES + " frames");
        }
    }

    private static long frames(Duration d, double rateHz) {
        double f = d.inFrames() ? d.value() : d.value() * rateHz;
        return f >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, Math.round(f));
    }

    private static String mb(long bytes) { return (bytes >> 20) + " MB"; }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

    /** Checks the decoder's ROI indices against the number of channels the input really has. */
    public void checkChannels(int channelCount, String streamDescription) {
        Problems p = new Problems();
        checkRois(p, channelCount, streamDescription);
        p.throwIfAny();
    }

    private void checkRois(Problems p, int channels, String what) {
        for (int roi : decoder.plus()) {
            if (roi >= channels) p.add(decoder.file(), "ensembles.plus", "ROI " + roi + " does not exist in " + what);
        }
        for (int roi : decoder.minus()) {
            if (roi >= channels) p.add(decoder.file(), "ensembles.minus", "ROI " + roi + " does not exist in " + what);
        }
        int[][] pairs = rig.input().pairs();
        if (pairs != null) {
            for (int i = 0; i < pairs[0].length; i++) {
                if (pairs[0][i] >= channels || pairs[1][i] >= channels) {
                    p.add(rig.file(), "input.pairs", "pair " + i + " (" + pairs[0][i] + ", " + pairs[1][i]
                            + ") names a channel that does not exist in " + what);
                }
            }
        }
    }
}
