package org.apical.reward;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two connected pseudo-terminals made by {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}: a real serial device
 * pair on one machine. Apical opens one end, {@link ValveEmulator} the other. Killing socat makes both ends vanish,
 * exactly like a controller unplugged mid-session.
 */
public final class PtyPair implements AutoCloseable {
    private final Process socat;
    private final String a;
    private final String b;

    private PtyPair(Process socat, String a, String b) {
        this.socat = socat;
        this.a = a;
        this.b = b;
    }

    /** True when socat is on the PATH. */
    public static boolean socatAvailable() {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, "socat").canExecute()) return true;
        }
        return false;
    }

    public static PtyPair open() throws IOException {
        if (!socatAvailable()) {
            throw new IOException("socat is not installed (Debian: apt-get install socat); it makes the pseudo-terminal "
                    + "pair that stands in for the valve controller");
        }
        Process p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        List<String> ptys = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // socat announces "N PTY is /dev/pts/K" twice, then "starting data transfer loop".
        while (System.nanoTime() < deadline) {
            String l = err.readLine();
            if (l == null) break;
            seen.add(l);
            int i = l.indexOf("PTY is ");
            if (i >= 0) ptys.add(l.substring(i + 7).trim());
            if (l.contains("starting data transfer loop")) break;
        }
        if (ptys.size() != 2) {
            p.destroyForcibly();
            throw new IOException("socat did not make a pty pair: " + String.join(" | ", seen));
        }
        // Keep draining socat's stderr so it can never block on a full pipe.
        Thread.ofPlatform().daemon(true).name("socat-stderr").start(() -> {
            try {
                while (err.readLine() != null) { /* discard */ }
            } catch (IOException ignored) { /* socat ended */ }
        });
        return new PtyPair(p, ptys.get(0), ptys.get(1));
    }

    /** The end Apical opens. */
    public String hostEnd() { return a; }

    /** The end the emulated controller opens. */
    public String deviceEnd() { return b; }

    public boolean alive() { return socat.isAlive(); }

    /** Unplugs the "cable": both ends disappear. */
    @Override public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
