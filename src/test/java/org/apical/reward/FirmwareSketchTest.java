package org.apical.reward;

import static org.apical.reward.SerialRig.await;
import static org.apical.reward.SerialRig.reward;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The Arduino sketch itself, built for this PC, against Apical's driver and against hand-written commands. */
class FirmwareSketchTest {

    @Test void theDriverAndTheSketchAgreeAndTheSketchKeepsItsOwnLimit() throws Exception {
        try (HostFirmware fw = HostFirmware.start();
             SerialValveOutput valve = SerialValveOutput.open(SerialRig.spec(fw.port()), SerialRig.ONE_UL_PER_MS, 2_000)) {
            assertEquals(new SerialValveOutput.DeviceInfo(3, 1, 500, 0, 500), valve.device(),
                    "told 2000 ms, the sketch keeps its own 500 ms");
            valve.deliver(reward(1, 30));
            await("the first reward", 10_000, () -> valve.delivered() == 1);
            await("the pin to go low again", 10_000, () -> fw.pins().stream().filter(p -> !p.high()).count() >= 2);
            valve.deliver(reward(2, 900)); // Apical allows 2000 ms here; the sketch's MAX_OPEN_MS is 500
            await("the second reward", 10_000, () -> valve.delivered() == 2);
            assertEquals(1, valve.stats().clampedByDevice());
            valve.closeValve();
            await("CLOSE to shut the pin", 10_000, () -> fw.pins().stream().filter(p -> !p.high()).count() >= 3);
            List<HostFirmware.PinChange> pins = fw.pins();
            // setup() drives the pin low, then: high/low for 30 ms, high, low by CLOSE before its 500 ms were up.
            assertEquals(List.of(false, true, false, true, false), pins.stream().map(HostFirmware.PinChange::high).toList());
            long first = pins.get(2).millis() - pins.get(1).millis();
            assertTrue(first >= 30 && first < 500, "the first pulse ended on its own after 30 ms: " + first + " ms");
            assertEquals(0, valve.stats().garbled());
            assertEquals(0, valve.stats().deviceErrors());
        }
    }

    @Test void theSketchHoldsTheBoundItIsToldAndTheDriverTellsIt() throws Exception {
        try (HostFirmware fw = HostFirmware.start();
             SerialValveOutput valve = SerialValveOutput.open(SerialRig.spec(fw.port()), SerialRig.ONE_UL_PER_MS, 150)) {
            assertEquals(new SerialValveOutput.DeviceInfo(3, 1, 500, 0, 150), valve.device());
            valve.pulse(120, System.nanoTime());
            await("the pulse", 10_000, () -> valve.delivered() == 1);
            assertEquals(0, valve.stats().clampedByDevice());
            assertEquals(0, valve.stats().deviceErrors());
        }
    }

    /** One serial line at a time: what the sketch answers to each command. */
    private static final class Console {
        final SerialLink link;
        final StringBuilder pending = new StringBuilder();
        final List<String> lines = new ArrayList<>();

        Console(SerialLink link) { this.link = link; }

        /** The next line the sketch sends whose start is not one of {@code skip}. */
        String next(String... skip) {
            long end = System.nanoTime() + 5_000_000_000L;
            byte[] in = new byte[256];
            while (true) {
                while (!lines.isEmpty()) {
                    String l = lines.removeFirst();
                    boolean skipped = false;
                    for (String s : skip) skipped |= l.startsWith(s);
                    if (!skipped) return l;
                }
                if (System.nanoTime() > end) fail("no answer from the sketch within 5 s");
                int n = link.read(in);
                for (int i = 0; i < n; i++) {
                    char c = (char) in[i];
                    if (c == '\n') {
                        lines.add(pending.toString());
                        pending.setLength(0);
                    } else {
                        pending.append(c);
                    }
                }
                if (n == 0) LockSupport.parkNanos(1_000_000);
            }
        }

        String ask(String line) {
            byte[] b = line.getBytes(StandardCharsets.US_ASCII);
            assertTrue(link.write(b, b.length));
            return next("HELLO", "DONE");
        }
    }

    @Test void theSketchRefusesRepeatsCorruptionAndNonsense() throws Exception {
        try (HostFirmware fw = HostFirmware.start()) {
            SerialLink link = SerialLink.open(fw.port(), 115_200);
            try {
                byte[] buf = new byte[64];
                Console c = new Console(link);
                assertEquals("ACK 5 10*7D", c.ask(line(buf, ValveProtocol.open(buf, 5, 10, 0))));
                assertEquals("DONE 5 10*34", c.next("HELLO"), "the pulse ends on its own");
                assertEquals("NAK 5 duplicate*06", c.ask(line(buf, ValveProtocol.open(buf, 5, 10, 0)))); // repeat
                assertEquals("NAK 4 duplicate*07", c.ask(line(buf, ValveProtocol.open(buf, 4, 10, 0)))); // older id
                assertEquals("ERR checksum*68", c.ask("OPEN 9 10 0\n"));      // no checksum
                assertEquals("ERR checksum*68", c.ask("OPEN 9 10 0*00\n"));   // wrong checksum
                assertEquals("NAK 10 valve*2D", c.ask(line(buf, ValveProtocol.open(buf, 10, 10, 3)))); // no valve 3
                assertEquals("STATUS 10 0 0 0 1*34", c.ask("STATUS\n"));      // typed by hand: no checksum needed
                assertEquals("ERR unknown*0D", c.ask("FLY\n"));
                assertEquals("ERR checksum*68", c.ask("LIMIT 40\n"), "LIMIT, like OPEN, needs its checksum");
                assertEquals("ERR range*1A", c.ask(line(buf, ValveProtocol.limit(buf, 0))));
                assertEquals("LIMIT 500*40", c.ask(line(buf, ValveProtocol.limit(buf, 9_000))),
                        "a bound above MAX_OPEN_MS leaves MAX_OPEN_MS");
                assertEquals("LIMIT 40*71", c.ask(line(buf, ValveProtocol.limit(buf, 40))));
                assertEquals("ACK 11 40*4D", c.ask(line(buf, ValveProtocol.open(buf, 11, 100, 0))),
                        "100 ms asked, 40 ms applied");
                // CLOSE after a newline, as the watchdog writes it: the empty line is no command.
                assertEquals("CLOSED 11*32", c.ask(line(buf, ValveProtocol.urgentClose(buf))));
                assertEquals(2, fw.pins().stream().filter(HostFirmware.PinChange::high).count(), "two pulses, no more");
            } finally {
                link.close();
            }
        }
    }

    private static String line(byte[] buf, int n) { return new String(buf, 0, n, StandardCharsets.US_ASCII); }
}
