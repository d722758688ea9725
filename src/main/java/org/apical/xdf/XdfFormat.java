package org.apical.xdf;

/** Constants of the XDF container (shared/specs/lsl-protocol.md section 9). */
public final class XdfFormat {
    private XdfFormat() {}

    /** The four bytes every XDF file starts with. */
    public static final byte[] MAGIC = {'X', 'D', 'F', ':'};

    public static final int TAG_FILE_HEADER = 1;
    public static final int TAG_STREAM_HEADER = 2;
    public static final int TAG_SAMPLES = 3;
    public static final int TAG_CLOCK_OFFSET = 4;
    public static final int TAG_BOUNDARY = 5;
    public static final int TAG_STREAM_FOOTER = 6;

    /** Content of every Boundary chunk; readers scan for it to resynchronise after corruption. */
    public static final byte[] BOUNDARY_UUID = {
            0x43, (byte) 0xA5, 0x46, (byte) 0xDC, (byte) 0xCB, (byte) 0xF5, 0x41, 0x0F,
            (byte) 0xB3, 0x0E, (byte) 0xD5, 0x46, 0x73, (byte) 0x83, (byte) 0xCB, (byte) 0xE4};

    /** True for the chunk kinds that carry a 4-byte stream id after the tag. */
    public static boolean hasStreamId(int tag) {
        return tag == TAG_STREAM_HEADER || tag == TAG_SAMPLES || tag == TAG_CLOCK_OFFSET || tag == TAG_STREAM_FOOTER;
    }

    /** Readable name of a chunk tag, for error messages. */
    public static String tagName(int tag) {
        return switch (tag) {
            case TAG_FILE_HEADER -> "FileHeader";
            case TAG_STREAM_HEADER -> "StreamHeader";
            case TAG_SAMPLES -> "Samples";
            case TAG_CLOCK_OFFSET -> "ClockOffset";
            case TAG_BOUNDARY -> "Boundary";
            case TAG_STREAM_FOOTER -> "StreamFooter";
            default -> "unknown tag " + tag;
        };
    }

    /** Width (1, 4 or 8) LabRecorder uses for a variable-length integer holding {@code value}. */
    public static int varlenWidth(long value) {
        if (value >= 0 && value < 256) return 1;
        if (value >= 0 && value <= 0xFFFFFFFFL) return 4;
        return 8;
    }
}
