package org.apical.cli;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code bench jmh} starts JMH in a JVM of its own (JMH is not on Apical's class path), with one fork below it. */
class BenchJmhCommandTest {
    @Test
    void runsTheDecisionPathBenchmarkInItsOwnJvm() {
        CommandRun r = CommandRun.of("bench", "jmh", "DecisionPathBenchmark",
                "-p", "decoder=decoders/default.yaml", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*DecisionPathBenchmark\\.frame\\s+decoders/default\\.yaml\\s+avgt\\s+.*"),
                r.out());
    }

    @Test
    void anUnknownPatternFailsWithJmhsExitCode() {
        CommandRun r = CommandRun.of("bench", "jmh", "NoSuchBenchmarkAnywhere");
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.out().contains("No matching benchmarks"), r.out());
    }
}
