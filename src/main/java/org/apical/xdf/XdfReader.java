package org.apical.xdf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;

/**
 * Loads a whole XDF file (plain or gzip) into memory: every stream's header, timestamps, values, clock offsets
 * and footer. A file that ends inside a chunk (a killed recording) is read up to its last complete chunk and the
 * result says where it stopped; an invalid chunk is an {@link XdfFormatException} naming the byte offset and
 * chunk, unless {@link XdfReadOptions#recover()} asks to skip to the next Boundary chunk. For files too large to
 * hold, stream them with {@link XdfChunkReader}.
 */
public final class XdfReader {
    private XdfReader() {}

    public static XdfFile read(Path path) throws IOException {
        return read(path, XdfReadOptions.defaults());
    }

    /**
     * Reads a file a user named: a missing or unreadable file is a {@link org.apical.core.UserException} that names
     * it and says why.
     */
    public static XdfFile readNamed(Path path) {
        try {
            return read(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new org.apical.core.UserException(path + ": no such file");
        } catch (IOException e) {
            throw new org.apical.core.UserException(path + ": cannot read it as XDF: " + e.getMessage());
        }
    }

    /**
     * Plain files are read memory-mapped ({@link XdfMappedReader}), gzip files and files with an invalid chunk
     * through {@link #readStreaming}; both give the same result.
     */
    public static XdfFile read(Path path, XdfReadOptions options) throws IOException {
        return XdfMappedReader.read(path, options);
    }

    /** Reads {@code path} chunk by chunk through {@link XdfChunkReader} (any file: plain or gzip, damaged or not). */
    public static XdfFile readStreaming(Path path, XdfReadOptions options) throws IOException {
        try (XdfChunkReader r = XdfChunkReader.open(path)) {
            return read(r, path, options);
        }
    }

    /**
     * The files of a recording that rolled over: {@code first} and then {@code NAME-part2.EXT},
     * {@code NAME-part3.EXT}, ... as long as they exist (the naming {@link XdfWriter} uses).
     */
    public static List<Path> parts(Path first) {
        List<Path> files = new ArrayList<>();
        files.add(first);
        String name = first.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int part = 2; ; part++) {
            Path p = first.resolveSibling(stem + "-part" + part + ext);
            if (!java.nio.file.Files.exists(p)) return List.copyOf(files);
            files.add(p);
        }
    }

    /** Reads a file held in memory (plain XDF, not gzip); {@code source} names it in messages. */
    public static XdfFile read(byte[] bytes, String source, XdfReadOptions options) throws IOException {
        try (XdfChunkReader r = XdfChunkReader.open(bytes, source)) {
            return read(r, Path.of(source), options);
        }
    }

    /** Reads the rest of {@code reader} (already past the magic). */
    public static XdfFile read(XdfChunkReader reader, Path path, XdfReadOptions options) throws IOException {
        Map<Integer, Acc> streams = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String header = null;
        XdfFile.Stop stop = null;
        boolean first = true;
        while (true) {
            XdfChunk chunk;
            try {
                chunk = reader.next();
            } catch (XdfTruncatedException e) {
                stop = new XdfFile.Stop(e.offset(), e.reason());
                break;
            } catch (XdfFormatException e) {
                if (!options.recover()) throw e;
                problems.add(e.getMessage());
                if (!reader.skipToBoundary()) {
                    stop = new XdfFile.Stop(e.offset(), e.reason() + " (no boundary chunk after it to resume from)");
                    break;
                }
                continue;
            }
            if (chunk == null) break;
            if (first && !(chunk instanceof XdfChunk.FileHeader)) {
                problems.add(reader.source() + ": byte " + chunk.offset() + ": first chunk is not a FileHeader");
            }
            first = false;
            switch (chunk) {
                case XdfChunk.FileHeader h -> {
                    if (header == null) header = h.xml();
                    else problems.add(reader.source() + ": byte " + h.offset() + ": a second FileHeader (ignored)");
                }
                case XdfChunk.StreamHeader h -> streams.put(h.streamId(), new Acc(h.streamId(), h.info()));
                case XdfChunk.Samples s -> streams.get(s.streamId()).add(s);
                case XdfChunk.ClockOffset c -> {
                    Acc a = streams.get(c.streamId());
                    if (a == null) {
                        problems.add(reader.source() + ": byte " + c.offset() + ": clock offset of stream "
                                + c.streamId() + " which has no StreamHeader (ignored)");
                    } else {
                        a.offset(c.collectionTime(), c.value());
                    }
                }
                case XdfChunk.StreamFooter f -> {
                    Acc a = streams.get(f.streamId());
                    if (a == null) {
                        problems.add(reader.source() + ": byte " + f.offset() + ": footer of stream " + f.streamId()
                                + " which has no StreamHeader (ignored)");
                        continue;
                    }
                    try {
                        a.footer = StreamFooterInfo.parse(f.xml());
                    } catch (InfoXmlException e) {
                        problems.add(reader.source() + ": byte " + f.offset() + ": footer of stream " + f.streamId()
                                + " is not well-formed XML (ignored): " + e.getMessage());
                    }
                }
                case XdfChunk.Boundary b -> { }
                case XdfChunk.Unknown u -> problems.add(reader.source() + ": byte " + u.offset()
                        + ": skipped a chunk with unknown tag " + u.tag());
            }
        }
        List<XdfStream> result = new ArrayList<>(streams.size());
        for (Acc a : streams.values()) {
            XdfStream s = a.finish(options);
            for (String p : StreamIntegrity.of(s).report(s.footer()).problems()) problems.add(reader.source() + ": " + p);
            result.add(s);
        }
        return new XdfFile(path, header, List.copyOf(result), stop, List.copyOf(problems), reader.offset());
    }

    /** One stream's chunks while reading. */
    private static final class Acc {
        final int id;
        final StreamInfo info;
        final List<double[]> stamps = new ArrayList<>();
        final List<SampleValues> values = new ArrayList<>();
        double[] clockTimes = new double[8];
        double[] clockValues = new double[8];
        int offsets;
        StreamFooterInfo footer;

        Acc(int id, StreamInfo info) {
            this.id = id;
            this.info = info;
        }

        void add(XdfChunk.Samples s) {
            stamps.add(s.timestamps());
            values.add(s.values());
        }

        void offset(double t, double v) {
            if (offsets == clockTimes.length) {
                clockTimes = java.util.Arrays.copyOf(clockTimes, offsets * 2);
                clockValues = java.util.Arrays.copyOf(clockValues, offsets * 2);
            }
            clockTimes[offsets] = t;
            clockValues[offsets] = v;
            offsets++;
        }

        XdfStream finish(XdfReadOptions o) {
            int n = 0;
            for (double[] t : stamps) n = Math.addExact(n, t.length);
            double[] raw = new double[n];
            int at = 0;
            for (double[] t : stamps) {
                System.arraycopy(t, 0, raw, at, t.length);
                at += t.length;
            }
            SampleValues all = SampleValues.concat(info.channelFormat(), info.channelCount(), values);
            return StreamAssembly.of(id, info, raw, all, java.util.Arrays.copyOf(clockTimes, offsets),
                    java.util.Arrays.copyOf(clockValues, offsets), footer, o);
        }
    }
}
