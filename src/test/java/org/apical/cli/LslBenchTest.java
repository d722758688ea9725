package org.apical.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import org.apical.lsl.LslConfig;

/** The benchmark runs and reports every field (figures are printed by `apical bench lsl`, never asserted). */
class LslBenchTest {
    @Test
    @SuppressWarnings("unchecked")
    void apicalOnlyRunReportsEveryCaseAndField() throws Exception {
            Map<String, Object> r = LslBench.run(null, 0.2, LslConfig.machineOnly());
            List<Map<String, Object>> cases = (List<Map<String, Object>>) r.get("cases");
            assertEquals(2, cases.size());
            for (Map<String, Object> c : cases) {
                Map<String, Object> a = (Map<String, Object>) ((Map<String, Object>) c.get("pairs")).get("apical->apical");
                assertTrue(((Number) a.get("paced_received")).longValue() > 0, a.toString());
                assertTrue(((Map<String, Object>) a.get("latency_us")).get("p99") instanceof Number, a.toString());
                assertTrue(((Number) a.get("throughput_sps")).doubleValue() > 0, a.toString());
            }
    }
}
