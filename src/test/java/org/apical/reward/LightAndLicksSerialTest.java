package org.apical.reward;

import static org.apical.reward.SerialRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apical.TestDefinitions;
import org.apical.config.Definitions;
import org.apical.recording.SessionRecorder;
import org.apical.session.SessionRunner;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.stream.ApicalStreams;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light channel and the lick reports of apical_valve protocol 3, over a real pseudo-terminal: against the
 * emulated controller (the driver's pulses and the device's bounds, licks into a session's recording) and against
 * the sketch itself built for this PC (its light pin, its bounds, its lick sensor).
 */
class LightAndLicksSerialTest {

    @Test void lightPulsesGoOutBesideTheValveAndTheControllerHoldsItsOwnBounds() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(150)) {
            assertEquals(new SerialValveOutput.LightInfo(1, 20, 25), valve.lightInfo());
            LightOutput light = valve.light(0);
            assertTrue(light.pulse(6, 1.0));
            assertTrue(light.pulse(6, 1.001)); // at once: within the controller's 24 ms (6 ms at 25 % duty)
            await("both pulses answered", 10_000, () -> light.pulsesDelivered() + light.pulsesRefused() == 2);
            List<ValveEmulator.LightPulse> lit = rig.device.lightPulses();
            assertEquals(6, lit.getFirst().ms());
            if (lit.size() == 2) {
                // only a machine that held the second pulse back 24 ms may see it lit: the bound still held
                assertTrue(lit.get(1).onNanos() - lit.get(0).onNanos() >= 24_000_000L, "duty bound broken");
            } else {
                assertEquals(1, light.pulsesRefused());
                assertTrue(List.of("busy", "duty").contains(rig.device.lightRefusals().getFirst()),
                        rig.device.lightRefusals().toString());
                assertTrue(light.lastLightError().contains("refused light pulse 2"), light.lastLightError());
            }
            valve.deliver(SerialRig.reward(1, 30)); // the valve works beside the light
            await("the reward", 10_000, () -> valve.delivered() == 1);
            assertEquals(List.of(), rig.device.violations());
            assertThrows(IOException.class, () -> valve.light(1), "the controller has one light channel");
        }
    }

    @Test void aControllerBeforeProtocol3HasNoLightAndTheSessionIsToldSo() throws Exception {
        try (SerialRig rig = SerialRig.start(100, 2); SerialValveOutput valve = rig.open(150)) {
            IOException e = assertThrows(IOException.class, () -> valve.light(0));
            assertEquals(rig.pty.hostEnd() + ": the controller speaks apical_valve protocol 2, which has no light"
                    + " channels (protocol 3); flash rigs/firmware/apical_valve", e.getMessage());
            assertEquals(List.of(), rig.device.violations(), "no LIGHTS sent to firmware that does not know it");
        }
    }

    @Test void licksFromTheControllerReachTheRecording(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        Definitions d = TestDefinitions.definitions(Files.readString(root.resolve("rigs/sim.yaml")),
                Files.readString(root.resolve("decoders/default.yaml")),
                Files.readString(root.resolve("stimuli/grating.yaml")));
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(150)) {
            double before = System.nanoTime() / 1e9;
            rig.device.lick();
            rig.device.lick();
            rig.device.lickUnreported(); // its report lost on the line: the next count jumps
            rig.device.lick();
            await("three lick reports", 10_000, () -> valve.licks().count() == 3);
            double after = System.nanoTime() / 1e9;
            assertEquals(1, valve.lightStats().lickReportsLost());
            // a short session whose frames start after the licks: they are booked and recorded with its first frame
            SimulatedRig sim = new SimulatedRig(d.rig().sim(), false, new Pacer(Double.POSITIVE_INFINITY), 300,
                    System.nanoTime() / 1e9 + 0.001);
            var out = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
            SessionRunner runner = new SessionRunner(d, sim, List.of(sim.rewardOutput()), SessionRunner.Options.none(),
                    out);
            runner.session().setLicks(valve.licks());
            runner.session().setOffline(true);
            sim.followDecisions(runner.session()::decidedSequence);
            Path file = dir.resolve("licks.xdf");
            runner.record(file, true);
            runner.run();
            assertEquals(3, runner.lickBook().report().total());
            XdfFile xdf = XdfReader.readNamed(file);
            XdfStream licks = xdf.streams().stream().filter(s -> s.name().equals(ApicalStreams.LICKS)).findFirst()
                    .orElseThrow();
            assertEquals(3, licks.samples());
            for (int i = 0; i < 3; i++) {
                assertEquals(i + 1, licks.value(i, 0), "the running count");
                double t = licks.timestamps()[i];
                assertTrue(t >= before && t <= after, "stamped on arrival: " + t + " not in [" + before + ", " + after + "]");
            }
        }
    }

    /** The sketch itself: its light pin, the bounds it holds whatever it is sent, its lick sensor. */
    @Test void theSketchLightsItsPinWithinItsBoundsAndReportsLicks(@TempDir Path dir) throws Exception {
        Path sensor = dir.resolve("lick");
        Files.writeString(sensor, "0");
        try (HostFirmware fw = HostFirmware.start(sensor)) {
            SerialLink link = SerialLink.open(fw.port(), 115_200);
            try {
                byte[] buf = new byte[64];
                List<String> lines = new ArrayList<>();
                assertEquals("LIGHTS 1 20 25", strip(ask(link, "LIGHTS\n", lines)));
                assertEquals("LIT 1 20", strip(ask(link, line(buf, ValveProtocol.light(buf, 1, 50, 0)), lines)),
                        "50 ms asked, MAX_LIGHT_MS 20 applied");
                String second = strip(ask(link, line(buf, ValveProtocol.light(buf, 2, 5, 0)), lines));
                assertTrue(second.equals("DARK 2 busy") || second.equals("DARK 2 duty"),
                        "refused while on, or (a slow machine) within its 80 ms: " + second);
                await("the pulse to end", 10_000, () -> fw.pins(9).stream().filter(p -> !p.high()).count() >= 2);
                String third = strip(ask(link, line(buf, ValveProtocol.light(buf, 3, 5, 0)), lines));
                if (third.equals("LIT 3 5")) {
                    // the machine was slow enough that 80 ms had passed: then the bound held on the sketch's clock
                    await("the third pulse on the pin", 10_000, () -> fw.pins(9).size() >= 4);
                    assertTrue(fw.pins(9).get(3).millis() - fw.pins(9).get(1).millis() >= 80, "duty bound broken");
                } else {
                    assertEquals("DARK 3 duty", third, "20 ms on needs 80 ms before the next pulse (25 %)");
                }
                assertEquals("DARK 3 duplicate", strip(ask(link, line(buf, ValveProtocol.light(buf, 3, 5, 0)), lines)));
                assertEquals("ERR checksum", strip(ask(link, "LIGHT 9 5 0\n", lines)), "LIGHT needs its checksum");
                await("the pin changes on the sketch's stderr", 10_000, () -> fw.pins(9).size() >= 3);
                List<HostFirmware.PinChange> pin = fw.pins(9);
                assertEquals(List.of(false, true, false), pin.stream().limit(3).map(HostFirmware.PinChange::high).toList(),
                        "dark at power-up, one pulse, dark again");
                long on = pin.get(2).millis() - pin.get(1).millis();
                assertTrue(on >= 20 && on < 200, "the pulse lasted its 20 ms: " + on);
                Files.writeString(sensor, "1");
                String lick = strip(next(link, lines));
                assertTrue(lick.startsWith("LICK 1 "), lick);
            } finally {
                link.close();
            }
        }
    }

    /** CLOSE (the watchdog's, the end of a session's, the shutdown hook's) darkens a light that is on. */
    @Test void closeDarkensTheLightAtOnce() throws Exception {
        try (HostFirmware fw = HostFirmware.start()) {
            SerialLink link = SerialLink.open(fw.port(), 115_200);
            try {
                byte[] buf = new byte[64];
                List<String> lines = new ArrayList<>();
                // one write: the sketch reads both lines in the same loop, before the 20 ms are up
                String both = line(buf, ValveProtocol.light(buf, 1, 20, 0)) + line(buf, ValveProtocol.urgentClose(buf));
                assertEquals("LIT 1 20", strip(ask(link, both, lines)));
                assertEquals("CLOSED 0", strip(next(link, lines)));
                await("the pin changes on the sketch's stderr", 10_000, () -> fw.pins(9).size() >= 3);
                List<HostFirmware.PinChange> pin = fw.pins(9);
                assertEquals(List.of(false, true, false), pin.stream().map(HostFirmware.PinChange::high).toList());
                long on = pin.get(2).millis() - pin.get(1).millis();
                assertTrue(on < 20, "dark " + on + " ms after it was lit, before its 20 ms");
            } finally {
                link.close();
            }
        }
    }

    private static String line(byte[] buf, int n) { return new String(buf, 0, n, StandardCharsets.US_ASCII); }

    private static String strip(String reply) { return reply.substring(0, reply.lastIndexOf('*')); }

    private static String ask(SerialLink link, String command, List<String> pending) {
        byte[] b = command.getBytes(StandardCharsets.US_ASCII);
        assertTrue(link.write(b, b.length));
        return next(link, pending);
    }

    /** The next line the sketch sends, skipping its banner. */
    private static String next(SerialLink link, List<String> pending) {
        long end = System.nanoTime() + 10_000_000_000L;
        byte[] in = new byte[256];
        StringBuilder partial = new StringBuilder();
        while (System.nanoTime() < end) {
            while (!pending.isEmpty()) {
                String l = pending.removeFirst();
                if (!l.startsWith("HELLO")) return l;
            }
            int n = link.read(in);
            for (int i = 0; i < n; i++) {
                if (in[i] == '\n') {
                    pending.add(partial.toString());
                    partial.setLength(0);
                } else {
                    partial.append((char) in[i]);
                }
            }
            if (n == 0) LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("no answer from the sketch within 10 s");
    }
}
