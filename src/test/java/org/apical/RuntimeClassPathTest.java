package org.apical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the launcher runs ({@code target/classes} + {@code target/lib}, filled by Maven before the tests) holds no
 * benchmark harness: JMH and what it pulls in live only with the benchmarks, in {@code target/jmh-classes}.
 */
class RuntimeClassPathTest {
    private static final Path TARGET = Path.of("target");
    private static final List<String> BENCHMARK_ONLY = List.of("jmh-", "jopt-simple-");

    @Test
    void targetLibHoldsTheRuntimeDependenciesAndNoJmh() throws IOException {
        Path lib = TARGET.resolve("lib");
        assertTrue(Files.isDirectory(lib), lib.toAbsolutePath() + " is missing: Maven copies it in process-classes");
        List<String> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("disruptor-")), "no disruptor jar in target/lib: " + jars);
        List<String> benchmarkJars = jars.stream()
                .filter(j -> BENCHMARK_ONLY.stream().anyMatch(j::startsWith)).toList();
        assertEquals(List.of(), benchmarkJars, "benchmark-only jars on the runtime class path (target/lib)");
    }

    @Test
    void theAppClassesHoldNoJmhCode() throws IOException {
        Path classes = TARGET.resolve("classes");
        assertFalse(Files.exists(classes.resolve("META-INF/BenchmarkList")), "JMH's BenchmarkList in " + classes);
        try (Stream<Path> s = Files.walk(classes)) {
            List<Path> generated = s.filter(p -> p.getFileName().toString().contains("jmh_generated")).toList();
            assertEquals(List.of(), generated, "JMH-generated code in " + classes + " (stale? run mvn clean)");
        }
    }

    @Test
    void theBenchmarkSourceSetIsCompiledWithItsJmhHarness() throws IOException {
        Path list = TARGET.resolve("jmh-classes/META-INF/BenchmarkList");
        assertTrue(Files.isRegularFile(list), list.toAbsolutePath() + " is missing: src/jmh/java was not compiled");
        String benchmarks = Files.readString(list);
        assertTrue(benchmarks.contains("org.apical.pipeline.DecisionPathBenchmark"), benchmarks);
        assertTrue(Files.isRegularFile(TARGET.resolve(
                "jmh-classes/org/apical/pipeline/jmh_generated/DecisionPathBenchmark_frame_jmhTest.class")));
        String classPath = Files.readString(TARGET.resolve("jmh-classpath.txt"));
        assertTrue(classPath.contains("jmh-core-"), "JMH missing from the benchmarks' class path: " + classPath);
    }
}
