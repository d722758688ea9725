package org.apical.stream;

/**
 * The seven LSL channel formats with liblsl's enum codes, XML names and wire value sizes.
 * {@link #STRING} has no fixed size (each value carries its own length on the wire).
 */
public enum ChannelFormat {
    FLOAT32(1, "float32", 4),
    DOUBLE64(2, "double64", 8),
    STRING(3, "string", 0),
    INT32(4, "int32", 4),
    INT16(5, "int16", 2),
    INT8(6, "int8", 1),
    INT64(7, "int64", 8);

    private final int code;
    private final String xmlName;
    private final int valueSize;

    ChannelFormat(int code, String xmlName, int valueSize) {
        this.code = code;
        this.xmlName = xmlName;
        this.valueSize = valueSize;
    }

    /** liblsl's {@code lsl_channel_format_t} value. */
    public int code() { return code; }

    /** The name used in the info XML ({@code channel_format}) and on the command line. */
    public String xmlName() { return xmlName; }

    /** Bytes per value on the wire; 0 for {@link #STRING}. */
    public int valueSize() { return valueSize; }

    public boolean isNumeric() { return this != STRING; }

    public boolean isFloatingPoint() { return this == FLOAT32 || this == DOUBLE64; }

    /** The format for an XML/CLI name, or null if there is none. */
    public static ChannelFormat fromXmlName(String name) {
        for (ChannelFormat f : values()) if (f.xmlName.equals(name)) return f;
        return null;
    }

    public static ChannelFormat fromCode(int code) {
        for (ChannelFormat f : values()) if (f.code == code) return f;
        throw new IllegalArgumentException("no LSL channel format with code " + code);
    }
}
