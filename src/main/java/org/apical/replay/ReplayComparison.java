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
    private final List<String> events = new ArrayList<>();
    private long frames;
    private long angleMismatches;
    private long rewardMismatches;
    private long stateMismatches;
    private long firstDifference = -1;

    /** @param recorded the recorded ApicalDecoder stream, or null when the file has none */
    public ReplayComparison(XdfStream recorded) { this.recorded = recorded; }

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
        return recorded == null ? null : angleMismatches == 0 && frames == recorded.samples();
    }

    public Boolean rewardsIdentical() {
        return recorded == null ? null : rewardMismatches == 0 && frames == recorded.samples();
    }

    public Boolean statesIdentical() {
        return recorded == null ? null : stateMismatches == 0 && frames == recorded.samples();
    }

    public long angleMismatches() { return angleMismatches; }
    public long rewardMismatches() { return rewardMismatches; }
    public long firstDifference() { return firstDifference; }
    public long frames() { return frames; }

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
