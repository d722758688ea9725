package org.apical.cli;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class InformationBenchCommandTest {
    @Test
    void smallBenchPrintsStageFiguresAndEstimatesNearTheModel() throws Exception {
        CommandRun r = CommandRun.of("bench", "information", "--neurons", "60",
                "--trials", "1500", "--repeats", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("means + pooled covariance"), r.out());
        JsonNode j = r.json();
        assertEquals(60, j.get("neurons").asInt());
        assertTrue(j.get("total_s").asDouble() > 0);
        double truth = j.get("truth_real").asDouble();
        assertTrue(Math.abs(j.get("real_bc").asDouble() - truth) < 0.15 * truth, j.toString());
    }
}
