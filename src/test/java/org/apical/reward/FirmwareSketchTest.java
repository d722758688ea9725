package org.apical.reward;

import static org.apical.reward.SerialRig.await;
import static org.apical.reward.SerialRig.reward;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Arduino sketch itself, built for this PC, against Apical's driver and against hand-written commands. */
class FirmwareSketchTest {

    @Test void theDriverAndTheSketchAgreeAndTheSketchKeepsItsOwnLimit() throws Exception {
        try (HostFirmware fw = HostFirmware.start();
             SerialValveOutput valve = SerialValveOutput.open(SerialRig.spec(fw.port()), SerialRig.ONE_UL_PER_MS, 2_000)) {
            assertEquals(new SerialValveOutput.DeviceInfo(1, 1, 500, 0), valve.device());
            valve.deliver(reward(1, 30));
            await("the first reward", 2_000, () -> valve.delivered() == 1);
            await("the pin to go low again", 2_000, () -> fw.pins().stream().filter(p -> !p.high()).count() >= 2);
            valve.deliver(reward(2, 900)); // Apical allows 2000 ms here; the sketch's MAX_OPEN_MS is 500
            await("the second reward", 2_000, () -> valve.delivered() == 2);
            assertEquals(1, valve.stats().clampedByDevice());
            valve.closeValve();
            await("CLOSE to shut the pin", 2_000, () -> fw.pins().stream().filter(p -> !p.high()).count() >= 3);
            List<HostFirmware.PinChange> pins = fw.pins();
            // setup() drives the pin low, then: high/low for 30 ms, high, low by CLOSE well before 500 ms.
            assertEquals(List.of(false, true, false, true, false), pins.stream().map(HostFirmware.PinChange::high).toList());
            long first = pins.get(2).millis() - pins.get(1).millis();
            assertTrue(first >= 30 && first < 60, "first pulse lasted " + first + " ms");
            assertTrue(pins.get(4).millis() - pins.get(3).millis() < 450);
            assertEquals(0, valve.stats().garbled());
            assertEquals(0, valve.stats().deviceErrors());
        }
    }

    @Test void theSketchRefusesRepeatsCorruptionAndNonsense() throws Exception {
        try (HostFirmware fw = HostFirmware.start()) {
            SerialLink link = SerialLink.open(fw.port(), 115_200);
            try {
                byte[] buf = new byte[64];
                List<String> said = new ArrayList<>();
                StringBuilder pending = new StringBuilder();
                Runnable read = () -> {
                    long end = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < end) {
                        byte[] in = new byte[256];
                        int n = link.read(in);
                        for (int i = 0; i < n; i++) {
                            char c = (char) in[i];
                            if (c == '\n') {
                                said.add(pending.toString());
                                pending.setLength(0);
                            } else {
                                pending.append(c);
                            }
                        }
                    }
                };
                String[] lines = {
                        new String(buf, 0, ValveProtocol.open(buf, 5, 10, 0), StandardCharsets.US_ASCII),
                        new String(buf, 0, ValveProtocol.open(buf, 5, 10, 0), StandardCharsets.US_ASCII), // repeat
                        new String(buf, 0, ValveProtocol.open(buf, 4, 10, 0), StandardCharsets.US_ASCII), // older id
                        "OPEN 9 10 0\n",                    // no checksum
                        "OPEN 9 10 0*00\n",                 // wrong checksum
                        new String(buf, 0, ValveProtocol.open(buf, 10, 10, 3), StandardCharsets.US_ASCII), // no valve 3
                        "STATUS\n",                         // typed by hand: no checksum needed
                        "FLY\n",
                };
                for (String l : lines) {
                    byte[] b = l.getBytes(StandardCharsets.US_ASCII);
                    link.write(b, b.length);
                    Thread.sleep(20);
                }
                read.run();
                List<String> replies = said.stream().filter(s -> !s.startsWith("HELLO") && !s.startsWith("DONE")).toList();
                assertEquals(List.of("ACK 5 10*7D", "NAK 5 duplicate*06", "NAK 4 duplicate*07", "ERR checksum*68",
                        "ERR checksum*68", "NAK 10 valve*2D", "STATUS 10 0 0 0 1*34", "ERR unknown*0D"), replies);
                assertEquals(3, fw.pins().size(), "one pulse only (after the low level set at power-up)");
            } finally {
                link.close();
            }
        }
    }
}
