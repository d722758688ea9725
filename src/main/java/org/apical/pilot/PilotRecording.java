package org.apical.pilot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apical.config.ConfigException;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.RigConfig;
import org.apical.core.Frame;
import org.apical.core.StreamDescription;
import org.apical.decode.Normaliser;
import org.apical.lsl.StreamDescriptions;
import org.apical.replay.RecordedSession;
import org.apical.replay.XdfFrameSource;
import org.apical.session.Session;
import org.apical.sim.Pacer;
import org.apical.xdf.XdfStream;

/**
 * One recording held in memory for piloting: read once, decided by many decoders. What every decoder sees the same
 * (timestamps, lost samples, the ages a live session recorded) is taken once from the replay source; each channel's
 * dF/F is computed once per normalise setting by the session's own normaliser and shared, since it depends on nothing
 * else. Safe for many threads.
 */
public final class PilotRecording {
    private final RecordedSession rec;
    private final Definitions recorded;
    private final RigConfig rig;
    private final StreamDescription description;
    private final double[] timestamps;
    private final long[] gaps;
    private final double[] ages;
    private final Map<Key, double[]> normalised = new ConcurrentHashMap<>();
    private volatile String sha256;

    private record Key(DecoderConfig.Normalise spec, int channel) {}

    private PilotRecording(RecordedSession rec, Definitions recorded, RigConfig rig) {
        this.rec = rec;
        this.recorded = recorded;
        this.rig = rig;
        XdfStream input = rec.input();
        this.description = StreamDescriptions.of(input.header(), rig.input().pairs(), rig.input().spikes());
        if (!(description.nominalRate() > 0)) {
            throw new ConfigException(rec.file() + ": stream '" + input.name() + "' has an irregular rate"
                    + " (nominal_srate 0); a decoder needs a regular frame or bin rate");
        }
        int n = input.samples();
        timestamps = new double[n];
        gaps = new long[n];
        double[] age = new double[n];
        boolean anyAge = false;
        XdfFrameSource source = new XdfFrameSource(input, description, new Pacer(Double.POSITIVE_INFINITY),
                rec.decoder()).copyingOnly(new int[0]);
        Frame f = new Frame(description.channelCount());
        try {
            for (int i = 0; i < n; i++) {
                f.clear();
                if (!source.next(f)) throw new IllegalStateException("the replay source ended early at " + i);
                timestamps[i] = f.timestamp;
                gaps[i] = f.gapBefore;
                age[i] = f.age;
                anyAge |= !Double.isNaN(f.age);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ages = anyAge ? age : null;
    }

    /**
     * @param stream      the input stream's name (files with several numeric streams), or null for the first one
     * @param fallbackRig the rig to read a file with no recorded definitions with (spikes or imaging, pairs, limits)
     */
    public static PilotRecording read(Path file, String stream, RigConfig fallbackRig) {
        RecordedSession rec = RecordedSession.read(file, stream);
        Definitions recorded = rec.definitions();
        RigConfig rig = recorded != null ? recorded.rig() : fallbackRig;
        // spike events (another tool's recording, or a session's raw events asked for by name): binned as live
        if (rec.inputIsSpikeEvents()) rec = rec.withEventsBinned(rig.input().spikeEvents() ? rig.input().events() : null);
        return new PilotRecording(rec, recorded, rig);
    }

    public Path file() { return rec.file(); }
    public RecordedSession session() { return rec; }
    public StreamDescription description() { return description; }
    public int frames() { return timestamps.length; }
    public double rate() { return description.nominalRate(); }

    /** The definitions the recording was made with (an Apical session), or null (another tool's file). */
    public Definitions recorded() { return recorded; }

    /** The rig a run on this recording uses: the recorded one, else the one given for foreign files. */
    public RigConfig rig() { return rig; }

    /** An Apical session that ran the closed loop: it holds the decisions and the events the animal saw. */
    public boolean closedLoop() {
        return recorded != null && rec.decoder() != null && rec.events() != null;
    }

    /** "stream 'X' of FILE", for messages. */
    public String streamWhat() { return "stream '" + description.name() + "' of " + rec.file(); }

    /** The SHA-256 of the file's bytes (hex), computed once. */
    public String sha256() {
        String s = sha256;
        if (s == null) sha256 = s = sha256(rec.file());
        return s;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + file + ": " + e, e);
        }
    }

    /**
     * Checks a decoder's channels against this recording's stream, naming the file, the stream and the field, and
     * returns it with ensembles given as labels turned into ROI indices.
     */
    public DecoderConfig check(Definitions defs) {
        DecoderConfig d = defs.decoder().withLabelsResolved(description.labels(), streamWhat());
        defs.withDecoder(d).checkChannels(description.channelCount(), streamWhat() + " ("
                + description.channelCount() + " channels)");
        return d;
    }

    /** Each of {@code channels}' dF/F over the whole recording, as the session's normaliser computes it. */
    double[][] normalised(DecoderConfig d, int[] channels) {
        double[][] out = new double[channels.length][];
        for (int k = 0; k < channels.length; k++) {
            int c = channels[k];
            out[k] = normalised.computeIfAbsent(new Key(d.normalise(), c), key -> normalise(d, c));
        }
        return out;
    }

    private double[] normalise(DecoderConfig d, int channel) {
        Normaliser normaliser = Session.normaliser(d, new int[] {channel}, description);
        XdfStream input = rec.input();
        int n = input.samples();
        double[] raw = new double[description.channelCount()];
        double[] norm = new double[description.channelCount()];
        double[] series = new double[n];
        for (int i = 0; i < n; i++) {
            raw[channel] = input.value(i, channel);
            normaliser.apply(raw, norm);
            series[i] = norm[channel];
        }
        return series;
    }

    /** The recording as a source whose frames arrive normalised for {@code channels} (no allocation per frame). */
    NormalisedSource source(DecoderConfig d, int[] channels) {
        return new NormalisedSource(description, timestamps, gaps, ages, channels, normalised(d, channels));
    }
}
