package org.apical.lsl;

import org.apical.stream.ChannelFormat;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real liblsl for interop tests. Found through the system property {@code apical.liblsl} (set by
 * {@code ./apical test}) or the default unpack location; missing → the test fails when
 * {@code apical.interop.required=true} (CI), else it is skipped with a message saying how to get it.
 * liblsl 1.12 reads {@code lsl_api.cfg} only from its working directory, so this writes a loopback-only one there
 * before the library is first used (the interop execution runs in target/interop-cwd).
 */
final class LiblslPeer {
    static final String CONFIG = """
            [ports]
            IPv6 = disable
            [multicast]
            ResolveScope = machine
            [lab]
            KnownPeers = {127.0.0.1}
            """;
    private static LibLsl lib;

    private LiblslPeer() {}

    static synchronized LibLsl get() {
        if (lib != null) return lib;
        boolean required = Boolean.getBoolean("apical.interop.required");
        Path cwd = Path.of("").toAbsolutePath();
        Assumptions.assumeTrue(cwd.getFileName() != null && cwd.getFileName().toString().equals("interop-cwd"),
                "liblsl interop tests run in their own surefire execution (working directory target/interop-cwd), not in " + cwd);
        String prop = System.getProperty("apical.liblsl", "");
        Path path;
        if (!prop.isBlank()) path = Path.of(prop);
        else path = Path.of(System.getProperty("basedir", cwd.resolve("../..").normalize().toString())).resolve(LibLsl.DEFAULT_PATH);
        if (!Files.isRegularFile(path)) {
            String how = "no liblsl at " + path + "; run ./apical test (it downloads npm package node-lsl@0.1.0), or: "
                    + "mkdir -p target/liblsl && cd target/liblsl && npm pack node-lsl@0.1.0 && tar xzf node-lsl-0.1.0.tgz";
            if (required) fail("interop tests are required (apical.interop.required=true): " + how);
            System.err.println("liblsl interop tests skipped: " + how); // surefire does not print abort reasons
            Assumptions.abort(how);
        }
        try {
            Files.writeString(cwd.resolve(LslConfig.FILE_NAME), CONFIG);
        } catch (IOException e) {
            fail("cannot write " + cwd.resolve(LslConfig.FILE_NAME) + ": " + e);
        }
        lib = LibLsl.load(path);
        return lib;
    }

    /** Writes value v of format f at channel index k of a native sample buffer. */
    static void put(MemorySegment buf, ChannelFormat f, int k, double v) {
        switch (f) {
            case FLOAT32 -> buf.setAtIndex(ValueLayout.JAVA_FLOAT, k, (float) v);
            case DOUBLE64 -> buf.setAtIndex(ValueLayout.JAVA_DOUBLE, k, v);
            case INT32 -> buf.setAtIndex(ValueLayout.JAVA_INT, k, (int) v);
            case INT16 -> buf.setAtIndex(ValueLayout.JAVA_SHORT, k, (short) v);
            case INT8 -> buf.setAtIndex(ValueLayout.JAVA_BYTE, k, (byte) v);
            case INT64 -> buf.setAtIndex(ValueLayout.JAVA_LONG, k, (long) v);
            case STRING -> throw new IllegalArgumentException();
        }
    }

    static double get(MemorySegment buf, ChannelFormat f, int k) {
        return switch (f) {
            case FLOAT32 -> buf.getAtIndex(ValueLayout.JAVA_FLOAT, k);
            case DOUBLE64 -> buf.getAtIndex(ValueLayout.JAVA_DOUBLE, k);
            case INT32 -> buf.getAtIndex(ValueLayout.JAVA_INT, k);
            case INT16 -> buf.getAtIndex(ValueLayout.JAVA_SHORT, k);
            case INT8 -> buf.getAtIndex(ValueLayout.JAVA_BYTE, k);
            case INT64 -> buf.getAtIndex(ValueLayout.JAVA_LONG, k);
            case STRING -> throw new IllegalArgumentException();
        };
    }
}
