package org.apical.config;

/** One reward output named in a rig file. */
public sealed interface RewardOutputSpec {

    /** Counts and logs rewards; no hardware. */
    record Simulated() implements RewardOutputSpec {}

    static RewardOutputSpec read(ConfigNode n) {
        String type = n.choice("type", "simulated", "simulated");
        RewardOutputSpec spec = switch (type) {
            default -> new Simulated();
        };
        n.finish();
        return spec;
    }
}
