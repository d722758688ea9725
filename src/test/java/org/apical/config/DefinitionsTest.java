package org.apical.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apical.TestDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsTest {
    static final String RIG = "input: {source: sim}\nsim: {neurons: 10}\n";
    static final String DECODER = "ensembles: {plus: [0, 1], minus: [2, 3]}\n";
    static final String STIM = "angles: {start: 0, target: 90}\n";

    static List<String> problems(String rig, String decoder, String stim) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestDefinitions.definitions(rig, decoder, stim));
        return e.problems();
    }

    static void assertProblem(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing [" + expected + "], got " + problems);
    }

    @Test
    void theLslBackendIsJavaUnlessTheRigSaysNativeAndNothingElse() throws Exception {
        assertEquals("java", TestDefinitions.definitions(RIG, DECODER, STIM).rig().input().backend());
        assertTrue(TestDefinitions.definitions("input: {source: sim, backend: native}\nsim: {neurons: 10}\n", DECODER, STIM)
                .rig().input().nativeBackend());
        assertProblem(problems("input: {source: sim, backend: liblsl}\nsim: {neurons: 10}\n", DECODER, STIM), "input.backend");
    }

    @Test
    void everyShippedDefinitionLoadsAndTheyFitTogether() throws IOException {
        Path root = Path.of(System.getProperty("user.dir"));
        try (Stream<Path> rigs = Files.list(root.resolve("rigs"))) {
            for (Path rig : rigs.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Problems p = new Problems();
                RigConfig.read(ConfigNode.load(rig, p), "");
                assertTrue(p.isEmpty(), rig + ": " + p.all());
            }
        }
        Definitions d = Definitions.load(root.resolve("rigs/sim.yaml"), root.resolve("decoders/reference-7step.yaml"),
                root.resolve("stimuli/reference.yaml"));
        assertEquals("discrete", d.decoder().mapping().mode());
        assertEquals(Duration.frames(870), d.decoder().task().trialLength());
        assertEquals(Duration.frames(3), d.decoder().task().rewardDelay());
        Definitions.load(root.resolve("rigs/sim.yaml"), root.resolve("decoders/default.yaml"),
                root.resolve("stimuli/grating.yaml"));
    }

    @Test
    void unknownFieldNamesFileFieldAndTheLikelyMeaning() {
        List<String> p = problems(RIG, DECODER + "smothing_frames: 3\n", STIM);
        assertProblem(p, "test-decoder.yaml: smothing_frames: unknown field (did you mean 'smoothing_frames'?)");
    }

    @Test
    void missingPlusListIsReported() {
        assertProblem(problems(RIG, "ensembles: {minus: [2]}\n", STIM), "test-decoder.yaml: ensembles.plus: is required");
    }

    @Test
    void roiBeyondTheChannelCountIsReportedAgainstTheStream() {
        List<String> p = problems(RIG, "ensembles: {plus: [0, 25], minus: [2]}\n", STIM);
        assertProblem(p, "test-decoder.yaml: ensembles.plus: ROI 25 does not exist in the simulated rig's 20 channels");
        Definitions ok = TestDefinitions.definitions(RIG, DECODER, STIM);
        ConfigException e = assertThrows(ConfigException.class, () -> ok.checkChannels(3, "stream 'Rig2P' (3 channels)"));
        assertTrue(e.getMessage().contains("ensembles.minus: ROI 3 does not exist in stream 'Rig2P' (3 channels)"),
                e.getMessage());
    }

    @Test
    void negativeHoldTimeIsReported() {
        assertProblem(problems(RIG, DECODER + "task: {hold: -1 s}\n", STIM),
                "test-decoder.yaml: task.hold: must not be negative, found '-1 s'");
        assertProblem(problems(RIG, DECODER + "task: {hold: soon}\n", STIM),
                "task.hold: must be a duration like '15 frames', '0.5 s' or '500 ms', found 'soon'");
    }

    @Test
    void targetOutsideTheAngleLimitsNamesBothFiles() {
        List<String> p = problems(RIG, DECODER + "mapping: {min_angle: 0, max_angle: 60}\n", STIM);
        assertProblem(p, "test-stimulus.yaml: angles.target: 90.0° is outside the decoder's angle limits [0.0, 60.0]"
                + " (test-decoder.yaml: mapping.min_angle/max_angle)");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        List<String> p = problems("pipeline: {wait_strategy: spinning, ring_size: 1000}\n" + RIG,
                "ensembles: {plus: [0], minus: [0]}\nmapping: {mode: polar}\n", "angles: {tolerance: -1}\n");
        assertProblem(p, "test-rig.yaml: pipeline.wait_strategy: must be one of yielding, busy-spin, blocking, sleeping,"
                + " found 'spinning'");
        assertProblem(p, "test-rig.yaml: pipeline.ring_size: must be a power of two, found 1000");
        assertProblem(p, "test-decoder.yaml: ensembles: ROI 0 is in both P+ and P−");
        assertProblem(p, "test-decoder.yaml: mapping.mode: must be one of position, velocity, discrete, found 'polar'");
        assertProblem(p, "test-stimulus.yaml: angles.tolerance: must be between 0 and 180, found -1");
        assertTrue(p.size() >= 5);
    }

    @Test
    void unknownDiscreteLevelRuleIsNamed() {
        assertProblem(problems(RIG, DECODER + "mapping: {mode: discrete, levels_from: ceiling}\n", STIM),
                "test-decoder.yaml: mapping.levels_from: must be one of below_floor, floor, found 'ceiling'");
        assertProblem(problems(RIG, DECODER + "mapping: {mode: discrete, levels: 2}\n", STIM),
                "test-decoder.yaml: mapping.levels: must be at least 3 with levels_from: below_floor");
        String twoLevels = DECODER + "mapping: {mode: discrete, levels: 2, levels_from: floor}\n";
        assertEquals(2, TestDefinitions.definitions(RIG, twoLevels, STIM).decoder().mapping().levels(),
                "two levels are fine with equal bins from the floor");
    }

    @Test
    void wrongTypesAreNamed() {
        assertProblem(problems(RIG, "ensembles: {plus: 3, minus: [1]}\n", STIM),
                "test-decoder.yaml: ensembles.plus: must be a list of whole numbers like [0, 1, 2], found 3");
        assertProblem(problems("sim: {neurons: many}\n", DECODER, STIM),
                "test-rig.yaml: sim.neurons: must be a whole number, found 'many'");
    }

    @Test
    void yamlSyntaxErrorsNameTheFileAndLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, "name: x\nensembles:\n  plus: [0, 1\n  minus: [2]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigNode.load(bad, new Problems()));
        assertTrue(e.getMessage().startsWith(bad + ": YAML syntax error at line"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ConfigNode.load(dir.resolve("nope.yaml"), new Problems()));
        assertTrue(missing.getMessage().endsWith("nope.yaml: no such file"), missing.getMessage());
    }
}
