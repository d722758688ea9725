package org.apical.spikes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apical.core.FrameSource;

/**
 * A session source that bins spike events itself (a live stream, the simulated sorter): its frames are bins, and the
 * events behind them can be recorded as received.
 */
public interface BinnedEvents extends FrameSource {
    SpikeEventLayout layout();

    /** Hands every event, as received, to {@code sink} from now on (set before the session starts). */
    void recordTo(RawEventSink sink);

    /**
     * Once {@code afterBins} bins are closed (the decoder's baseline), tells {@code to} which of {@code channels}
     * (the units the decoder names) have sent nothing, once, from the source's thread.
     */
    void reportSilentUnits(int afterBins, int[] channels, Consumer<String> to);

    SpikeEventStats stats();

    /** The units of {@code channels} with no spike counted yet; tells {@code to} when there are any. */
    static List<String> reportSilent(SpikeBinner binner, SpikeEventLayout layout, int[] channels, long bins,
                                     Consumer<String> to) {
        List<String> silent = new ArrayList<>();
        for (int c : channels) if (binner.countOf(c) == 0) silent.add(layout.units().label(c));
        if (to != null && !silent.isEmpty()) {
            to.accept("input: the decoder names unit" + (silent.size() == 1 ? " " : "s ") + String.join(", ", silent)
                    + " but stream '" + layout.events().name() + "' sent no spike of " + (silent.size() == 1 ? "it"
                    : "them") + " during the baseline (" + bins + " bins); check the sorter's unit ids against the"
                    + " decoder");
        }
        return List.copyOf(silent);
    }
}
