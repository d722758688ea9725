package org.apical.config;

/** Hot-path tuning: the Disruptor wait strategy and ring size. */
public record PipelineSection(String waitStrategy, int ringSize) {
    static PipelineSection read(ConfigNode n) {
        String wait = n.choice("wait_strategy", "yielding", "yielding", "busy-spin", "blocking", "sleeping");
        int ring = n.integer("ring_size", 1024, 8, 1 << 20);
        if (Integer.bitCount(ring) != 1) n.problem("ring_size", "must be a power of two, found " + ring);
        n.finish();
        return new PipelineSection(wait, Integer.bitCount(ring) == 1 ? ring : 1024);
    }
}
