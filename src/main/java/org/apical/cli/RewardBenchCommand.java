package org.apical.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apical.core.UserException;
import org.apical.config.RewardOutputSpec;
import org.apical.config.ValveCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.reward.PtyPair;
import org.apical.reward.RewardDispatcher;
import org.apical.reward.RewardRequest;
import org.apical.reward.SerialValveOutput;
import org.apical.reward.SerialValveStats;
import org.apical.reward.ValveEmulator;
import org.apical.core.LatencyHistogram;

/**
 * {@code apical bench reward}: the serial valve driver against the emulated controller on a real pty pair
 * (socat). Measures reward decision → OPEN line written, and → ACK received, over many rewards.
 */
@Command(name = "reward", mixinStandardHelpOptions = true,
        description = "Reward path latency: decision → OPEN written to the serial port, → acknowledgement received, "
                + "against the emulated apical_valve controller on a socat pty pair.")
public final class RewardBenchCommand implements Callable<Integer> {
    @Option(names = "--rewards", defaultValue = "500", paramLabel = "N", description = "Rewards to time (default 500).")
    int rewards;

    @Option(names = "--interval-ms", defaultValue = "10", paramLabel = "MS",
            description = "Time between reward decisions (default 10).")
    int intervalMs;

    @Option(names = "--json", description = "One JSON object on the last line.") boolean json;

    @Override public Integer call() throws Exception {
        if (rewards < 1 || rewards > 100_000) throw new UserException("--rewards must be between 1 and 100000");
        if (intervalMs < 3) throw new UserException("--interval-ms must be at least 3 (1 ms pulses plus the gap)");
        if (!PtyPair.socatAvailable()) {
            throw new UserException("bench reward needs socat for its pseudo-terminal pair (Debian: apt-get install socat)");
        }
        var spec = new RewardOutputSpec.Serial("bench valve", "", 115_200, 0, 50, 200, 3, 2_000, 200);
        try (PtyPair pty = PtyPair.open();
             ValveEmulator device = ValveEmulator.start(pty.deviceEnd(), 1, 500);
             SerialValveOutput valve = SerialValveOutput.open(withPort(spec, pty.hostEnd()),
                     new ValveCalibration(0, 1.0, 0, "bench"), 100)) {
            // Warm-up: class loading and JIT on both ends, not timed.
            for (int i = 0; i < Math.min(50, rewards); i++) one(valve, i);
            LatencyHistogram written = new LatencyHistogram();
            LatencyHistogram acked = new LatencyHistogram();
            long failedBefore = valve.stats().failed();
            for (int i = 0; i < rewards; i++) {
                long t0 = System.nanoTime();
                long w = valve.decisionToWritten().count();
                long a = valve.decisionToAck().count();
                one(valve, i);
                if (valve.decisionToWritten().count() > w) written.record(valve.decisionToWritten().last());
                if (valve.decisionToAck().count() > a) acked.record(valve.decisionToAck().last());
                long wait = t0 + intervalMs * 1_000_000L - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                if (!json && (i + 1) % 100 == 0) System.err.printf("\rbench reward: %d/%d", i + 1, rewards);
            }
            if (!json) System.err.println();
            SerialValveStats s = valve.stats();
            if (!json) {
                System.out.println("reward decision → OPEN written:   " + describe(written));
                System.out.println("reward decision → ACK received:   " + describe(acked));
                System.out.printf("failed %d, unacknowledged %d, protocol violations seen by the emulator: %d%n",
                        s.failed() - failedBefore, s.unacknowledged(), device.violations().size());
                for (String v : device.violations().subList(0, Math.min(3, device.violations().size()))) {
                    System.out.println("  violation: " + v);
                }
                System.out.println("(socat pty pair: no UART timing; a real 115200-baud line adds about 1.4 ms for "
                        + "the OPEN and 0.9 ms for the ACK, USB adds 1–2 ms; see docs/reward.md)");
            }
            Map<String, Object> out = Json.object();
            out.put("rewards", rewards);
            out.put("interval_ms", intervalMs);
            out.put("transport", "socat pty pair");
            out.put("decision_to_written_us", figures(written));
            out.put("decision_to_ack_us", figures(acked));
            out.put("failed", s.failed() - failedBefore);
            out.put("unacknowledged", s.unacknowledged());
            out.put("violations", device.violations().size());
            System.out.println(Json.line(out));
        }
        return 0;
    }

    private static void one(SerialValveOutput valve, int trial) throws InterruptedException {
        long before = valve.settled();
        valve.deliver(new RewardRequest(trial, trial, trial, 1.0, false, System.nanoTime()));
        long end = System.nanoTime() + 2_000_000_000L;
        while (valve.settled() == before && System.nanoTime() < end) LockSupport.parkNanos(20_000);
        Thread.sleep(2); // the 1 ms pulse ends before the next decision
    }

    private static RewardOutputSpec.Serial withPort(RewardOutputSpec.Serial s, String port) {
        return new RewardOutputSpec.Serial(s.name(), port, s.baud(), s.valve(), s.ackTimeoutMs(),
                s.heartbeatIntervalMs(), s.heartbeatMisses(), s.connectTimeoutMs(), s.maxDelayMs());
    }

    private static Map<String, Object> figures(LatencyHistogram h) {
        Map<String, Object> m = Json.object();
        m.put("count", h.count());
        m.put("mean", Json.number(h.count() == 0 ? Double.NaN : h.meanNanos() / 1e3));
        m.put("p50", Json.number(RewardDispatcher.us(h, 0.50)));
        m.put("p90", Json.number(RewardDispatcher.us(h, 0.90)));
        m.put("p99", Json.number(RewardDispatcher.us(h, 0.99)));
        m.put("max", Json.number(RewardDispatcher.us(h, 1)));
        return m;
    }

    private static String describe(LatencyHistogram h) {
        return h.count() == 0 ? "no samples"
                : String.format("n=%d mean %.0f µs, p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs", h.count(),
                        h.meanNanos() / 1e3, RewardDispatcher.us(h, 0.50), RewardDispatcher.us(h, 0.90),
                        RewardDispatcher.us(h, 0.99), RewardDispatcher.us(h, 1));
    }
}
