package org.apical.xdf;

/** The seven LSL channel formats, with the name used in the stream info XML and the size of one value. */
public enum ChannelFormat {
    FLOAT32("float32", 4),
    DOUBLE64("double64", 8),
    STRING("string", 0),
    INT32("int32", 4),
    INT16("int16", 2),
    INT8("int8", 1),
    INT64("int64", 8);

    private final String xmlName;
    private final int bytes;

    ChannelFormat(String xmlName, int bytes) {
        this.xmlName = xmlName;
        this.bytes = bytes;
    }

    /** The name in {@code <channel_format>}. */
    public String xmlName() { return xmlName; }

    /** Bytes per value on disk; 0 for strings (variable length). */
    public int bytes() { return bytes; }

    public boolean isNumeric() { return this != STRING; }

    /** The format named {@code name} in an info XML, or null if it is not one of the seven. */
    public static ChannelFormat fromXmlName(String name) {
        for (ChannelFormat f : values()) if (f.xmlName.equals(name)) return f;
        return null;
    }
}
