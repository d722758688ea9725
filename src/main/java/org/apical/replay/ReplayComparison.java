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
 */
public final class ReplayComparison implements EventHandler<Frame> {

    private final XdfStream recorded;
    private final boolean cutShort;
    private final List<String> events = new ArrayList<>();
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
    }

    private boolean allCompared() { return cutShort || frames == recorded.samples(); }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) return;
        for (int i = 0; i < f.eventCount; i++) events.add(TaskEvent.marker(f.events[i]));
        long k = frames++;
        if (recorded == null || k >= recorded.samples()) return;
        boolean angle = Double.doubleToLongBits(f.angle) == Double.doubleToLongBits(recorded.value((int) k, DecoderRow.ANGLE));
        boolean reward = f.rewardRequested == (recorded.value((int) k, DecoderRow.REWARD) != 0);
        boolean state = (f.state == null ? -1 : f.state.ordinal()) == (int) recorded.value((int) k, DecoderRow.STATE);
        if (!angle) angleMismatches++;
        if (!reward) rewardMismatches++;
        if (!state) stateMismatches++;
        if ((!angle || !reward || !state) && firstDifference < 0) firstDifference = k;
    }

    public List<String> events() { return events; }

    /** null when the file holds nothing to compare. */
    public Boolean anglesIdentical() {
        return recorded == null ? null : angleMismatches == 0 && allCompared();
    }

    public Boolean rewardsIdentical() {
        return recorded == null ? null : rewardMismatches == 0 && allCompared();
    }

    public Boolean statesIdentical() {
        return recorded == null ? null : stateMismatches == 0 && allCompared();
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
