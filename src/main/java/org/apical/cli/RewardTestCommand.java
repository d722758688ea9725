package org.apical.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.core.UserException;
import org.apical.config.RewardOutputSpec;
import org.apical.config.RigConfig;
import org.apical.config.ValveCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.reward.RewardGate;
import org.apical.reward.RigFiles;
import org.apical.reward.SerialValveOutput;
import org.apical.reward.ValvePulses;

/** {@code apical reward test --rig rigs/X.yaml}: one pulse of the configured amount, with its latency. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Pulse each serial valve of the rig once with the configured amount (reward.volume_ul through "
                + "the calibration, clamped by max_valve_open_ms) and print the acknowledgement latency. "
                + "Exit code 1 if a pulse was not acknowledged.")
public final class RewardTestCommand implements Callable<Integer> {
    @Option(names = "--rig", required = true, paramLabel = "FILE", description = "The rig file (rigs/NAME.yaml).")
    Path rig;

    @Option(names = "--output", paramLabel = "NAME", description = "Only the output with this name.")
    String output;

    @Option(names = "--volume-ul", paramLabel = "UL", description = "Amount in µl (default: reward.volume_ul).")
    Double volume;

    @Option(names = "--open-ms", paramLabel = "MS",
            description = "Open for this long instead (no calibration needed); still clamped by max_valve_open_ms.")
    Integer openMs;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        RigConfig r = RigFiles.load(rig);
        List<RewardOutputSpec.Serial> specs = RigFiles.serialOutputs(r, output);
        RewardGate gate = new RewardGate(r.reward().minInterval(), r.reward().maxPerSession());
        if (!gate.approve(0, true, 0, 0)) {
            throw new UserException(r.file() + ": reward.max_per_session: " + gate.lastRefusal()
                    + ": the rig allows no reward at all");
        }
        double ul = volume != null ? volume : r.reward().volumeUl();
        if (volume != null && (ul <= 0 || ul > 100)) throw new UserException("--volume-ul must be in (0, 100] µl");
        if (openMs != null && openMs <= 0) throw new UserException("--open-ms must be at least 1");
        List<Map<String, Object>> results = new ArrayList<>();
        boolean allOk = true;
        for (RewardOutputSpec.Serial s : specs) {
            try (SerialValveOutput valve = ValvePulses.open(r, s, openMs == null)) {
                ValveCalibration cal = r.reward().calibrationOf(s.valve());
                int ms = openMs != null ? (int) Math.min(openMs, Math.floor(r.reward().maxValveOpenMs()))
                        : valve.openMsFor(ul);
                SerialValveOutput.DeviceInfo d = valve.device();
                if (!json) {
                    System.out.printf("%s (%s, valve %d): apical_valve protocol %d, %d valve(s), device maximum %d ms,"
                            + " bound in force %d ms%n", s.name(), s.port(), s.valve(), d.protocol(), d.valves(),
                            d.maxOpenMs(), d.limitMs());
                }
                ValvePulses.Outcome o = ValvePulses.pulse(valve, ms);
                allOk &= o.delivered();
                double given = cal == null ? Double.NaN : cal.microlitres(ms);
                if (!json) {
                    String amount = cal == null ? "" : String.format("%.2f µl → ", given);
                    System.out.println(o.delivered()
                            ? String.format("  %s%d ms open: acknowledged; decision → written %.0f µs, "
                                    + "→ acknowledged %.2f ms", amount, ms, o.writtenUs(), o.ackUs() / 1e3)
                            : "  " + amount + ms + " ms open: NOT acknowledged: " + o.error());
                    if (o.delivered() && o.error() != null) System.out.println("  note: " + o.error());
                }
                Map<String, Object> m = Json.object();
                m.put("name", s.name());
                m.put("port", s.port());
                m.put("valve", s.valve());
                m.put("volume_ul", Json.number(given));
                m.put("open_ms", ms);
                m.put("delivered", o.delivered());
                m.put("decision_to_written_us", Json.number(o.writtenUs()));
                m.put("decision_to_ack_us", Json.number(o.ackUs()));
                m.put("device_max_open_ms", d.maxOpenMs());
                m.put("device_limit_ms", d.limitMs());
                m.put("error", o.error());
                results.add(m);
            }
        }
        if (json) {
            Map<String, Object> out = Json.object();
            out.put("rig", r.file());
            out.put("ok", allOk);
            out.put("outputs", results);
            System.out.println(Json.line(out));
        }
        return allOk ? 0 : 1;
    }
}
