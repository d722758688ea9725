package org.apical.reward;

/**
 * A child process for the exit test: opens a serial valve on the port given, opens the valve for a long pulse,
 * says "OPEN" on stdout once acknowledged, then waits to be ended. Its shutdown hook must close the valve.
 */
public final class ValveHolder {
    public static void main(String[] args) throws Exception {
        SerialValveOutput out = SerialValveOutput.open(SerialRig.spec(args[0]), SerialRig.ONE_UL_PER_MS, 5_000);
        out.pulse(4_000, System.nanoTime());
        long end = System.nanoTime() + 5_000_000_000L;
        while (out.delivered() == 0 && System.nanoTime() < end) Thread.sleep(1);
        System.out.println(out.delivered() == 1 ? "OPEN" : "FAILED " + out.lastError());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
