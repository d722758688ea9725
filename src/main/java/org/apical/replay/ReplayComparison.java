package org.apical.replay;

import com.lmax.disruptor.EventHandler;
import java.util.ArrayList;
import java.util.List;
import org.apical.core.DecoderRow;
import org.apical.core.Frame;
import org.apical.core.TaskEvent;
import org.apical.xdf.XdfStream;

/**
 * Side consumer that compares every replayed frame with what the recording says the session decided: the angle shown
 * (bit for bit), the task state and the reward flag, and collects the replay's events to compare with the recorded
 * ones afterwards.
 * <p>
 * Frame k is compared with recorded decision k while the two are in step (the same timestamp). When the file lacks
 * input frames the session decided on (a hole: the frame after it has a gap before it, and the recorded decisions
 * go on without one), the decisions after the hole were made with frames the replay never sees and cannot be
 * reproduced: the frames are re-aligned with the recorded decisions by timestamp to count what is missing, and every
 * frame from the first hole on is counted as not comparable, apart from the mismatches. The verdicts then say whether
 * the replay matched up to the hole.
 */
public final class ReplayComparison implements EventHandler<Frame> {

    private final XdfStream recorded;
    private final double[] stamps;
    /** The recorded stream's frame period (0 for an irregular stream). */
    private final double period;
    /** How far apart two timestamps of the same frame may be (a quarter frame; exact for irregular streams). */
    private final double tolerance;
    private final boolean cutShort;
    private final List<String> events = new ArrayList<>();
    private final List<Hole> holes = new ArrayList<>();
    /** The recorded decision the next frame is aligned with. */
    private int row;
    /** A hole after which the frames could not be matched to the recorded decisions again. */
    private boolean lostStep;
    private int eventsBeforeHole = -1;
    private double lastComparableTimestamp = Double.NEGATIVE_INFINITY;
    private long compared;
    private long notComparable;
    private long missingInput;
    private long frames;
    private long angleMismatches;
    private long rewardMismatches;
    private long stateMismatches;
    private long firstDifference = -1;

    /** @param recorded the recorded ApicalDecoder stream, or null when the file has none */
    public ReplayComparison(XdfStream recorded) { this(recorded, false); }

    /**
     * @param cutShort the file is truncated (a session killed while recording): its input and decoder streams end at
     *                 different frames, so the frames both hold are compared
     */
    public ReplayComparison(XdfStream recorded, boolean cutShort) {
        this.recorded = recorded;
        this.cutShort = cutShort;
        this.stamps = recorded == null ? new double[0] : recorded.rawTimestamps();
        double rate = recorded == null ? 0 : recorded.header().nominalSrate();
        this.period = rate > 0 && Double.isFinite(rate) ? 1 / rate : 0;
        this.tolerance = period / 4;
    }

    /**
     * Input frames the recording decided on and the file lacks, before replayed frame {@code frame}.
     *
     * @param missing the recorded decisions skipped to re-align, or -1 when the frames after the hole match no
     *                recorded decision (their timestamps were lost with it)
     */
    public record Hole(long frame, long missing) {}

    private boolean allCompared() { return cutShort || !holes.isEmpty() || frames == recorded.samples(); }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        long k = frames++;
        int r = recorded == null ? -1 : align(f, k);
        if (!holes.isEmpty() && eventsBeforeHole < 0) eventsBeforeHole = events.size();
        for (int i = 0; i < f.eventCount; i++) events.add(TaskEvent.marker(f.events[i]));
        if (!holes.isEmpty()) {
            notComparable++;
            return;
        }
        lastComparableTimestamp = f.timestamp;
        if (r < 0) return;
        compared++;
        boolean angle = Double.doubleToLongBits(f.angle) == Double.doubleToLongBits(recorded.value(r, DecoderRow.ANGLE));
        boolean reward = f.rewardRequested == (recorded.value(r, DecoderRow.REWARD) != 0);
        boolean state = (f.state == null ? -1 : f.state.ordinal()) == (int) recorded.value(r, DecoderRow.STATE);
        if (!angle) angleMismatches++;
        if (!reward) rewardMismatches++;
        if (!state) stateMismatches++;
        if ((!angle || !reward || !state) && firstDifference < 0) firstDifference = k;
    }

    /**
     * The recorded decision of frame {@code k} (-1: none). In step it is the next one. A frame after a gap (missing
     * frames by the input's rate or index) where the recorded decisions go on without one is after a hole in the
     * file's input: the decisions in between belong to the missing frames. They are skipped up to the decision with
     * the frame's timestamp, or by the gap's count when the frame's timestamp was deduced across the hole (it then
     * equals a missing frame's); likewise for a first frame later than the first decision.
     */
    private int align(Frame f, long k) {
        if (row >= stamps.length || lostStep) return -1; // beyond the recorded decisions (a file cut short)
        double t = f.timestamp;
        boolean hole = k == 0 ? stamps[0] < t - tolerance : f.gapBefore > 0 && !recordedGapBefore(row);
        if (!hole) return row++;
        int j = row + 1;
        while (j < stamps.length && stamps[j] < t - tolerance) j++;
        if (!(j < stamps.length && Math.abs(stamps[j] - t) <= tolerance)) {
            j = k > 0 && f.gapBefore < stamps.length - row ? row + (int) f.gapBefore : -1;
        }
        if (j < 0) {
            holes.add(new Hole(k, -1));
            lostStep = true;
            return -1;
        }
        holes.add(new Hole(k, j - row));
        missingInput += j - row;
        row = j;
        return row++;
    }

    /** The live session also had frames missing before decision {@code r} (lost before it received them). */
    private boolean recordedGapBefore(int r) {
        return r > 0 && period > 0 && stamps[r] - stamps[r - 1] > 1.5 * period;
    }

    public List<String> events() { return events; }

    /** The replay's events up to the first hole in the input (all of them when there is none). */
    public List<String> comparableEvents() {
        return eventsBeforeHole < 0 ? events : events.subList(0, eventsBeforeHole);
    }

    /** The holes in the input, in order (empty when the input holds every frame the session decided on). */
    public List<Hole> holes() { return List.copyOf(holes); }

    /**
     * The timestamp of the last frame before the first hole (−∞ for a hole at the start): the recorded events up to
     * it are what the replay's {@link #comparableEvents()} compare with.
     */
    public double lastComparableTimestamp() { return lastComparableTimestamp; }

    /** Frames compared with a recorded decision. */
    public long compared() { return compared; }

    /** Frames from the first hole in the input on, which are not compared. */
    public long notComparable() { return notComparable; }

    /** Recorded decisions whose input frames the file lacks (in the holes that could be measured). */
    public long missingInput() { return missingInput; }

    /** null when the file holds nothing to compare (or nothing before a hole at its start). */
    public Boolean anglesIdentical() { return verdict(angleMismatches); }

    public Boolean rewardsIdentical() { return verdict(rewardMismatches); }

    public Boolean statesIdentical() { return verdict(stateMismatches); }

    private Boolean verdict(long mismatches) {
        if (recorded == null || (!holes.isEmpty() && compared == 0)) return null;
        return mismatches == 0 && allCompared();
    }

    public long angleMismatches() { return angleMismatches; }
    public long rewardMismatches() { return rewardMismatches; }
    public long firstDifference() { return firstDifference; }
    public long frames() { return frames; }

    /**
     * The outcomes of a replay against those recorded: equal, or for a file cut short, the shorter a prefix of the
     * longer (the events and the input stream end at different points of the session).
     */
    public static boolean sameOutcomes(List<String> recorded, List<String> replayed, boolean cutShort) {
        if (!cutShort) return recorded.equals(replayed);
        int n = Math.min(recorded.size(), replayed.size());
        return recorded.subList(0, n).equals(replayed.subList(0, n));
    }

    /** The markers that define outcomes (trial starts and how each ended), for comparing two runs. */
    public static List<String> outcomes(List<String> markers) {
        List<String> out = new ArrayList<>();
        for (String m : markers) {
            if (m.startsWith("trial_start") || m.startsWith("hit ") || m.startsWith("timeout") || m.startsWith("floor_fail")
                    || m.startsWith("trial_aborted") || m.startsWith("stale_input") || m.startsWith("reward ")) {
                out.add(m);
            }
        }
        return out;
    }
}
