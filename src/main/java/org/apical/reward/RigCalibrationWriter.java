package org.apical.reward;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apical.core.UserException;
import org.apical.config.RigConfig;
import org.apical.config.ValveCalibration;

/**
 * Stores a valve calibration in a rig file by editing its text: only the {@code reward.calibration} block is
 * rewritten (every other line, comment and blank stays byte for byte), the old file is kept as {@code NAME.bak},
 * the new one replaces it atomically, and it is read back through the normal validating reader before the edit
 * counts. A layout the editor does not understand is refused with the snippet to paste by hand.
 */
public final class RigCalibrationWriter {
    private static final Pattern TOP_KEY = Pattern.compile("^[A-Za-z_][\\w-]*:.*$");
    private static final Pattern REWARD = Pattern.compile("^reward:\\s*(#.*)?$");

    private RigCalibrationWriter() {}

    /** Writes {@code cal} (replacing that valve's entry, keeping the others) into {@code file}. */
    public static void write(Path file, ValveCalibration cal) {
        RigConfig before = RigFiles.load(file);
        List<ValveCalibration> all = new ArrayList<>();
        for (ValveCalibration c : before.reward().calibration()) if (c.valve() != cal.valve()) all.add(c);
        all.add(cal);
        all.sort(Comparator.comparingInt(ValveCalibration::valve));
        String text = before.text();
        String edited;
        try {
            edited = edit(text, all);
        } catch (IllegalStateException e) {
            throw new UserException(file + ": cannot place the calibration automatically (" + e.getMessage()
                    + "); add this under reward: by hand:\n" + block("  ", all));
        }
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(temp, edited);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserException(file + ": cannot write the calibration: " + e.getMessage());
        }
        ValveCalibration back;
        try {
            back = RigFiles.load(file).reward().calibrationOf(cal.valve());
        } catch (RuntimeException e) {
            back = null;
        }
        if (back == null || Math.abs(back.ulPerMs() - cal.ulPerMs()) > 1e-4 * cal.ulPerMs()) {
            try {
                Files.move(backup, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UserException(file + ": the edit did not read back and restoring " + backup
                        + " failed: " + e.getMessage());
            }
            throw new UserException(file + ": the edited file did not read back, so it was restored; add this under "
                    + "reward: by hand:\n" + block("  ", all));
        }
    }

    /** The file's text with its reward.calibration block replaced by {@code all}. */
    static String edit(String text, List<ValveCalibration> all) {
        boolean crlf = text.contains("\r\n");
        List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
        boolean endsWithNewline = text.endsWith("\n");
        if (endsWithNewline) lines.removeLast();
        int reward = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (REWARD.matcher(lines.get(i)).matches()) {
                reward = i;
                break;
            }
            if (lines.get(i).startsWith("reward:")) throw new IllegalStateException("reward: is written inline");
        }
        if (reward < 0) {
            lines.add("reward:");
            lines.addAll(block("  ", all).lines().toList());
            return join(lines, crlf, true);
        }
        int end = lines.size();
        for (int i = reward + 1; i < lines.size(); i++) {
            if (TOP_KEY.matcher(lines.get(i)).matches()) {
                end = i;
                break;
            }
        }
        String indent = null;
        int lastContent = reward;
        for (int i = reward + 1; i < end; i++) {
            String l = lines.get(i);
            if (isContent(l)) {
                if (indent == null) indent = l.substring(0, indentOf(l));
                lastContent = i;
            }
        }
        if (indent == null || indent.isEmpty()) indent = "  ";
        if (indent.contains("\t")) throw new IllegalStateException("the reward section is indented with tabs");
        Pattern cal = Pattern.compile("^" + indent + "calibration:(.*)$");
        int at = -1;
        for (int i = reward + 1; i < end; i++) {
            if (cal.matcher(lines.get(i)).matches()) {
                at = i;
                break;
            }
        }
        List<String> replacement = block(indent, all).lines().toList();
        if (at < 0) {
            lines.addAll(lastContent + 1, replacement);
            return join(lines, crlf, endsWithNewline);
        }
        Matcher m = cal.matcher(lines.get(at));
        m.matches();
        String rest = m.group(1).replaceAll("#.*", "").trim();
        int blockEnd = at + 1;
        if (rest.isEmpty()) {
            int lastInBlock = at;
            for (int i = at + 1; i < end; i++) {
                String l = lines.get(i);
                if (!isContent(l)) continue;
                int ind = indentOf(l);
                boolean inside = ind > indent.length() || (ind == indent.length() && l.substring(ind).startsWith("- "));
                if (!inside) break;
                lastInBlock = i;
            }
            blockEnd = lastInBlock + 1;
        }
        lines.subList(at, blockEnd).clear();
        lines.addAll(at, replacement);
        return join(lines, crlf, endsWithNewline);
    }

    /** The YAML of a calibration block at {@code indent}, ending with a newline. */
    static String block(String indent, List<ValveCalibration> all) {
        StringBuilder b = new StringBuilder(indent).append("calibration:\n");
        for (ValveCalibration c : all) {
            b.append(indent).append("  - valve: ").append(c.valve()).append('\n');
            b.append(indent).append("    ul_per_ms: ").append(number(c.ulPerMs())).append('\n');
            b.append(indent).append("    dead_ms: ").append(number(c.deadMs())).append('\n');
            if (!c.measured().isEmpty()) {
                b.append(indent).append("    measured: \"").append(c.measured().replace("\\", "\\\\")
                        .replace("\"", "\\\"")).append("\"\n");
            }
        }
        return b.toString();
    }

    static String number(double v) {
        if (v == 0) return "0";
        return new BigDecimal(v).round(new MathContext(5)).stripTrailingZeros().toPlainString();
    }

    private static boolean isContent(String l) {
        String t = l.strip();
        return !t.isEmpty() && !t.startsWith("#");
    }

    private static int indentOf(String l) {
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) i++;
        return i;
    }

    private static String join(List<String> lines, boolean crlf, boolean newlineAtEnd) {
        String nl = crlf ? "\r\n" : "\n";
        return String.join(nl, lines) + (newlineAtEnd ? nl : "");
    }
}
