package org.apical.xdf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a whole plain XDF file at memory speed: the file is mapped, one walk over the chunk headers counts each
 * stream's samples ({@link XdfIndex}), then every stream's samples are copied in bulk straight from the mapping into
 * one primitive array per stream, exactly sized (no array per chunk, no object per sample, no second copy).
 *
 * <p>The result is the one {@link XdfReader#readStreaming} gives: the same streams, values, timestamps, problems and,
 * for a file that ends inside a chunk, the same stop offset and reason. Gzip files, and files with an invalid chunk
 * (whose error or recovery is the streaming reader's to report), are handed to {@link XdfReader#readStreaming}.
 */
public final class XdfMappedReader {
    private XdfMappedReader() {}

    public static XdfFile read(Path path, XdfReadOptions options) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < XdfFormat.MAGIC.length || gzip(ch)) return XdfReader.readStreaming(path, options);
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            try {
                return read(file, path, options);
            } catch (XdfFormatException e) {
                return XdfReader.readStreaming(path, options);
            }
        }
    }

    private static boolean gzip(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) { }
        return b.position() == 2 && (b.get(0) & 0xff) == 0x1f && (b.get(1) & 0xff) == 0x8b;
    }

    /** Reads a plain XDF file held in {@code file}; an invalid chunk is an {@link XdfFormatException}. */
    static XdfFile read(MemorySegment file, Path path, XdfReadOptions options) throws XdfFormatException {
        XdfIndex index = XdfIndex.of(file, path.toString());
        List<XdfStream> streams = new ArrayList<>(index.streams.size());
        List<String> problems = new ArrayList<>(index.problems);
        for (XdfIndex.StreamEntry s : index.streams.values()) {
            XdfStream stream = decode(index, s, options);
            // the same per-stream checks as XdfReader, so both readers report the same problems
            for (String p : StreamIntegrity.of(stream).report(stream.footer()).problems()) problems.add(path + ": " + p);
            streams.add(stream);
        }
        return new XdfFile(path, index.header, List.copyOf(streams), index.stop, List.copyOf(problems),
                index.bytesRead);
    }

    private static XdfStream decode(XdfIndex index, XdfIndex.StreamEntry s, XdfReadOptions options)
            throws XdfFormatException {
        int n = Math.toIntExact(s.samples);
        double[] raw = new double[n];
        SampleValues values = SampleValues.allocate(s.info.channelFormat(), s.info.channelCount(), n);
        double prev = 0;
        int at = 0;
        for (int c = 0; c < s.chunks; c++) {
            prev = index.decode(s, c, prev, raw, values, at);
            at += s.chunkCount[c];
        }
        return StreamAssembly.of(s.id, s.info, raw, values, Arrays.copyOf(s.clockTimes, s.offsets),
                Arrays.copyOf(s.clockValues, s.offsets), s.footer, options);
    }
}
