package org.apical.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validating view of one YAML mapping in a definition file. Every read names the field it wants, so that
 * {@link #finish()} can report fields nobody asked for (typos), and every bad value becomes a problem that
 * names the file, the field path and what is wrong. Reading never throws for bad values: defaults stand in
 * and the problem is collected, so one run reports everything.
 */
public final class ConfigNode {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) '(.*)'");

    private final JsonNode node;
    private final String file;
    private final String path;
    private final Problems problems;
    private final Set<String> read = new LinkedHashSet<>();

    private ConfigNode(JsonNode node, String file, String path, Problems problems) {
        this.node = node;
        this.file = file;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Parses a YAML file; a syntax error, a duplicated key, a missing, empty or non-text file is a
     * {@link ConfigException} naming it.
     */
    public static ConfigNode load(Path file, Problems problems) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(name + ": not UTF-8 text (is it a definition file? a YAML file is text)");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + e.getMessage());
        }
        if (blank(text)) {
            // an empty file would run on every default, which is seldom what its author meant
            throw new ConfigException(name + ": the file is empty (no key: value lines); write {} to mean every"
                    + " default");
        }
        return parse(text, name, problems);
    }

    /** For tests and for definitions held in memory (e.g. recorded in a session file); empty text is all defaults. */
    public static ConfigNode parse(String text, String fileName, Problems problems) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isNull() || root.isMissingNode()) root = YAML.createObjectNode();
            if (!root.isObject()) {
                throw new ConfigException(fileName + ": the file must be a YAML mapping (key: value lines)");
            }
            return new ConfigNode(root, fileName, "", problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr();
            String message = e.getOriginalMessage();
            Matcher dup = DUPLICATE.matcher(message == null ? "" : message);
            if (dup.find()) {
                String onLine = line.isEmpty() ? "" : " line " + line.substring(" at line ".length()) + ":";
                throw new ConfigException(fileName + ":" + onLine + " key '" + dup.group(1) + "' appears twice in the"
                        + " same mapping; keep one (a second value would silently replace the first)");
            }
            String where = line.isEmpty() ? "" : line + ", column " + at.getColumnNr();
            throw new ConfigException(fileName + ": YAML syntax error" + where + ": " + message);
        }
    }

    /** True when the text holds nothing but blank lines and comments. */
    private static boolean blank(String text) {
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) return false;
        }
        return true;
    }

    public String file() { return file; }
    public String path() { return path; }
    public Problems problems() { return problems; }

    public boolean has(String key) {
        read.add(key);
        return node.has(key) && !node.get(key).isNull();
    }

    private String at(String key) { return path.isEmpty() ? key : path + "." + key; }

    public void problem(String key, String message) { problems.add(file, at(key), message); }

    private JsonNode get(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? MissingNode.getInstance() : v;
    }

    public ConfigNode child(String key) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return new ConfigNode(YAML.createObjectNode(), file, at(key), problems);
        if (!v.isObject()) {
            problem(key, "must be a mapping (nested key: value lines), found " + describe(v));
            return new ConfigNode(YAML.createObjectNode(), file, at(key), problems);
        }
        return new ConfigNode(v, file, at(key), problems);
    }

    /** A list of mappings, e.g. reward outputs. */
    public List<ConfigNode> children(String key) {
        JsonNode v = get(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v.isMissingNode()) return out;
        if (!v.isArray()) {
            problem(key, "must be a list, found " + describe(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = at(key) + "[" + i + "]";
            if (!e.isObject()) {
                problems.add(file, p, "must be a mapping, found " + describe(e));
                continue;
            }
            out.add(new ConfigNode(e, file, p, problems));
        }
        return out;
    }

    public String string(String key, String fallback) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isValueNode() || v.isBoolean()) {
            problem(key, "must be text, found " + describe(v));
            return fallback;
        }
        return v.asText();
    }

    public String requiredString(String key) {
        JsonNode v = get(key);
        if (v.isMissingNode()) {
            problem(key, "is required");
            return "";
        }
        return string(key, "");
    }

    /** One of a fixed set of words; anything else is reported with the allowed words. */
    public String choice(String key, String fallback, String... allowed) {
        String s = string(key, fallback);
        for (String a : allowed) if (a.equals(s)) return s;
        problem(key, "must be one of " + String.join(", ", allowed) + ", found '" + s + "'");
        return fallback;
    }

    /** As {@link #choice}, where YAML's boolean false (an unquoted {@code off}) stands for the word {@code off}. */
    public String choiceOrOff(String key, String fallback, String... allowed) {
        JsonNode v = get(key);
        if (v.isBoolean() && !v.asBoolean()) return "off";
        return choice(key, fallback, allowed);
    }

    public double number(String key, double fallback, double min, double max) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isNumber()) {
            problem(key, "must be a number, found " + describe(v));
            return fallback;
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max) {
            problem(key, "must be between " + fmt(min) + " and " + fmt(max) + ", found " + fmt(d));
            return fallback;
        }
        return d;
    }

    public double requiredNumber(String key, double min, double max) {
        if (!has(key)) {
            problem(key, "is required");
            return Math.max(min, Math.min(max, 0));
        }
        return number(key, 0, min, max);
    }

    public int integer(String key, int fallback, int min, int max) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problem(key, "must be a whole number, found " + describe(v));
            return fallback;
        }
        int i = v.asInt();
        if (i < min || i > max) {
            problem(key, "must be between " + min + " and " + max + ", found " + i);
            return fallback;
        }
        return i;
    }

    public long longInteger(String key, long fallback, long min, long max) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problem(key, "must be a whole number, found " + describe(v));
            return fallback;
        }
        long i = v.asLong();
        if (i < min || i > max) {
            problem(key, "must be between " + min + " and " + max + ", found " + i);
            return fallback;
        }
        return i;
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isBoolean()) {
            problem(key, "must be true or false, found " + describe(v));
            return fallback;
        }
        return v.asBoolean();
    }

    public int[] intList(String key, int[] fallback, int min, int max) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isArray()) {
            problem(key, "must be a list of whole numbers like [0, 1, 2], found " + describe(v));
            return fallback;
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < min || e.asInt() > max) {
                problems.add(file, at(key) + "[" + i + "]",
                        "must be a whole number between " + min + " and " + max + ", found " + describe(e));
                return fallback;
            }
            out[i] = e.asInt();
        }
        return out;
    }

    public double[] numberList(String key, double[] fallback) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isArray()) {
            problem(key, "must be a list of numbers, found " + describe(v));
            return fallback;
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                problems.add(file, at(key) + "[" + i + "]", "must be a number, found " + describe(e));
                return fallback;
            }
            out[i] = e.asDouble();
        }
        return out;
    }

    /** True when {@code key} holds a non-empty list whose every element is text (e.g. channel labels). */
    public boolean isTextList(String key) {
        JsonNode v = get(key);
        if (!v.isArray() || v.isEmpty()) return false;
        for (JsonNode e : v) if (!e.isTextual()) return false;
        return true;
    }

    public List<String> stringList(String key, List<String> fallback) {
        JsonNode v = get(key);
        if (v.isMissingNode()) return fallback;
        if (!v.isArray()) {
            problem(key, "must be a list, found " + describe(v));
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) out.add(e.asText());
        return out;
    }

    /** Reports every key present in this mapping that no reader asked for, with a close match if there is one. */
    public void finish() {
        if (!(node instanceof ObjectNode obj)) return;
        for (String key : (Iterable<String>) obj::fieldNames) {
            if (read.contains(key)) continue;
            String near = closest(key, read);
            problem(key, "unknown field" + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + (read.isEmpty() ? "" : "; known fields here: " + String.join(", ", read)));
        }
    }

    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(), k.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) return "'" + v.asText() + "'";
        if (v.isArray()) return "a list";
        if (v.isObject()) return "a mapping";
        return v.toString();
    }

    private static String fmt(double d) {
        if (d == Double.MAX_VALUE || d == Double.POSITIVE_INFINITY) return "infinity";
        if (d == -Double.MAX_VALUE || d == Double.NEGATIVE_INFINITY) return "-infinity";
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
