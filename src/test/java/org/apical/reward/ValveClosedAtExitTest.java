package org.apical.reward;

import static org.apical.reward.SerialRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Apical ending while the valve is open: a separate JVM opens the valve for 4 s and is then ended the normal way
 * (SIGTERM, as Ctrl-C or a system shutdown would); its shutdown hook must send CLOSE before it is gone.
 */
class ValveClosedAtExitTest {

    @Test void endingTheProcessClosesTheOpenValve() throws Exception {
        try (SerialRig rig = SerialRig.start(5_000)) {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), ValveHolder.class.getName(), rig.pty.hostEnd())
                    .redirectErrorStream(true).start();
            List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofPlatform().daemon(true).start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = out.readLine()) != null; ) said.add(l);
                } catch (java.io.IOException ignored) { /* the child is gone */ }
            });
            try {
                await("the child to open the valve", 15_000, () -> !said.isEmpty());
                assertEquals("OPEN", said.getFirst(), "the child could not open the valve: " + said);
                assertTrue(rig.device.valveOpen(), "the 4 s pulse is running");
                child.toHandle().destroy(); // SIGTERM (the JVM runs its shutdown hooks); our end of its output stays open
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child ended");
                await("CLOSE from the dying process (it said " + said + "; the device received "
                        + rig.device.received() + ")", 2_000, () -> rig.device.closesWhileOpen() == 1);
                await("the child's report of the confirmed CLOSE", 2_000,
                        () -> said.contains("reward: exit: CLOSE sent to valve, device confirmed"));
                ValveEmulator.Pulse p = rig.device.pulses().getFirst();
                assertTrue(p.closedByCommand);
                assertTrue((p.closedNanos - p.openedNanos) / 1e6 < 3_500, "closed well before its 4 s were up");
                assertEquals(List.of(), rig.device.violations());
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
