package org.apical.cli;

import java.util.Locale;
import org.apical.core.UserException;

/** Parses quantities with units given on the command line: durations ("50ms", "0.2s") and lengths ("50um"). */
final class Quantities {
    private Quantities() {}

    /** Seconds from "50ms", "50 ms", "0.2s", "1 s". A unit is required (a bare number is ambiguous). */
    static double seconds(String option, String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        double scale;
        String num;
        if (s.endsWith("ms")) { scale = 1e-3; num = s.substring(0, s.length() - 2); }
        else if (s.endsWith("s")) { scale = 1; num = s.substring(0, s.length() - 1); }
        else throw new UserException(option + ": '" + text + "' needs a unit, e.g. 50ms or 0.2s");
        return positive(option, text, num) * scale;
    }

    /** A time from trial onset: like {@link #seconds} but 0 (with or without unit) is allowed. */
    static double secondsFromOnset(String option, String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (s.equals("0") || s.equals("0s") || s.equals("0ms")) return 0;
        return seconds(option, text);
    }

    /** Micrometres from "50um", "50µm", "50" (µm is the only unit ROI positions use). */
    static double micrometres(String option, String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (s.endsWith("um") || s.endsWith("µm")) s = s.substring(0, s.length() - 2);
        return positive(option, text, s);
    }

    private static double positive(String option, String text, String num) {
        double v;
        try {
            v = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new UserException(option + ": '" + text + "' is not a number with a unit");
        }
        if (!(v > 0) || !Double.isFinite(v)) throw new UserException(option + ": '" + text + "' must be > 0");
        return v;
    }
}
