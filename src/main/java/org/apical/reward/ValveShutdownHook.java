package org.apical.reward;

import com.fazecast.jSerialComm.SerialPort;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Closes every registered valve when the JVM shuts down: however Apical ends (normal exit, System.exit, Ctrl-C,
 * SIGTERM), each output still open gets {@link RewardOutput#closeValve()} before the process is gone. A SIGKILL or
 * a power cut cannot be caught; the controller's own maximum open time covers those.
 *
 * <p>jSerialComm closes every port from its own shutdown hook, and JVM hooks run concurrently in no set order, so
 * a plain hook could find the port already closed. Outputs on serial ports are therefore closed from a hook handed
 * to {@link SerialPort#addShutdownHook}, which jSerialComm runs (and waits for) before it closes its ports.
 */
public final class ValveShutdownHook {
    private static final Set<RewardOutput> OPEN = new CopyOnWriteArraySet<>();
    private static boolean jvmHook;
    private static boolean serialHook;

    private ValveShutdownHook() {}

    /** For outputs that do not use a serial port. */
    public static synchronized void register(RewardOutput output) {
        if (!jvmHook) {
            Runtime.getRuntime().addShutdownHook(hook());
            jvmHook = true;
        }
        OPEN.add(output);
    }

    /** For outputs that write to a jSerialComm port: closed before jSerialComm closes the ports. */
    public static synchronized void registerSerial(RewardOutput output) {
        if (!serialHook) {
            SerialPort.addShutdownHook(hook());
            serialHook = true;
        }
        OPEN.add(output);
    }

    public static void unregister(RewardOutput output) { OPEN.remove(output); }

    private static Thread hook() {
        return Thread.ofPlatform().name("reward-shutdown").unstarted(ValveShutdownHook::closeAll);
    }

    static void closeAll() {
        for (RewardOutput o : OPEN) {
            try {
                if (o instanceof SerialValveOutput s) {
                    // Wait for CLOSED: closing the port right after the write could drop the queued CLOSE.
                    boolean confirmed = s.closeValveAndConfirm(300);
                    System.err.println("reward: exit: CLOSE sent to " + o.name()
                            + (confirmed ? ", device confirmed" : ", NOT confirmed by the device"));
                } else {
                    o.closeValve();
                }
            } catch (RuntimeException e) {
                System.err.println("reward: could not close " + o.name() + " at exit: " + e);
            }
        }
    }
}
