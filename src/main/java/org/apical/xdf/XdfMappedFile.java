package org.apical.xdf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * A plain XDF file mapped and its chunks walked once ({@link XdfIndex}), for a reader that wants one large stream's
 * samples one at a time while holding the rest whole: a replay reads the small streams (decisions, events,
 * definitions) and the input's timestamps, and then decodes the input frame by frame from the mapping, so an hour of
 * 1,000 ROIs never becomes one 432 MB array and its pages are read while the pipeline works.
 *
 * <p>{@link #read} gives what {@link XdfMappedReader} gives (the same streams, timestamps, problems and stop) except
 * that the stream left in the file has empty values; {@link #cursor} then gives them. The cursors share this mapping:
 * they are valid until {@link #close}.
 */
public final class XdfMappedFile implements AutoCloseable {
    private final Arena arena;
    private final XdfIndex index;
    private final Path path;

    private XdfMappedFile(Arena arena, XdfIndex index, Path path) {
        this.arena = arena;
        this.index = index;
        this.path = path;
    }

    /**
     * Maps and walks {@code path}; null when it is gzip-compressed or too short to be XDF (read those whole with
     * {@link XdfReader}). An invalid chunk is an {@link XdfFormatException}; a file that ends inside a chunk gives
     * its complete chunks and says where it stopped.
     */
    public static XdfMappedFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment file = size < XdfFormat.MAGIC.length ? null
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            if (file == null || ((file.get(ValueLayout.JAVA_BYTE, 0) & 0xff) == 0x1f
                    && (file.get(ValueLayout.JAVA_BYTE, 1) & 0xff) == 0x8b)) {
                arena.close();
                return null;
            }
            return new XdfMappedFile(arena, XdfIndex.of(file, path.toString()), path);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The streams' headers, in file order. */
    public List<StreamInfo> streams() {
        return index.streams.values().stream().map(s -> s.info).toList();
    }

    /**
     * Every stream decoded, except the values of stream {@code leftInFile} (a position in {@link #streams()}, -1
     * none; a numeric stream), which stay in the file: that stream's {@link XdfStream#values()} is empty, its
     * timestamps are complete and checked as the whole reader checks them.
     */
    public XdfFile read(XdfReadOptions options, int leftInFile) throws XdfFormatException {
        return XdfMappedReader.read(index, path, options, leftInFile < 0 ? -1 : entry(leftInFile).id);
    }

    /** A cursor over stream {@code stream} (a position in {@link #streams()}; numeric), valid until {@link #close}. */
    public XdfSampleCursor cursor(int stream) {
        return new XdfSampleCursor(null, index, entry(stream));
    }

    private XdfIndex.StreamEntry entry(int position) {
        XdfIndex.StreamEntry s = index.streams.values().stream().skip(position).findFirst().orElseThrow();
        if (s.info.channelFormat() == ChannelFormat.STRING) {
            throw new IllegalArgumentException(path + ": stream '" + s.info.name() + "' holds text, not numeric samples");
        }
        return s;
    }

    @Override public void close() { arena.close(); }
}
