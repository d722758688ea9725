package org.apical.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.apical.core.Json;

/** {@code apical bench jmh [PATTERN]}: the JMH micro-benchmarks that live beside the code. */
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
        List<String> args = new ArrayList<>();
        if (pattern != null) args.add(pattern);
        args.addAll(jmhOptions);
        args.add("-jvmArgsAppend");
        args.add("--enable-native-access=ALL-UNNAMED -Dapical.home=" + System.getProperty("apical.home", "."));
        if (json) {
            args.addAll(List.of("-rf", "json", "-rff", "jmh-result.json"));
        }
        org.openjdk.jmh.Main.main(args.toArray(new String[0]));
        if (json) {
            var m = Json.object();
            m.put("result_file", "jmh-result.json");
            System.out.println(Json.line(m));
        }
        return 0;
    }
}
