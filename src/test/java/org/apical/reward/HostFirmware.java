package org.apical.reward;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Arduino sketch (rigs/firmware/apical_valve/apical_valve.ino), built for this PC with g++ against a tiny
 * Arduino stand-in, behind a pty made by socat: {@code socat pty,raw,echo=0 EXEC:sketch}. Its valve pin changes
 * arrive on socat's stderr, so a test sees the valve itself.
 */
final class HostFirmware implements AutoCloseable {
    /** One change of a valve pin, at the sketch's millis(). */
    record PinChange(int pin, boolean high, long millis) {}

    private final Process socat;
    private final String port;
    private final List<PinChange> pins = new ArrayList<>();

    private HostFirmware(Process socat, String port, BufferedReader err) {
        this.socat = socat;
        this.port = port;
        Thread.ofPlatform().daemon(true).name("sketch-stderr").start(() -> {
            try {
                for (String l; (l = err.readLine()) != null; ) {
                    String[] w = l.split(" ");
                    if (w.length == 4 && w[0].equals("pin")) {
                        synchronized (pins) {
                            pins.add(new PinChange(Integer.parseInt(w[1]), w[2].equals("1"), Long.parseLong(w[3])));
                        }
                    }
                }
            } catch (IOException ignored) { /* socat ended */ }
        });
    }

    /** Builds the sketch once per test run (skips when g++ is missing: it is a host build, not a CI requirement). */
    static Path build() throws IOException, InterruptedException {
        SerialRig.requireSocat();
        Path out = Path.of("target", "firmware-host", "apical_valve");
        Path sketch = Path.of("rigs/firmware/apical_valve/apical_valve.ino").toAbsolutePath();
        if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(sketch)) > 0) {
            return out;
        }
        if (!onPath("g++")) Assumptions.abort("g++ is not installed: the sketch cannot be built for this PC");
        Files.createDirectories(out.getParent());
        Path src = Path.of("src/test/resources/firmware/apical_valve_host.cpp").toAbsolutePath();
        Process p = new ProcessBuilder("g++", "-std=c++17", "-O1", "-Wall", "-Werror", "-DSKETCH=\"" + sketch + "\"",
                "-I", src.getParent().toString(), "-o", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("the sketch does not build:\n" + log);
        return out;
    }

    static HostFirmware start() throws IOException, InterruptedException { return start(null); }

    /** @param lickFile the lick sensor: while this file holds '1' the sketch reads a lick (null: no sensor input) */
    static HostFirmware start(Path lickFile) throws IOException, InterruptedException {
        Path binary = build().toAbsolutePath();
        ProcessBuilder b = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "EXEC:" + binary)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (lickFile != null) b.environment().put("APICAL_LICK_FILE", lickFile.toAbsolutePath().toString());
        Process p = b.start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String port = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (port == null && System.nanoTime() < end) {
            String l = err.readLine();
            if (l == null) break;
            int i = l.indexOf("PTY is ");
            if (i >= 0) port = l.substring(i + 7).trim();
        }
        if (port == null) {
            p.destroyForcibly();
            throw new IOException("socat did not make a pty for the sketch");
        }
        return new HostFirmware(p, port, err);
    }

    String port() { return port; }

    /** The valve pin's changes (VALVE_PINS[0], pin 8). */
    List<PinChange> pins() { return pins(8); }

    /** The changes of one pin (the light channel 0 is pin 9). */
    List<PinChange> pins(int pin) {
        synchronized (pins) {
            return pins.stream().filter(p -> p.pin() == pin).toList();
        }
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, exe).canExecute()) return true;
        }
        return false;
    }

    @Override public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) socat.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
