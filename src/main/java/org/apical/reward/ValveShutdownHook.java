package org.apical.reward;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One JVM shutdown hook for every open reward output: however Apical ends (normal exit, System.exit, Ctrl-C,
 * SIGTERM), each output still registered gets {@link RewardOutput#closeValve()} before the process is gone. A
 * SIGKILL or a power cut cannot be caught; the controller's own maximum open time covers those.
 */
public final class ValveShutdownHook {
    private static final Set<RewardOutput> OPEN = new CopyOnWriteArraySet<>();
    private static boolean installed;

    private ValveShutdownHook() {}

    public static synchronized void register(RewardOutput output) {
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("reward-shutdown").unstarted(
                    ValveShutdownHook::closeAll));
            installed = true;
        }
        OPEN.add(output);
    }

    public static void unregister(RewardOutput output) { OPEN.remove(output); }

    static void closeAll() {
        for (RewardOutput o : OPEN) {
            try {
                o.closeValve();
            } catch (RuntimeException e) {
                System.err.println("reward: could not close " + o.name() + " at exit: " + e);
            }
        }
    }
}
