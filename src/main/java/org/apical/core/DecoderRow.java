package org.apical.core;


/**
 * What the decoder and the task made of one frame, as one row of numbers: the layout of the {@code ApicalDecoder}
 * stream that Apical publishes on LSL and records, and that replay compares against.
 */
public final class DecoderRow {
    private DecoderRow() {}

    public static final String[] CHANNELS = {"plus", "minus", "signal", "smoothed", "cursor", "decoded_angle", "angle",
            "level", "state", "trial", "reward", "age"};
    public static final int ANGLE = 6;
    public static final int LEVEL = 7;
    public static final int STATE = 8;
    public static final int REWARD = 10;
    /** Seconds from the source timestamp to the decision (NaN when unknown); a replay decides staleness from it. */
    public static final int AGE = 11;

    /** Fills {@code row} (length {@link #CHANNELS}) from the frame; allocates nothing. */
    public static void fill(Frame f, double[] row) {
        row[0] = f.plus;
        row[1] = f.minus;
        row[2] = f.signal;
        row[3] = f.smoothed;
        row[4] = f.cursor;
        row[5] = f.decodedAngle;
        row[ANGLE] = f.angle;
        row[7] = f.level;
        row[STATE] = f.state == null ? -1 : f.state.ordinal();
        row[9] = f.trial;
        row[REWARD] = f.rewardRequested ? 1 : 0;
        row[AGE] = f.age;
    }
}
