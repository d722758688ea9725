package org.apical.reward;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.apical.config.RewardOutputSpec;
import org.apical.config.ValveCalibration;
import org.junit.jupiter.api.Assumptions;

/**
 * A real serial device for a test: a socat pty pair with the emulated controller on one end. Without socat the
 * test is skipped with a clear message, except in CI (apical.interop.required=true) where it fails.
 */
final class SerialRig implements AutoCloseable {
    final PtyPair pty;
    final ValveEmulator device;

    private SerialRig(PtyPair pty, ValveEmulator device) {
        this.pty = pty;
        this.device = device;
    }

    static void requireSocat() {
        if (PtyPair.socatAvailable()) return;
        String why = "socat is not installed, so there is no pseudo-terminal pair to stand in for the valve "
                + "controller (apt-get install socat; ./apical test installs it)";
        if (Boolean.getBoolean("apical.interop.required")) fail(why + " — required here (apical.interop.required)");
        Assumptions.abort(why);
    }

    static SerialRig start(int maxOpenMs) throws IOException { return start(maxOpenMs, ValveProtocol.VERSION); }

    /** The emulated controller speaking {@code protocol} (1: firmware that cannot be told a bound). */
    static SerialRig start(int maxOpenMs, int protocol) throws IOException {
        requireSocat();
        PtyPair pty = PtyPair.open();
        try {
            return new SerialRig(pty, ValveEmulator.start(pty.deviceEnd(), 2, maxOpenMs, protocol));
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    /**
     * A serial output spec on the host end: timeouts short enough that fault tests stay fast (an ACK is missed
     * after 500 ms, a device silent for 4 PINGs 250 ms apart is gone), long enough that a healthy emulator on a
     * busy 2-core machine still answers in time.
     */
    static RewardOutputSpec.Serial spec(String port) {
        return new RewardOutputSpec.Serial("valve", port, 115_200, 0, 500, 250, 4, 5_000, 3_000);
    }

    /**
     * For tests of the normal path: an ACK may take 2 s and a reward may wait 5 s, so that what they assert does
     * not depend on how busy the machine is; PING every {@code heartbeatMs}.
     */
    static RewardOutputSpec.Serial patientSpec(String port, double heartbeatMs) {
        return new RewardOutputSpec.Serial("valve", port, 115_200, 0, 2_000, heartbeatMs, 3, 2_000, 5_000);
    }

    /** 1 µl per ms, no dead time: a request's µl is its open time in ms. */
    static final ValveCalibration ONE_UL_PER_MS = new ValveCalibration(0, 1.0, 0, "test");

    SerialValveOutput open(double maxValveOpenMs) throws IOException {
        return SerialValveOutput.open(spec(pty.hostEnd()), ONE_UL_PER_MS, maxValveOpenMs);
    }

    static RewardRequest reward(int trial, double ul) {
        return new RewardRequest(trial, trial * 100L, trial, ul, false, System.nanoTime());
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) {
        org.apical.Conditions.await(what, timeoutMs, condition);
    }

    long commands(String verb) {
        return device.received().stream().filter(l -> l.startsWith(verb + " ") || l.startsWith(verb + "*")).count();
    }

    @Override public void close() {
        device.close();
        pty.close();
    }
}
