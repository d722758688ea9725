package org.apical.xdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunks of a whole XDF file as byte ranges, to damage a real recording the way a bad copy or a broken disk
 * does: a chunk deleted, repeated, two chunks swapped. Every chunk stays valid; only the file as a whole is wrong.
 */
public record XdfChunks(byte[] bytes, List<Chunk> chunks) {

    /** {@code streamId} is −1 for chunks without one; {@code samples} counts a Samples chunk's samples. */
    public record Chunk(int start, int end, String kind, int streamId, int samples) {
        public boolean isSamplesOf(int id) { return kind.equals("Samples") && streamId == id; }
    }

    public static XdfChunks of(byte[] bytes) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        try (XdfChunkReader r = XdfChunkReader.open(bytes, "whole.xdf")) {
            long start = r.offset();
            for (XdfChunk c = r.next(); c != null; c = r.next()) {
                int end = (int) r.offset();
                chunks.add(switch (c) {
                    case XdfChunk.FileHeader h -> new Chunk((int) start, end, "FileHeader", -1, 0);
                    case XdfChunk.StreamHeader h -> new Chunk((int) start, end, "StreamHeader", h.streamId(), 0);
                    case XdfChunk.Samples s -> new Chunk((int) start, end, "Samples", s.streamId(), s.timestamps().length);
                    case XdfChunk.ClockOffset o -> new Chunk((int) start, end, "ClockOffset", o.streamId(), 0);
                    case XdfChunk.Boundary b -> new Chunk((int) start, end, "Boundary", -1, 0);
                    case XdfChunk.StreamFooter f -> new Chunk((int) start, end, "StreamFooter", f.streamId(), 0);
                    case XdfChunk.Unknown u -> new Chunk((int) start, end, "Unknown", -1, 0);
                });
                start = end;
            }
        }
        return new XdfChunks(bytes, List.copyOf(chunks));
    }

    /** Indexes of the Samples chunks of stream {@code id}, in file order. */
    public int[] samplesOf(int id) {
        return java.util.stream.IntStream.range(0, chunks.size()).filter(i -> chunks.get(i).isSamplesOf(id)).toArray();
    }

    /** The stream id of the stream whose header names {@code name}. */
    public static int idOf(XdfFile f, String name) { return f.stream(name).id(); }

    /** The file with the chunks in this order (indexes may repeat or be left out). */
    public byte[] assemble(int... order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 1024);
        out.write(bytes, 0, 4);
        for (int i : order) out.write(bytes, chunks.get(i).start, chunks.get(i).end - chunks.get(i).start);
        return out.toByteArray();
    }

    private int[] all() { return java.util.stream.IntStream.range(0, chunks.size()).toArray(); }

    public byte[] without(int i) {
        return assemble(Arrays.stream(all()).filter(k -> k != i).toArray());
    }

    public byte[] duplicating(int i) {
        return assemble(Arrays.stream(all()).flatMap(k -> k == i ? java.util.stream.IntStream.of(k, k)
                : java.util.stream.IntStream.of(k)).toArray());
    }

    public byte[] swapping(int i, int j) {
        int[] order = all();
        order[i] = j;
        order[j] = i;
        return assemble(order);
    }
}
