package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.apical.CommandRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a real recorded session, as bad copies, broken disks and crashes do it: chunks deleted, repeated
 * and swapped, bytes changed, the file cut, a compressed copy cut. Both readers (the loading {@link XdfReader} and the
 * streaming {@link XdfSummary}) must give a result or refuse with an {@link XdfFormatException} naming the file and
 * byte, never another exception; they must allocate in proportion to the file, not to what its length fields claim;
 * a chunk moved, repeated or lost must show in the problems whenever it changed a stream; and a cut compressed file
 * must give everything that decompresses. Seeded and reproducible: the seed of a failing input is in the message;
 * {@code -Dapical.fuzz.iterations=100000} for a long run.
 */
class XdfFuzzTest {
    static final int ITERATIONS = Integer.getInteger("apical.fuzz.iterations", 2000);
    /** Allocation allowed per read: this many times the (uncompressed) file, plus a fixed allowance. */
    static final long BYTES_PER_FILE_BYTE = 24, FIXED_BYTES = 16 << 20;

    @TempDir static Path dir;
    static byte[] session;
    static XdfChunks chunks;
    static XdfFile whole;

    @BeforeAll
    static void recordASession() throws Exception {
        Path file = dir.resolve("session.xdf");
        // in real time, so the recorder flushes every second and each stream is in several chunks
        CommandRun r = CommandRun.of("demo", "--speed", "realtime", "--duration", "3", "--in-process", "--seed", "11",
                "--quiet", "--out", file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        session = Files.readAllBytes(file);
        chunks = XdfChunks.of(session);
        whole = XdfReader.read(file);
        assertTrue(whole.problems().isEmpty(), whole.problems().toString());
        assertTrue(chunks.samplesOf(whole.stream("ApicalSim").id()).length >= 2, "input in several chunks: " + chunks);
    }

    enum Damage { DELETE, DUPLICATE, SWAP, FLIP, TRUNCATE, GZIP_CUT }

    @Test
    void damagedSessionsAreReadOrRefusedCleanlyAndTheDamageIsReported() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path file = dir.resolve("damaged.xdf");
        Path gz = dir.resolve("damaged.xdf.gz");
        int[] results = new int[Damage.values().length];
        int[] refusals = new int[Damage.values().length];
        int noticed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = 20_000_000L + i;
            SplittableRandom rnd = new SplittableRandom(seed);
            Damage damage = Damage.values()[rnd.nextInt(Damage.values().length)];
            byte[] b = damage(damage, rnd);
            // the loading reader reads from memory; a compressed file, and every fourth, goes through the disk
            // and the streaming reader too
            boolean onDisk = damage == Damage.GZIP_CUT || i % 4 == 0;
            Path target = damage == Damage.GZIP_CUT ? gz : file;
            String source = onDisk ? target.toString() : "damaged.xdf";
            byte[] plain = b;
            if (damage == Damage.GZIP_CUT) {
                byte[] z = gzip(b);
                z = Arrays.copyOf(z, 10 + rnd.nextInt(z.length - 10));
                plain = decompressible(z);
                Files.write(gz, z);
            } else if (onDisk) {
                Files.write(file, b);
            }
            String what = "seed " + seed + " (" + damage + ")";
            XdfReadOptions options = rnd.nextBoolean() ? XdfReadOptions.defaults()
                    : XdfReadOptions.defaults().withRecover(true).withDejitter(true);
            long before = threads.getCurrentThreadAllocatedBytes();
            XdfFile f = null;
            try {
                f = onDisk ? XdfReader.read(target, options) : XdfReader.read(b, source, options);
                results[damage.ordinal()]++;
            } catch (XdfFormatException e) {
                assertTrue(e.getMessage().startsWith(source + ": byte "), what + ": " + e.getMessage());
                refusals[damage.ordinal()]++;
            } catch (Exception | Error e) {
                throw new AssertionError(what + ": " + e, e);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            long bound = BYTES_PER_FILE_BYTE * plain.length + FIXED_BYTES;
            assertTrue(allocated <= bound, what + ": reading " + plain.length + " bytes allocated " + allocated);
            if (onDisk) {
                try {
                    XdfSummary.of(target);
                } catch (XdfFormatException e) {
                    assertTrue(e.getMessage().startsWith(target + ": byte "), what + ": " + e.getMessage());
                } catch (Exception | Error e) {
                    throw new AssertionError(what + ": summary: " + e, e);
                }
            }
            if (f == null) continue;
            switch (damage) {
                case DELETE, DUPLICATE, SWAP -> {
                    if (changesAStream(f)) {
                        assertTrue(!f.problems().isEmpty() || f.truncated(), what + ": a stream changed, no problem");
                        noticed++;
                    }
                }
                case TRUNCATE -> {
                    int cut = b.length;
                    boolean atAChunkEnd = cut == 4 || chunks.chunks().stream().anyMatch(c -> c.end() == cut);
                    assertEquals(!atAChunkEnd, f.truncated(), what + ": cut at " + cut);
                }
                case GZIP_CUT -> {
                    // everything that decompresses is read: the same as the plain file cut there
                    if (plain.length >= 4 && options.recover() == false) {
                        XdfFile same = XdfReader.read(plain, "plain.xdf", options);
                        for (XdfStream s : same.streams()) {
                            assertEquals(s.samples(), f.stream(s.id()).samples(), what + ": stream " + s.name());
                        }
                        assertTrue(f.truncated(), what + ": a cut compressed file is truncated");
                    }
                }
                case FLIP -> { }
            }
        }
        for (Damage d : Damage.values()) {
            assertTrue(results[d.ordinal()] > 0, d + " never gave a result: " + Arrays.toString(results));
        }
        assertTrue(refusals[Damage.FLIP.ordinal()] > 0, "some flips are refused: " + Arrays.toString(refusals));
        assertTrue(noticed > ITERATIONS / 10, "structural damage that changed a stream: " + noticed);
    }

    static byte[] damage(Damage d, SplittableRandom rnd) {
        int n = chunks.chunks().size();
        return switch (d) {
            case DELETE -> chunks.without(rnd.nextInt(n));
            case DUPLICATE -> chunks.duplicating(rnd.nextInt(n));
            case SWAP -> chunks.swapping(rnd.nextInt(n), rnd.nextInt(n));
            case FLIP -> {
                byte[] b = session.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) b[4 + rnd.nextInt(b.length - 4)] = (byte) rnd.nextInt(256);
                yield b;
            }
            case TRUNCATE -> Arrays.copyOf(session, 4 + rnd.nextInt(session.length - 4));
            case GZIP_CUT -> rnd.nextInt(4) == 0 ? chunks.without(rnd.nextInt(n)) : session;
        };
    }

    /** True if some stream's samples (count or timestamps) differ from the undamaged session's. */
    static boolean changesAStream(XdfFile f) {
        for (XdfStream s : whole.streams()) {
            XdfStream t = f.stream(s.id());
            if (t == null) continue; // its header was lost: a stream the file no longer declares
            if (!Arrays.equals(s.rawTimestamps(), t.rawTimestamps())) return true;
        }
        return false;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** What a cut gzip file decompresses to before its data ends. */
    static byte[] decompressible(byte[] z) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(z))) {
            byte[] buf = new byte[8192];
            for (int r; (r = in.read(buf)) > 0; ) out.write(buf, 0, r);
        } catch (EOFException | ZipException e) {
            // the end of what decompresses
        }
        return out.toByteArray();
    }
}
