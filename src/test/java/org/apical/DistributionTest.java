package org.apical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code ./apical dist} writes (scripts/dist.sh, built once here from the freshly packaged jar), unpacked
 * into a fresh folder and run from another one as on a rig PC: no JDK, Maven or JAVA_HOME reachable. The PATH starts
 * with a {@code java}, {@code mvn} and {@code jlink} that fail loudly, before /usr/bin (which holds a Java 17 on
 * some machines; the jar needs 25), and {@code --version} names the runtime that ran.
 * Runs after the package phase (its own Surefire execution in pom.xml).
 */
class DistributionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VERSION = System.getProperty("apical.version", "0.1.0");
    static final String NAME = "apical-" + VERSION;
    static final List<String> MODULES = List.of("java.base", "java.desktop", "java.logging", "java.management",
            "java.sql", "java.xml", "jdk.incubator.vector", "jdk.jfr", "jdk.management", "jdk.unsupported");
    /** jlink adds what those require: java.desktop needs java.datatransfer and java.prefs, java.sql java.transaction.xa. */
    static final List<String> REQUIRED_BY_THEM = List.of("java.datatransfer", "java.prefs", "java.transaction.xa");

    @TempDir static Path dir;
    static Path archive;
    static JsonNode built;
    static Path install;
    static Path fakeBin;

    record Run(int code, String out) {
        JsonNode json() throws IOException {
            String[] lines = out.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    /** Runs {@code command} in {@code cwd} with exactly {@code env}, output (both streams) to a file. */
    static Run run(Path cwd, Map<String, String> env, List<String> command) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 5 min:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    @BeforeAll
    static void buildAndUnpack() throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        // the JDK 25 this test runs on builds the runtime, as ./apical dist would with the JDK it found
        Run b = run(root, Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", System.getProperty("java.home")),
                List.of("bash", "scripts/dist.sh", "--json"));
        assertEquals(0, b.code(), "scripts/dist.sh failed:\n" + b.out());
        built = b.json();
        archive = Path.of(built.get("archive").asText());
        assertEquals(root.resolve("target/dist/" + NAME + "-linux-x64.tar.gz"), archive);
        Path where = Files.createDirectories(dir.resolve("opt"));
        Run t = run(where, Map.of("PATH", "/usr/bin:/bin"), List.of("tar", "xzf", archive.toString()));
        assertEquals(0, t.code(), t.out());
        install = where.resolve(NAME);
        fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        for (String tool : List.of("java", "mvn", "jlink")) {
            Path f = fakeBin.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho \"the PATH's " + tool + " was used\" >&2\nexit 99\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A user's shell on a rig PC without a JDK: a fresh home, a PATH whose java/mvn fail, no JAVA_HOME. */
    static Map<String, String> rigPc(Path home) {
        return Map.of("PATH", fakeBin + ":/usr/bin:/bin", "HOME", home.toString(), "LANG", "C.UTF-8");
    }

    static Path userFolder(String name) throws IOException {
        Path user = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(user.resolve(".home"));
        return user;
    }

    static Run apical(Path user, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(install.resolve("bin/apical").toString()));
        cmd.addAll(Arrays.asList(args));
        return run(user, env, cmd);
    }

    static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theArchiveHoldsOneFolderWithRuntimeApplicationDefinitionsAndDocs() throws Exception {
        try (Stream<Path> top = Files.list(install.getParent())) {
            assertEquals(List.of(NAME), top.map(p -> p.getFileName().toString()).toList(), "one folder in the archive");
        }
        assertTrue(Files.isExecutable(install.resolve("bin/apical")));
        assertTrue(Files.isExecutable(install.resolve("runtime/bin/java")));
        assertFalse(Files.exists(install.resolve("runtime/bin/javac")), "a runtime, not a JDK");
        for (String f : List.of("lib/apical.jar", "rigs/sim.yaml", "rigs/sim-spikes.yaml", "rigs/firmware/apical_valve/apical_valve.ino",
                "decoders/default.yaml", "stimuli/grating.yaml", "docs/lsl.md", "docs/xdf.md", "README.md")) {
            assertTrue(Files.isRegularFile(install.resolve(f)), f + " is in the archive");
        }
        try (Stream<Path> lib = Files.list(install.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(jars.stream().anyMatch(j -> j.matches("javafx-graphics-.*-linux\\.jar")),
                    "JavaFX with its Linux natives: " + jars);
            assertFalse(jars.stream().anyMatch(j -> j.startsWith("jmh-") || j.startsWith("junit")), "no test jars: " + jars);
        }
        // jlink writes the linked modules into the runtime's release file
        String release = Files.readString(install.resolve("runtime/release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        List<String> linked = Arrays.asList(modules.substring(9, modules.length() - 1).split(" "));
        List<String> expected = new ArrayList<>(MODULES);
        expected.addAll(REQUIRED_BY_THEM);
        assertEquals(expected.stream().sorted().toList(), linked.stream().sorted().toList(),
                "only the modules scripts/dist.sh names, and what they require");
        long bytes = Files.size(archive);
        assertEquals(bytes, built.get("bytes").asLong());
        assertTrue(bytes < 100L << 20, "the archive stays small enough to carry to a rig: " + bytes + " bytes");
    }

    @Test
    void versionRunsOnTheBundledRuntimeAndNothingFromPath() throws Exception {
        Path user = userFolder("version");
        Run r = apical(user, rigPc(user.resolve(".home")), "--version");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("apical " + VERSION + " (Java 25"), r.out());
        assertTrue(r.out().contains(" at " + install.resolve("runtime") + ")"), "names the bundled runtime: " + r.out());
        assertFalse(r.out().contains("was used"), r.out());
    }

    @Test
    void theInformationAnalysisHasTheVectorApiOfTheBundledRuntime() throws Exception {
        Path user = userFolder("vector");
        Run r = apical(user, rigPc(user.resolve(".home")), "bench", "information", "--neurons", "40", "--trials", "100",
                "--repeats", "1", "--json");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.json().get("vector_lanes").asInt() >= 2, "the scatter kernel ran on the vector API:\n" + r.out());
        // the JVM's one warning line about the incubator module comes first, never after the JSON line
        assertTrue(r.out().startsWith("WARNING: Using incubator modules: jdk.incubator.vector"), r.out());
    }

    @Test
    void demoFindsTheBundledDefinitionsAndRecordsWhereTheUserIs() throws Exception {
        Path user = userFolder("rig-pc-user");
        List<String> installed = files(install);
        Run r = apical(user, rigPc(user.resolve(".home")), "demo", "--speed", "max", "--duration", "60", "--json");
        assertEquals(0, r.code(), r.out());
        JsonNode j = r.json();
        assertEquals(1800, j.get("frames").asLong(), r.out());
        assertEquals(0, j.get("dropped").asLong());
        assertTrue(j.get("trials").asInt() > 0, r.out());
        Path recording = user.resolve(j.get("recording").get("file").asText());
        assertTrue(Files.isRegularFile(recording), "the recording is in the user's folder: " + recording);
        assertTrue(r.out().contains("simulated rig (" + install.resolve("rigs/sim.yaml") + ","),
                "the bundled rigs/sim.yaml, found from a folder without one:\n" + r.out());

        // a definition in the user's folder comes before the bundled one
        Files.createDirectories(user.resolve("rigs"));
        Files.copy(install.resolve("rigs/sim.yaml"), user.resolve("rigs/sim.yaml"));
        Run mine = apical(user, rigPc(user.resolve(".home")), "demo", "--speed", "max", "--duration", "10", "--no-record", "--json");
        assertEquals(0, mine.code(), mine.out());
        assertTrue(mine.out().contains("simulated rig (rigs/sim.yaml,"), "the user's rigs/sim.yaml was used:\n" + mine.out());
        assertEquals(installed, files(install), "nothing is written into the install");
    }

    @Test
    void aStimulusWindowRendersHeadlessOnTheBundledRuntime() throws Exception {
        Path user = userFolder("window");
        Path monocle = Path.of(Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory")
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, String> env = new java.util.HashMap<>(rigPc(user.resolve(".home")));
        env.put("APICAL_CLASSPATH", monocle.toString());
        env.put("APICAL_JAVA_OPTIONS", "-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw");
        Run r = apical(user, env, "bench", "stimulus", "--frames", "20", "--width", "192", "--height", "108",
                "--window-seconds", "1", "--json");
        assertEquals(0, r.code(), r.out());
        JsonNode w = r.json().get("window");
        assertFalse(w.isNull(), "the window ran:\n" + r.out());
        assertTrue(w.get("frames_drawn").asLong() > 0, "JavaFX drew frames with the bundled natives:\n" + r.out());
    }
}
