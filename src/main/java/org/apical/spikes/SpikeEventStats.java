package org.apical.spikes;

import java.util.List;

/**
 * What became of a spike-event input's events: counted in a bin, late (after their bin had closed), ahead of the
 * open bins, of a unit id no bin channel has; the units the decoder names that sent nothing during the baseline
 * (null before the baseline ended); and how late bins were handed over past their close time.
 */
public record SpikeEventStats(String stream, double binSeconds, double latencySeconds, long bins, long events,
                              long counted, long late, long ahead, long unknown, List<String> silentUnits) {

    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "spike events from '%s': %d events, %d counted in %d bins of %.0f ms (closed %.0f ms after their end),"
                        + " %d late, %d ahead of the open bins, %d of unknown units%s", stream, events, counted, bins,
                binSeconds * 1e3, latencySeconds * 1e3, late, ahead, unknown,
                silentUnits == null ? "" : silentUnits.isEmpty() ? "; every unit the decoder names fired in the baseline"
                        : "; units the decoder names that sent nothing in the baseline: " + String.join(", ", silentUnits));
    }
}
