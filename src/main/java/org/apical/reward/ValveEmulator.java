package org.apical.reward;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The apical_valve controller in Java, on the far end of a {@link PtyPair}: answers like the Arduino sketch
 * (rigs/firmware/apical_valve/apical_valve.ino) and checks every command the host sends. Written from the
 * protocol text in docs/reward.md with plain string handling, independently of the host's encoder and parser,
 * so that a mistake in either shows up as a violation. Used by the tests and by {@code apical bench reward}.
 *
 * <p>It speaks protocol 3 (with the light channels and lick reports), 2 (with {@code LIMIT}, no light) or, as old
 * firmware, protocol 1 (no {@code LIMIT}: answered {@code ERR unknown}, and a violation, since the host must not
 * send it there). As the sketch, it holds a light pulse to {@link #MAX_LIGHT_MS} and a channel's duty cycle to
 * {@link #MAX_DUTY_PERCENT}, and reports licks ({@link #lick()}) as {@code LICK <count> <millis>}. Faults to inject: OPENs answered
 * normally, not acknowledged (valve opens, no ACK), lost (never seen), or answered with a garbled line; heartbeats
 * unanswered; a LIMIT acknowledged but not applied; a restart (device reset).
 */
public final class ValveEmulator implements AutoCloseable {
    /** How the emulated controller answers an OPEN. */
    public enum OpenReply { ACK, SILENT, LOST, GARBLED }

    /** One valve opening as the emulated controller performed it. */
    public static final class Pulse {
        public final long id;
        public final int ms;
        public final int valve;
        public final long openedNanos;
        public volatile long closedNanos;
        public volatile boolean closedByCommand;

        Pulse(long id, int ms, int valve, long openedNanos) {
            this.id = id;
            this.ms = ms;
            this.valve = valve;
            this.openedNanos = openedNanos;
        }
    }

    /** One light pulse as the emulated controller switched it on. */
    public record LightPulse(long id, int ms, int channel, long onNanos) {}

    public static final int LIGHT_CHANNELS = 1;
    public static final int MAX_LIGHT_MS = 20;
    public static final int MAX_DUTY_PERCENT = 25;

    private final List<LightPulse> lightPulses = new ArrayList<>();
    private final List<String> lightRefusals = new ArrayList<>();
    private long lastLightId;
    private LightPulse lastLight;
    private int lightsOffByClose;
    private long lickCount;
    private final long bootNanos = System.nanoTime();

    private final SerialPort port;
    private final int valves;
    private final int maxOpenMs;
    private final int protocol;
    private final Thread reader;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;

    public volatile OpenReply openReply = OpenReply.ACK;
    public volatile boolean answerPings = true;
    public volatile boolean answerStatus = true;
    /** A broken controller: answers LIMIT with its own maximum and keeps it. */
    public volatile boolean ignoreLimit;

    private final List<String> received = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Pulse> pulses = new ArrayList<>();
    private long lastId;
    private boolean lastOpened;
    private Pulse open;
    private int closes;
    private int closesWhileOpen;
    private int pings;
    private int limitMs;
    private int limits;

    private ValveEmulator(SerialPort port, int valves, int maxOpenMs, int protocol) {
        this.port = port;
        this.valves = valves;
        this.maxOpenMs = maxOpenMs;
        this.protocol = protocol;
        this.limitMs = maxOpenMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "valve-emulator-timer");
            t.setDaemon(true);
            return t;
        });
        this.reader = Thread.ofPlatform().daemon(true).name("valve-emulator").unstarted(this::loop);
    }

    /** Opens {@code path} (the device end of a pty pair) and starts answering, as firmware of the current protocol. */
    public static ValveEmulator start(String path, int valves, int maxOpenMs) throws IOException {
        return start(path, valves, maxOpenMs, ValveProtocol.VERSION);
    }

    /** The same, speaking {@code protocol} (1: firmware from before LIMIT). */
    public static ValveEmulator start(String path, int valves, int maxOpenMs, int protocol) throws IOException {
        SerialPort p = SerialPort.getCommPort(path);
        p.setComPortParameters(115_200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 50, 200);
        if (!p.openPort()) throw new IOException(path + ": emulator cannot open the device end");
        ValveEmulator e = new ValveEmulator(p, valves, maxOpenMs, protocol);
        e.reader.start();
        return e;
    }

    private void loop() {
        byte[] buf = new byte[256];
        StringBuilder line = new StringBuilder();
        while (running) {
            int n = port.readBytes(buf, buf.length);
            if (n < 0) break; // the pty pair is gone
            for (int i = 0; i < n; i++) {
                char c = (char) (buf[i] & 0xFF);
                if (c == '\n') {
                    handle(line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }
    }

    private synchronized void handle(String raw) {
        if (raw.isEmpty()) return; // like the sketch: an empty line (e.g. before an urgent CLOSE) is no command
        received.add(raw);
        // Like the sketch's loop(): a pulse whose time is up ends before the next command is read, whether or not
        // the timer thread has run yet (it can be late on a loaded machine).
        if (open != null && System.nanoTime() - open.openedNanos >= open.ms * 1_000_000L) finish(open);
        int star = raw.lastIndexOf('*');
        if (star < 0 || star != raw.length() - 3) {
            violation("no checksum: '" + raw + "'");
            send("ERR checksum");
            return;
        }
        String body = raw.substring(0, star);
        int sum = 0;
        for (char c : body.toCharArray()) sum ^= c;
        if (!raw.substring(star + 1).equals(String.format("%02X", sum))) {
            violation("bad checksum: '" + raw + "'");
            send("ERR checksum");
            return;
        }
        String[] w = body.split(" ");
        switch (w[0]) {
            case "OPEN" -> open(w);
            case "PING" -> {
                if (w.length != 2 || !w[1].matches("\\d+")) violation("bad PING: '" + body + "'");
                pings++;
                if (answerPings) send("PONG " + w[1]);
            }
            case "STATUS" -> {
                if (!answerStatus) return;
                long remaining = open == null ? 0
                        : Math.max(0, open.ms - (System.nanoTime() - open.openedNanos) / 1_000_000);
                send("STATUS " + lastId + " " + (lastOpened ? 1 : 0) + " " + (open == null ? 0 : 1) + " " + remaining
                        + " " + pulses.size());
            }
            case "CLOSE" -> {
                closes++;
                if (lastLight != null && System.nanoTime() - lastLight.onNanos() < lastLight.ms() * 1_000_000L) {
                    lightsOffByClose++;
                }
                if (open != null) {
                    closesWhileOpen++;
                    open.closedByCommand = true;
                    shut();
                }
                send("CLOSED " + lastId);
            }
            case "HELLO" -> send(hello(lastId));
            case "LIMIT" -> limit(w);
            case "LIGHT" -> light(w);
            case "LIGHTS" -> {
                if (protocol < 3) {
                    violation("LIGHTS sent to a protocol-" + protocol + " controller");
                    send("ERR unknown");
                } else {
                    send("LIGHTS " + LIGHT_CHANNELS + " " + MAX_LIGHT_MS + " " + MAX_DUTY_PERCENT);
                }
            }
            default -> {
                violation("unknown command: '" + body + "'");
                send("ERR unknown");
            }
        }
    }

    private String hello(long id) {
        return "HELLO apical_valve " + protocol + " " + valves + " " + maxOpenMs + " " + id;
    }

    private void limit(String[] w) {
        if (protocol < 2) {
            violation("LIMIT sent to a protocol-" + protocol + " controller");
            send("ERR unknown");
            return;
        }
        if (w.length != 2 || !w[1].matches("\\d+")) {
            violation("bad LIMIT: '" + String.join(" ", w) + "'");
            send("ERR syntax");
            return;
        }
        int ms = Integer.parseInt(w[1]);
        if (ms == 0) {
            violation("LIMIT 0");
            send("ERR range");
            return;
        }
        limits++;
        if (!ignoreLimit) limitMs = Math.min(ms, maxOpenMs);
        send("LIMIT " + limitMs);
    }

    private void light(String[] w) {
        if (protocol < 3) {
            violation("LIGHT sent to a protocol-" + protocol + " controller");
            send("ERR unknown");
            return;
        }
        if (w.length != 4 || !w[1].matches("\\d+") || !w[2].matches("\\d+") || !w[3].matches("\\d+")) {
            violation("bad LIGHT: '" + String.join(" ", w) + "'");
            send("ERR syntax");
            return;
        }
        long id = Long.parseLong(w[1]);
        int ms = Integer.parseInt(w[2]);
        int channel = Integer.parseInt(w[3]);
        long now = System.nanoTime();
        String refusal = null;
        if (id <= lastLightId) refusal = "duplicate";
        else if (channel >= LIGHT_CHANNELS) refusal = "channel";
        else if (ms == 0) refusal = "range";
        else if (lastLight != null && now - lastLight.onNanos() < lastLight.ms() * 1_000_000L) refusal = "busy";
        else if (lastLight != null
                && now - lastLight.onNanos() < lastLight.ms() * 1_000_000L * 100 / MAX_DUTY_PERCENT) refusal = "duty";
        lastLightId = Math.max(lastLightId, id);
        if (refusal != null) {
            lightRefusals.add(refusal);
            send("DARK " + id + " " + refusal);
            return;
        }
        int applied = Math.min(ms, MAX_LIGHT_MS);
        lastLight = new LightPulse(id, applied, channel, now);
        lightPulses.add(lastLight);
        send("LIT " + id + " " + applied);
    }

    /** The lick sensor closes once: reported at once, as the sketch does. */
    public synchronized void lick() {
        lickCount++;
        send("LICK " + lickCount + " " + (System.nanoTime() - bootNanos) / 1_000_000);
    }

    /** A lick whose report is lost on the line: the next report's count jumps. */
    public synchronized void lickUnreported() { lickCount++; }

    public synchronized List<LightPulse> lightPulses() { return List.copyOf(lightPulses); }

    /** The reasons of the light pulses refused (duty, busy, duplicate, channel, range). */
    public synchronized List<String> lightRefusals() { return List.copyOf(lightRefusals); }

    /** CLOSE commands that arrived while a light pulse was on. */
    public synchronized int lightsOffByClose() { return lightsOffByClose; }

    private void open(String[] w) {
        if (w.length != 4 || !w[1].matches("\\d+") || !w[2].matches("\\d+") || !w[3].matches("\\d+")) {
            violation("bad OPEN: '" + String.join(" ", w) + "'");
            send("ERR syntax");
            return;
        }
        long id = Long.parseLong(w[1]);
        int ms = Integer.parseInt(w[2]);
        int valve = Integer.parseInt(w[3]);
        OpenReply mode = openReply;
        if (mode == OpenReply.LOST) return;
        if (id <= lastId) {
            violation("OPEN with id " + id + " not above the last id " + lastId + " (a resent reward)");
            send("NAK " + id + " duplicate");
            return;
        }
        if (valve >= valves) {
            violation("OPEN of valve " + valve + ", the controller has " + valves);
            send("NAK " + id + " valve");
            lastId = id;
            lastOpened = false;
            return;
        }
        if (ms == 0) {
            violation("OPEN for 0 ms");
            send("NAK " + id + " range");
            lastId = id;
            lastOpened = false;
            return;
        }
        if (open != null) {
            violation("OPEN id " + id + " while pulse " + open.id + " is still running");
            send("NAK " + id + " busy");
            lastId = id;
            lastOpened = false;
            return;
        }
        int applied = Math.min(ms, limitMs);
        lastId = id;
        lastOpened = true;
        Pulse p = new Pulse(id, applied, valve, System.nanoTime());
        pulses.add(p);
        open = p;
        timer.schedule(() -> finish(p), applied, TimeUnit.MILLISECONDS);
        switch (mode) {
            case ACK -> send("ACK " + id + " " + applied);
            case GARBLED -> sendRaw("AC\u00FFK " + id + " ?" + applied + "*00\n");
            default -> { /* SILENT: the valve opened, the acknowledgement never comes */ }
        }
    }

    private synchronized void finish(Pulse p) {
        if (open != p) return;
        shut();
        send("DONE " + p.id + " " + p.ms);
    }

    private void shut() {
        open.closedNanos = System.nanoTime();
        open = null;
    }

    /** A power cycle: forgets the last id, closes the valve, announces itself like the sketch's setup(). */
    public synchronized void restart() {
        if (open != null) shut();
        lastId = 0;
        lastOpened = false;
        lastLightId = 0;
        lastLight = null;
        lickCount = 0;
        limitMs = maxOpenMs; // like the sketch: power-up forgets the host's bound
        send(hello(0));
    }

    private void send(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) sum ^= c;
        sendRaw(body + "*" + String.format("%02X", sum) + "\n");
    }

    private void sendRaw(String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        port.writeBytes(b, b.length);
    }

    private void violation(String v) { violations.add(v); }

    public synchronized List<String> received() { return List.copyOf(received); }

    /** Commands that broke the protocol; empty when the host behaved. */
    public synchronized List<String> violations() { return List.copyOf(violations); }

    public synchronized List<Pulse> pulses() { return List.copyOf(pulses); }

    public synchronized boolean valveOpen() { return open != null; }

    public synchronized int closes() { return closes; }

    /** CLOSE commands that arrived while a pulse was running (the valve was shut early). */
    public synchronized int closesWhileOpen() { return closesWhileOpen; }

    public synchronized int pings() { return pings; }

    /** The bound on one pulse in force now: its own maximum, or lower once told by LIMIT. */
    public synchronized int limitMs() { return limitMs; }

    /** LIMIT commands it accepted. */
    public synchronized int limits() { return limits; }

    @Override public void close() {
        running = false;
        try {
            reader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        port.closePort();
    }
}
