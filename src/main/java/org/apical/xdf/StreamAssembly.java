package org.apical.xdf;

import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * A read stream's samples made into an {@link XdfStream}: clock synchronisation, dejittering and the effective rate,
 * the same whichever reader decoded them.
 */
final class StreamAssembly {
    private StreamAssembly() {}

    static XdfStream of(int id, StreamInfo info, double[] raw, SampleValues all, double[] ct, double[] cv,
                        StreamFooterInfo footer, XdfReadOptions o) {
        int n = raw.length;
        double[] ts = raw.clone();
        double[] fit = {0, 0};
        if (o.synchronizeClocks() && ct.length > 0) {
            fit = ClockSync.fit(ct, cv, o.robustClockFit());
            ClockSync.apply(ts, fit);
        }
        double rate;
        if (o.dejitter() && !canDropSamples(info)) {
            rate = Dejitter.apply(ts, info.nominalSrate());
        } else {
            rate = info.nominalSrate() > 0 && n > 1 && ts[n - 1] > ts[0] ? (n - 1) / (ts[n - 1] - ts[0]) : 0;
        }
        return new XdfStream(id, info, ts, raw, all, ct, cv, fit, footer, rate);
    }

    /** True if {@code desc/synchronization/can_drop_samples} is "true" (pyxdf then does not dejitter). */
    private static boolean canDropSamples(StreamInfo info) {
        XmlElement sync = info.desc().child("synchronization");
        return sync != null && sync.childText("can_drop_samples").trim().equalsIgnoreCase("true");
    }
}
