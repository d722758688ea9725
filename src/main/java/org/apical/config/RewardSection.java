package org.apical.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reward delivery and the animal's safety limits. The limits are enforced by Apical whatever the device does.
 * Each output is one mapping with a {@code type}; see {@link RewardOutputSpec}.
 */
public record RewardSection(double volumeUl, Duration minInterval, int maxPerSession, double maxValveOpenMs,
                            Duration stallTimeout, List<RewardOutputSpec> outputs) {

    static RewardSection read(ConfigNode n) {
        double volume = n.number("volume_ul", 4, 0, 100);
        Duration minInterval = Duration.read(n, "min_interval", Duration.seconds(1));
        int max = n.integer("max_per_session", 500, 0, 100_000);
        double maxOpen = n.number("max_valve_open_ms", 250, 1, 5_000);
        Duration stall = Duration.read(n, "stall_timeout", Duration.seconds(1));
        List<RewardOutputSpec> outputs = new ArrayList<>();
        for (ConfigNode o : n.children("outputs")) outputs.add(RewardOutputSpec.read(o));
        if (!n.has("outputs")) outputs.add(new RewardOutputSpec.Simulated());
        n.finish();
        return new RewardSection(volume, minInterval, max, maxOpen, stall, List.copyOf(outputs));
    }
}
