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
            checkRois(p, sim.neurons() * 2, "the simulated rig's " + sim.neurons() * 2 + " channels ("
                    + rig.file() + ": sim.neurons)");
        }
    }

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
