package org.apical.cli;

import org.apical.config.ConfigException;
import org.apical.lsl.LslHandshakeException;
import picocli.CommandLine;
import org.apical.core.UserException;

/**
 * Turns an exception escaping a command into a clear message and a non-zero exit code.
 * Errors a user can fix (config problems, bad input) print only their message; anything else also prints
 * the stack trace, since it is a bug.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        // an outlet that breaks the handshake is bad input from the network, named by stream and address
        if (ex instanceof ConfigException || ex instanceof UserException || ex instanceof LslHandshakeException) {
            System.err.println("apical " + cl.getCommandName() + ": " + ex.getMessage());
            return USER_ERROR;
        }
        System.err.println("apical " + cl.getCommandName() + ": internal error: " + ex);
        ex.printStackTrace(System.err);
        return INTERNAL_ERROR;
    }
}
