package org.apical.lsl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.stream.ChannelFormat;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A binding of the native liblsl C API through java.lang.foreign, loaded only on request: the native backend
 * ({@link NativeFrameSource}, {@link NativeOutlet}), the interop tests and {@code apical bench lsl} use it. It binds the
 * C API that liblsl 1.12 to 1.17 share (nothing newer is needed); a library without one of those functions is
 * refused with a message naming the function. Handles are raw {@link MemorySegment}s; the caller destroys what it
 * creates. Numeric samples go through caller-owned native buffers ({@link #buffer}) so a loop of pushes or pulls
 * allocates nothing, and the chunk calls move many samples per foreign call.
 */
public final class LibLsl {
    /** Where {@code ./apical test} unpacks it (npm package node-lsl@0.1.0, liblsl 1.12). */
    public static final String DEFAULT_PATH = "target/liblsl/package/prebuilt/liblsl64.so";
    public static final int ERR_TIMEOUT = -1, ERR_LOST = -2;

    private final Path path;
    private final MethodHandle libraryVersion, protocolVersion, localClock, createStreaminfo, destroyStreaminfo,
            getDesc, appendChild, appendChildValue, createOutlet, destroyOutlet, waitForConsumers, haveConsumers,
            pushStrT, resolveByProp, resolveByPred, resolveAll, getXml, getUid, getName, destroyString, createInlet, destroyInlet,
            openStream, pullStr, timeCorrection, getFullinfo, samplesAvailable, streaminfoFromXml, wasClockReset, getInfo;
    private final MethodHandle[] pushT = new MethodHandle[8];
    private final MethodHandle[] pull = new MethodHandle[8];
    private final MethodHandle[] pushChunkTp = new MethodHandle[8];
    private final MethodHandle[] pullChunk = new MethodHandle[8];
    private final ThreadLocal<MemorySegment> ec = ThreadLocal.withInitial(() -> Arena.global().allocate(JAVA_INT));

    private LibLsl(Path path) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(path, Arena.global());
        Binder b = new Binder(linker, lib);
        libraryVersion = b.fn("lsl_library_version", FunctionDescriptor.of(JAVA_INT));
        protocolVersion = b.fn("lsl_protocol_version", FunctionDescriptor.of(JAVA_INT));
        localClock = b.fn("lsl_local_clock", FunctionDescriptor.of(JAVA_DOUBLE));
        createStreaminfo = b.fn("lsl_create_streaminfo",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_DOUBLE, JAVA_INT, ADDRESS));
        destroyStreaminfo = b.fn("lsl_destroy_streaminfo", FunctionDescriptor.ofVoid(ADDRESS));
        getDesc = b.fn("lsl_get_desc", FunctionDescriptor.of(ADDRESS, ADDRESS));
        appendChild = b.fn("lsl_append_child", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        appendChildValue = b.fn("lsl_append_child_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        createOutlet = b.fn("lsl_create_outlet", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        destroyOutlet = b.fn("lsl_destroy_outlet", FunctionDescriptor.ofVoid(ADDRESS));
        waitForConsumers = b.fn("lsl_wait_for_consumers", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_DOUBLE));
        haveConsumers = b.fn("lsl_have_consumers", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        String[] suffix = {null, "f", "d", null, "i", "s", "c", "l"};
        for (ChannelFormat f : ChannelFormat.values()) {
            if (f == ChannelFormat.STRING) continue;
            String s = suffix[f.code()];
            pushT[f.code()] = b.fn("lsl_push_sample_" + s + "t", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE));
            pull[f.code()] = b.fn("lsl_pull_sample_" + s,
                    FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS));
            // int lsl_push_chunk_Xtp(outlet, const X *data, unsigned long elements, const double *timestamps)
            pushChunkTp[f.code()] = b.fn("lsl_push_chunk_" + s + "tp",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
            // unsigned long lsl_pull_chunk_X(inlet, X *data, double *stamps, unsigned long data_elements,
            //                                 unsigned long stamp_elements, double timeout, int32_t *ec)
            pullChunk[f.code()] = b.fn("lsl_pull_chunk_" + s,
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_DOUBLE, ADDRESS));
        }
        pushStrT = b.fn("lsl_push_sample_strt", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE));
        pullStr = b.fn("lsl_pull_sample_str", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS));
        resolveByProp = b.fn("lsl_resolve_byprop",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_DOUBLE));
        resolveByPred = b.fn("lsl_resolve_bypred",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE));
        resolveAll = b.fn("lsl_resolve_all", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE));
        getXml = b.fn("lsl_get_xml", FunctionDescriptor.of(ADDRESS, ADDRESS));
        getUid = b.fn("lsl_get_uid", FunctionDescriptor.of(ADDRESS, ADDRESS));
        getName = b.fn("lsl_get_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyString = b.fn("lsl_destroy_string", FunctionDescriptor.ofVoid(ADDRESS));
        createInlet = b.fn("lsl_create_inlet", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        destroyInlet = b.fn("lsl_destroy_inlet", FunctionDescriptor.ofVoid(ADDRESS));
        openStream = b.fn("lsl_open_stream", FunctionDescriptor.ofVoid(ADDRESS, JAVA_DOUBLE, ADDRESS));
        timeCorrection = b.fn("lsl_time_correction", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, JAVA_DOUBLE, ADDRESS));
        getFullinfo = b.fn("lsl_get_fullinfo", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS));
        samplesAvailable = b.fn("lsl_samples_available", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        streaminfoFromXml = b.fn("lsl_streaminfo_from_xml", FunctionDescriptor.of(ADDRESS, ADDRESS));
        getInfo = b.fn("lsl_get_info", FunctionDescriptor.of(ADDRESS, ADDRESS));
        wasClockReset = b.fn("lsl_was_clock_reset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private record Binder(Linker linker, SymbolLookup lib, Path path) {
        Binder(Linker linker, SymbolLookup lib) { this(linker, lib, null); }

        MethodHandle fn(String name, FunctionDescriptor d) {
            MemorySegment sym = lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError("this liblsl has no " + name
                    + "(), which Apical's native backend needs (liblsl 1.12 to 1.17 all have it): " + HOW_TO_INSTALL));
            return linker.downcallHandle(sym, d);
        }
    }

    /** The file names liblsl goes by: its own builds (liblsl.so, .so.2), the old 64-bit name, macOS and Windows. */
    public static final List<String> LIBRARY_NAMES = List.of("liblsl.so", "liblsl.so.2", "liblsl64.so", "liblsl.so.1",
            "liblsl.dylib", "liblsl.2.dylib", "lsl.dll", "liblsl64.dll");

    /** What to tell a user with no liblsl: Debian and Ubuntu have no package, so it comes from the project or conda. */
    public static final String HOW_TO_INSTALL = "install liblsl 1.16 or newer: Debian and Ubuntu have no package; "
            + "take the .deb or archive of a release from https://github.com/sccn/liblsl/releases (or build it there "
            + "with cmake), or `conda install -c conda-forge liblsl`; then point LSL_LIB at the library file "
            + "(e.g. LSL_LIB=/usr/lib/liblsl.so) or put its folder on java.library.path";

    /**
     * Finds the system's liblsl: the file {@code LSL_LIB} names (environment, or system property {@code lsl.lib}),
     * else the usual names in every folder of {@code java.library.path}, then the system's own folders. A library
     * that is not there is a {@link IllegalStateException} saying where it looked and how to install one.
     */
    public static LibLsl find() {
        String named = System.getProperty("lsl.lib", System.getenv("LSL_LIB"));
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            if (!Files.isRegularFile(p)) throw new IllegalStateException("LSL_LIB names " + p.toAbsolutePath()
                    + ", which is not a file; " + HOW_TO_INSTALL);
            return load(p);
        }
        List<Path> dirs = new ArrayList<>();
        for (String d : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!d.isBlank()) dirs.add(Path.of(d));
        }
        for (String d : List.of("/usr/local/lib", "/usr/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/opt/homebrew/lib")) {
            dirs.add(Path.of(d));
        }
        for (Path d : dirs) {
            for (String n : LIBRARY_NAMES) {
                Path p = d.resolve(n);
                if (Files.isRegularFile(p)) return load(p);
            }
        }
        throw new IllegalStateException("no liblsl found (LSL_LIB is not set; looked for " + String.join(", ", LIBRARY_NAMES)
                + " in " + dirs + "); " + HOW_TO_INSTALL);
    }

    /** Loads liblsl from a file; a missing file is an {@link IllegalArgumentException} naming it. */
    public static LibLsl load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no liblsl at " + path.toAbsolutePath()
                    + " (get it with ./apical test, or: mkdir -p target/liblsl && cd target/liblsl && npm pack node-lsl@0.1.0 && tar xzf node-lsl-0.1.0.tgz)");
        }
        // one binding per file: dlopen would hand back the same library anyway
        return LOADED.computeIfAbsent(path.toAbsolutePath().normalize(), p -> {
            try {
                return new LibLsl(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(p + " is not a loadable liblsl (" + e.getMessage() + "); " + HOW_TO_INSTALL, e);
            }
        });
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, LibLsl> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The library version as liblsl writes it: 112 → "1.12", 116 → "1.16". */
    public String versionText() {
        int v = libraryVersion();
        return v / 100 + "." + v % 100;
    }

    public Path path() { return path; }

    // ---------------------------------------------------------------- library

    public int libraryVersion() { return (int) call(() -> (int) libraryVersion.invokeExact()); }

    public int protocolVersion() { return (int) call(() -> (int) protocolVersion.invokeExact()); }

    public double localClock() {
        try {
            return (double) localClock.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- stream info

    public MemorySegment createStreamInfo(String name, String type, int channels, double rate, ChannelFormat f, String sourceId) {
        try (Arena a = Arena.ofConfined()) {
            return (MemorySegment) createStreaminfo.invokeExact(a.allocateFrom(name), a.allocateFrom(type), channels,
                    rate, f.code(), a.allocateFrom(sourceId));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void destroyStreamInfo(MemorySegment info) { invokeVoid(destroyStreaminfo, info); }

    public MemorySegment desc(MemorySegment info) {
        try {
            return (MemorySegment) getDesc.invokeExact(info);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MemorySegment appendChild(MemorySegment element, String name) {
        try (Arena a = Arena.ofConfined()) {
            return (MemorySegment) appendChild.invokeExact(element, a.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MemorySegment appendChildValue(MemorySegment element, String name, String value) {
        try (Arena a = Arena.ofConfined()) {
            return (MemorySegment) appendChildValue.invokeExact(element, a.allocateFrom(name), a.allocateFrom(value));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The info as XML (liblsl's own formatting). */
    public String xml(MemorySegment info) {
        try {
            MemorySegment s = (MemorySegment) getXml.invokeExact(info);
            String x = s.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
            destroyString.invokeExact(s);
            return x;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public String uid(MemorySegment info) { return cString(getUid, info); }

    public String name(MemorySegment info) { return cString(getName, info); }

    private static String cString(MethodHandle h, MemorySegment info) {
        try {
            MemorySegment s = (MemorySegment) h.invokeExact(info);
            return s.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- outlet

    public MemorySegment createOutlet(MemorySegment info, int chunkSize, int maxBufferedSeconds) {
        try {
            MemorySegment o = (MemorySegment) createOutlet.invokeExact(info, chunkSize, maxBufferedSeconds);
            if (o.address() == 0) throw new IllegalStateException("liblsl could not create an outlet");
            return o;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A copy of the outlet's stream info as published (uid, session, host); the caller destroys it. */
    public MemorySegment outletInfo(MemorySegment outlet) {
        try {
            return (MemorySegment) getInfo.invokeExact(outlet);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void destroyOutlet(MemorySegment outlet) { invokeVoid(destroyOutlet, outlet); }

    public boolean waitForConsumers(MemorySegment outlet, double timeout) {
        try {
            return (int) waitForConsumers.invokeExact(outlet, timeout) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public boolean haveConsumers(MemorySegment outlet) {
        try {
            return (int) haveConsumers.invokeExact(outlet) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A native buffer for one sample of a numeric format (lives as long as the arena). */
    public static MemorySegment buffer(Arena arena, ChannelFormat f, int channels) {
        return arena.allocate((long) f.valueSize() * channels, 8);
    }

    /** Pushes the sample held in {@code buffer} (native values of format f) with a timestamp (0 = now). */
    public void pushSample(MemorySegment outlet, ChannelFormat f, MemorySegment buffer, double timestamp) {
        try {
            int r = (int) pushT[f.code()].invokeExact(outlet, buffer, timestamp);
            if (r < 0) throw new IllegalStateException("lsl_push_sample failed: " + r);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void pushStrings(MemorySegment outlet, String[] values, double timestamp) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocate(ADDRESS, values.length);
            for (int k = 0; k < values.length; k++) arr.setAtIndex(ADDRESS, k, a.allocateFrom(values[k]));
            int r = (int) pushStrT.invokeExact(outlet, arr, timestamp);
            if (r < 0) throw new IllegalStateException("lsl_push_sample_strt failed: " + r);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Pushes {@code samples} samples held row-major in {@code data} (native values of format f), each with its own
     * timestamp from {@code stamps} (a native double array): one foreign call for the whole chunk.
     */
    public void pushChunk(MemorySegment outlet, ChannelFormat f, MemorySegment data, int channels, int samples,
                          MemorySegment stamps) {
        try {
            int r = (int) pushChunkTp[f.code()].invokeExact(outlet, data, (long) channels * samples, stamps);
            if (r < 0) throw new IllegalStateException("lsl_push_chunk failed: " + r);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A stream info from its XML (liblsl's lsl_streaminfo_from_xml); the caller destroys it. */
    public MemorySegment streamInfoFromXml(String xml) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) streaminfoFromXml.invokeExact(a.allocateFrom(xml));
            if (info.address() == 0) throw new IllegalStateException("liblsl could not read the stream info XML");
            return info;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- resolve

    /** liblsl's resolve_byprop; the returned infos must be destroyed by the caller. */
    public List<MemorySegment> resolveByProp(String prop, String value, int minimum, double timeout) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(ADDRESS, 64);
            int n = (int) resolveByProp.invokeExact(buf, 64, a.allocateFrom(prop), a.allocateFrom(value), minimum, timeout);
            List<MemorySegment> out = new ArrayList<>();
            for (int k = 0; k < n; k++) out.add(buf.getAtIndex(ADDRESS, k));
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** liblsl's resolve_bypred (e.g. {@code name='X' and type='Y'}); the returned infos must be destroyed. */
    public List<MemorySegment> resolveByPredicate(String predicate, int minimum, double timeout) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(ADDRESS, 64);
            int n = (int) resolveByPred.invokeExact(buf, 64, a.allocateFrom(predicate), minimum, timeout);
            List<MemorySegment> out = new ArrayList<>();
            for (int k = 0; k < n; k++) out.add(buf.getAtIndex(ADDRESS, k));
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public List<MemorySegment> resolveAll(double wait) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(ADDRESS, 64);
            int n = (int) resolveAll.invokeExact(buf, 64, wait);
            List<MemorySegment> out = new ArrayList<>();
            for (int k = 0; k < n; k++) out.add(buf.getAtIndex(ADDRESS, k));
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- inlet

    public MemorySegment createInlet(MemorySegment info, int maxBufferSeconds, int maxChunk, boolean recover) {
        try {
            return (MemorySegment) createInlet.invokeExact(info, maxBufferSeconds, maxChunk, recover ? 1 : 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void destroyInlet(MemorySegment inlet) { invokeVoid(destroyInlet, inlet); }

    public void openStream(MemorySegment inlet, double timeout) {
        MemorySegment e = ec.get();
        try {
            openStream.invokeExact(inlet, timeout, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(e, "lsl_open_stream");
    }

    /** Pulls one sample into {@code buffer}; returns its timestamp, 0.0 on time-out. */
    public double pullSample(MemorySegment inlet, ChannelFormat f, MemorySegment buffer, int channels, double timeout) {
        MemorySegment e = ec.get();
        double ts;
        try {
            ts = (double) pull[f.code()].invokeExact(inlet, buffer, channels, timeout, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        int code = e.get(JAVA_INT, 0);
        if (code == ERR_TIMEOUT) return 0.0;
        check(e, "lsl_pull_sample");
        return ts;
    }

    /**
     * Pulls up to {@code maxSamples} samples that are already waiting (liblsl waits for a full buffer when given a
     * time-out, so this never passes one: see {@link NativeInlet}); returns how many, with their timestamps in
     * {@code stamps}.
     */
    public int pullChunk(MemorySegment inlet, ChannelFormat f, MemorySegment data, MemorySegment stamps, int channels,
                         int maxSamples) {
        MemorySegment e = ec.get();
        long elements;
        try {
            elements = (long) pullChunk[f.code()].invokeExact(inlet, data, stamps, (long) channels * maxSamples,
                    (long) maxSamples, 0.0, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        int code = e.get(JAVA_INT, 0);
        if (code == ERR_TIMEOUT) return 0;
        check(e, "lsl_pull_chunk");
        return channels == 0 ? 0 : (int) (elements / channels);
    }

    /** True once after the inlet's source switched to another outlet (its clock may differ). */
    public boolean wasClockReset(MemorySegment inlet) {
        try {
            return (int) wasClockReset.invokeExact(inlet) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public double pullStrings(MemorySegment inlet, String[] dst, double timeout) {
        MemorySegment e = ec.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocate(ADDRESS, dst.length);
            double ts = (double) pullStr.invokeExact(inlet, arr, dst.length, timeout, e);
            int code = e.get(JAVA_INT, 0);
            if (code == ERR_TIMEOUT || ts == 0.0) return 0.0;
            check(e, "lsl_pull_sample_str");
            for (int k = 0; k < dst.length; k++) {
                MemorySegment s = arr.getAtIndex(ADDRESS, k);
                dst[k] = s.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
                destroyString.invokeExact(s);
            }
            return ts;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public double timeCorrection(MemorySegment inlet, double timeout) {
        MemorySegment e = ec.get();
        double v;
        try {
            v = (double) timeCorrection.invokeExact(inlet, timeout, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(e, "lsl_time_correction");
        return v;
    }

    public MemorySegment fullInfo(MemorySegment inlet, double timeout) {
        MemorySegment e = ec.get();
        MemorySegment info;
        try {
            info = (MemorySegment) getFullinfo.invokeExact(inlet, timeout, e);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(e, "lsl_get_fullinfo");
        return info;
    }

    public int samplesAvailable(MemorySegment inlet) {
        try {
            return (int) samplesAvailable.invokeExact(inlet);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static void check(MemorySegment e, String what) {
        int code = e.get(JAVA_INT, 0);
        if (code == ERR_LOST) throw new LostStreamException(what + ": the stream was lost (liblsl error -2)");
        if (code != 0) throw new IllegalStateException(what + " failed with liblsl error " + code
                + (code == ERR_TIMEOUT ? " (time-out)" : code == ERR_LOST ? " (stream lost)" : ""));
    }

    private static void invokeVoid(MethodHandle h, MemorySegment arg) {
        try {
            h.invokeExact(arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private interface IntCall { int run() throws Throwable; }

    private static long call(IntCall c) {
        try {
            return c.run();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("liblsl call failed", t);
    }
}
