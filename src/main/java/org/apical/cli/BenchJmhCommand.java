package org.apical.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.apical.core.UserException;

/**
 * {@code apical bench jmh [PATTERN]}: the JMH micro-benchmarks of {@code src/jmh/java}. JMH is kept off Apical's
 * class path, so they run in a JVM of their own, on the class path Maven wrote to {@code target/jmh-classpath.txt}.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = {"Run the JMH micro-benchmarks (default: all; PATTERN selects by class/method name).",
                "Other options are passed to JMH (e.g. -wi 1 -i 3 -f 1)."})
public final class BenchJmhCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", description = "Benchmark name pattern (regex).")
    String pattern;

    @picocli.CommandLine.Unmatched
    List<String> jmhOptions = new ArrayList<>();

    @Option(names = "--json", description = "Write JMH's JSON result to jmh-result.json and print a summary object.")
    boolean json;

    @Override public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("apical.home", ".")).toAbsolutePath();
        Path target = home.resolve("target");
        Path benchmarks = target.resolve("jmh-classes");
        Path classPathFile = target.resolve("jmh-classpath.txt");
        if (!Files.isRegularFile(benchmarks.resolve("META-INF/BenchmarkList")) || !Files.isRegularFile(classPathFile)) {
            throw new UserException("the JMH benchmarks are not built (" + benchmarks + " or " + classPathFile
                    + " is missing): run `mvn -DskipTests package` in " + home
                    + " (they come with a source checkout, not with the installed archive)");
        }
        String classPath = String.join(File.pathSeparator, benchmarks.toString(), target.resolve("classes").toString(),
                Files.readString(classPathFile).strip());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector", "-Dapical.home=" + home,
                "-cp", classPath, "org.openjdk.jmh.Main"));
        if (pattern != null) cmd.add(pattern);
        cmd.addAll(jmhOptions);
        cmd.add("-jvmArgsAppend");
        cmd.add("--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Dapical.home=" + home);
        if (json) {
            cmd.addAll(List.of("-rf", "json", "-rff", "jmh-result.json"));
        }

        Process jmh = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .start();
        // a SIGTERM to Apical must not leave JMH and its forked benchmark JVMs running
        Thread stop = new Thread(() -> {
            jmh.descendants().forEach(ProcessHandle::destroy);
            jmh.destroy();
        });
        Runtime.getRuntime().addShutdownHook(stop);
        int code;
        try {
            jmh.getInputStream().transferTo(System.out);
            code = jmh.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        System.out.flush();
        if (code != 0) return code;
        if (json) {
            var m = Json.object();
            m.put("result_file", "jmh-result.json");
            System.out.println(Json.line(m));
        }
        return 0;
    }
}
