package org.apical.stream;

/** A stream info document that does not parse or lacks what a stream needs; the message names the field. */
public final class InfoXmlException extends Exception {
    public InfoXmlException(String message) { super(message); }
    public InfoXmlException(String message, Throwable cause) { super(message, cause); }
}
