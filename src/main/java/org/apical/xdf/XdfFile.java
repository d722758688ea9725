package org.apical.xdf;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything read from one XDF file.
 *
 * @param header     the FileHeader XML, or null if the file has none
 * @param streams    in order of their StreamHeader chunks
 * @param stop       where and why reading stopped early (file ends inside a chunk), or null if the file ended
 *                   cleanly at a chunk boundary
 * @param problems   damage the reader stepped over (bad footer XML, corrupt chunks skipped with {@code recover})
 * @param bytesRead  uncompressed bytes consumed
 */
public record XdfFile(Path path, String header, List<XdfStream> streams, Stop stop, List<String> problems,
                      long bytesRead) {

    /** Where reading stopped: byte offset of the incomplete chunk and the reason. */
    public record Stop(long offset, String reason) {}

    public boolean truncated() { return stop != null; }

    /** The stream named {@code name}, or null. */
    public XdfStream stream(String name) {
        for (XdfStream s : streams) if (s.name().equals(name)) return s;
        return null;
    }

    /** The stream with id {@code id}, or null. */
    public XdfStream stream(int id) {
        for (XdfStream s : streams) if (s.id() == id) return s;
        return null;
    }
}
