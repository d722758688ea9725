package org.apical.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that writes {@code --json} output: a single JSON object on one line, fields in insertion order.
 * Commands build a {@link LinkedHashMap} (nested maps and lists allowed) and print it last.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    public static Map<String, Object> object() { return new LinkedHashMap<>(); }

    public static String line(Map<String, ?> object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON summary", e);
        }
    }

    /** NaN and infinities are not JSON: they become null. */
    public static Object number(double v) { return Double.isFinite(v) ? v : null; }

    public static ObjectMapper mapper() { return MAPPER; }
}
