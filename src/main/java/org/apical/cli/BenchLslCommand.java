package org.apical.cli;

import org.apical.lsl.LibLsl;
import org.apical.lsl.LslConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.core.UserException;

/**
 * {@code apical bench lsl}: loopback throughput and one-way latency, Apical→Apical and, when a liblsl is present,
 * liblsl→liblsl and the mixed pairs, with ratios. Machine scope only.
 */
@Command(name = "lsl", mixinStandardHelpOptions = true,
        description = {"LSL on loopback: throughput and latency for 1000 ch @ 30 Hz and 384 ch @ 30 kHz (float32): Apical->Apical and,"
                + " with a liblsl, liblsl->liblsl, liblsl->Apical and Apical->liblsl in the same run with the same payload.",
                "Pushes are 1 ms chunks (30 samples at 30 kHz) as acquisition software sends them, pulls take what is waiting;"
                + " liblsl is driven through its chunk calls. Latency: push -> pull of each sample."})
public final class BenchLslCommand implements Callable<Integer> {
    @Option(names = "--liblsl", paramLabel = "PATH", defaultValue = LibLsl.DEFAULT_PATH,
            description = "liblsl to compare with (default ${DEFAULT-VALUE}, else the system's as LSL_LIB or the usual names find it; skipped if none).") Path liblsl;
    @Option(names = "--seconds", defaultValue = "1.5", paramLabel = "S", description = "Seconds per measurement (default ${DEFAULT-VALUE}).") double seconds;
    @Option(names = "--json", description = "Print the figures as one JSON object on the last line.") boolean json;

    @Override public Integer call() throws Exception {
        if (!(seconds > 0) || seconds > 60) throw new UserException("--seconds " + seconds + ": must be in (0, 60]");
        Map<String, Object> result;
        Path lib = liblsl;
        if (!Files.isRegularFile(lib) && liblsl.toString().equals(LibLsl.DEFAULT_PATH)) {
            try {
                lib = LibLsl.find().path(); // the system's liblsl, as the native backend finds it
            } catch (IllegalStateException | IllegalArgumentException | UnsatisfiedLinkError e) {
                // none: Apical only, said below
            }
        }
        if (Files.isRegularFile(lib)) {
            result = runWithLiblsl(lib.toAbsolutePath());
        } else {
            System.out.println("no liblsl at " + liblsl + " nor on this system: measuring Apical only (./apical test downloads one)");
            result = LslBench.run(null, seconds, LslConfig.machineOnly());
        }
        print(result);
        if (json) System.out.println(Json.line(result));
        return 0;
    }

    /** liblsl 1.12 reads lsl_api.cfg only from its working directory: run the bench in a child JVM in a temp dir. */
    private Map<String, Object> runWithLiblsl(Path lib) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("apical-bench-lsl");
        Files.writeString(dir.resolve(LslConfig.FILE_NAME),
                "[ports]\nIPv6 = disable\n[multicast]\nResolveScope = machine\n[lab]\nKnownPeers = {127.0.0.1}\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseZGC", "-cp", System.getProperty("java.class.path"),
                LslBench.class.getName(), "--liblsl", lib.toString(), "--seconds", Double.toString(seconds)));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Files.deleteIfExists(dir.resolve(LslConfig.FILE_NAME));
        Files.deleteIfExists(dir);
        String[] lines = out.strip().split("\n");
        if (code != 0 || lines.length == 0 || !lines[lines.length - 1].startsWith("{")) {
            throw new UserException("the liblsl benchmark child process failed (exit " + code + "): " + out);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.mapper().readValue(lines[lines.length - 1], Map.class);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> r) {
        System.out.printf(Locale.ROOT, "%-16s %-14s %12s %12s %10s %10s %10s%n", "case", "pair", "paced rx/s", "burst sps", "p50 us", "p99 us", "max us");
        for (Object co : (List<Object>) r.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) co;
            String label = c.get("channels") + "ch@" + ((Number) c.get("rate_hz")).intValue() + "Hz";
            for (Map.Entry<String, Object> e : ((Map<String, Object>) c.get("pairs")).entrySet()) {
                Map<String, Object> m = (Map<String, Object>) e.getValue();
                Map<String, Object> l = (Map<String, Object>) m.get("latency_us");
                System.out.printf(Locale.ROOT, "%-16s %-14s %12.0f %12.0f %10.1f %10.1f %10.1f%n", label, e.getKey(),
                        num(m.get("paced_received_per_s")), num(m.get("throughput_sps")), num(l.get("p50")), num(l.get("p99")), num(l.get("max")));
            }
            if (c.get("over_liblsl") instanceof Map<?, ?> ratios) {
                for (Map.Entry<?, ?> e : ratios.entrySet()) {
                    Map<String, Object> x = (Map<String, Object>) e.getValue();
                    System.out.printf(Locale.ROOT, "%-16s %-14s over liblsl->liblsl: throughput %.2f, p50 latency %.2f, p99 latency %.2f%n",
                            label, e.getKey(), num(x.get("throughput")), num(x.get("p50_latency")), num(x.get("p99_latency")));
                }
            }
        }
    }

    private static double num(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }
}
