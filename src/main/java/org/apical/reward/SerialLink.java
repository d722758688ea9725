package org.apical.reward;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open serial port (jSerialComm): non-blocking reads, bounded writes. The output's agent writes its lines
 * under a lock so they never interleave; {@link #writeUrgent} (CLOSE from the watchdog or the shutdown hook) takes
 * no lock, so it never waits behind the agent.
 */
final class SerialLink implements AutoCloseable {
    private static final int WRITE_TIMEOUT_MS = 200;

    private final SerialPort port;
    private final String path;
    private final ReentrantLock writeLock = new ReentrantLock();

    private SerialLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    static SerialLink open(String path, int baud) throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new IOException(path + ": no such serial port (is the controller plugged in? `ls /dev/ttyACM* "
                    + "/dev/ttyUSB*` lists candidates)");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(path + ": not a serial port: " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 0,
                WRITE_TIMEOUT_MS);
        if (!port.openPort()) {
            throw new IOException(path + ": cannot open (error " + port.getLastErrorCode()
                    + "; another program may hold it, or this user may lack permission: add it to the 'dialout' group)");
        }
        return new SerialLink(port, path);
    }

    String path() { return path; }

    /** Bytes now available, without waiting: 0 when none, -1 when the port is gone. */
    int read(byte[] buf) {
        int available = port.bytesAvailable();
        if (available < 0) return -1;
        if (available == 0) return 0;
        return port.readBytes(buf, Math.min(available, buf.length));
    }

    /** Writes one whole line; false when the port is gone or the lock could not be had in time. */
    boolean write(byte[] buf, int length) {
        try {
            if (!writeLock.tryLock(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return port.writeBytes(buf, length) == length;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes {@code buf} at once from the calling thread, without the lock: for CLOSE, which must not wait behind
     * a line the agent is writing. The caller's line starts with a newline, so that if it lands inside a line the
     * agent had half written, that line ends there (and fails its checksum on the device) and the urgent line is
     * read whole.
     */
    boolean writeUrgent(byte[] buf, int length) {
        return port.writeBytes(buf, length) == length;
    }

    /** The lock the agent holds while it writes a line (tests hold it to stand for an agent stuck mid-write). */
    ReentrantLock writeLock() { return writeLock; }

    @Override public void close() { port.closePort(); }
}
