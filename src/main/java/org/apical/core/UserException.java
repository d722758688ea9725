package org.apical.core;

/** An error the user can fix (bad file, bad option, missing stream); printed without a stack trace. */
public final class UserException extends RuntimeException {
    public UserException(String message) { super(message); }
    public UserException(String message, Throwable cause) { super(message, cause); }
}
