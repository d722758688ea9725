package org.apical.pilot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apical.config.ConfigException;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;

/**
 * A decoder definition with some fields set to other values (one point of a sweep), validated by the decoder's own
 * reader: a field that does not exist, or a value out of its range, is the same precise problem (file, field, what is
 * wrong) as in a hand-written file, named after the sweep that caused it.
 */
final class DecoderVariant {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern WITH_UNIT = Pattern.compile("\\s*-?[0-9.eE+-]+\\s*(frames?|ms|s)\\s*");

    private DecoderVariant() {}

    static DecoderConfig of(DecoderConfig base, Map<String, Object> settings) {
        ObjectNode root;
        try {
            JsonNode t = YAML.readTree(base.text());
            root = t instanceof ObjectNode o ? o : YAML.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new ConfigException(base.file() + ": cannot re-read the definition: " + e.getOriginalMessage());
        }
        for (var e : settings.entrySet()) set(root, e.getKey(), e.getValue());
        String text;
        try {
            text = YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            return Definitions.parseDecoder(text, base.file());
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> "--sweep " + String.join(", ",
                    settings.keySet()) + ": " + p).toList());
        }
    }

    private static void set(ObjectNode root, String path, Object value) {
        String[] keys = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            ObjectNode o;
            if (child instanceof ObjectNode existing) {
                o = existing;
            } else {
                o = YAML.createObjectNode();
                node.set(keys[i], o);
            }
            node = o;
        }
        String leaf = keys[keys.length - 1];
        if (value instanceof List<?> list) {
            ArrayNode a = node.putArray(leaf);
            for (Object o : list) {
                if (o instanceof Integer i) a.add(i);
                else a.add(String.valueOf(o));
            }
            return;
        }
        double d = (Double) value;
        JsonNode old = node.get(leaf);
        if (old != null && old.isTextual()) {
            Matcher m = WITH_UNIT.matcher(old.asText());
            if (m.matches()) { // a duration keeps its unit: '6 s' swept to 4 is '4 s', '15 frames' to 20 is '20 frames'
                node.put(leaf, SweepAxis.text(d) + " " + m.group(1));
                return;
            }
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) node.put(leaf, (long) d);
        else node.put(leaf, d);
    }
}
