package org.apical.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable XML element: the {@code desc} meta-data tree of a stream (channels, units, ROI positions, ...).
 * Text is the element's own character data (LSL desc elements hold either text or children, as liblsl writes them).
 */
public record XmlElement(String name, String text, Map<String, String> attributes, List<XmlElement> children) {

    public XmlElement {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("XML element needs a name");
        text = text == null ? "" : text;
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }

    public static XmlElement empty(String name) { return new XmlElement(name, "", Map.of(), List.of()); }

    public static XmlElement text(String name, String text) { return new XmlElement(name, text, Map.of(), List.of()); }

    public static XmlElement of(String name, XmlElement... children) {
        return new XmlElement(name, "", Map.of(), List.of(children));
    }

    public static XmlElement of(String name, List<XmlElement> children) {
        return new XmlElement(name, "", Map.of(), children);
    }

    /** A copy with one more child at the end. */
    public XmlElement with(XmlElement child) {
        List<XmlElement> c = new ArrayList<>(children);
        c.add(child);
        return new XmlElement(name, text, attributes, c);
    }

    /** The first child with this name, or null. */
    public XmlElement child(String childName) {
        for (XmlElement c : children) if (c.name.equals(childName)) return c;
        return null;
    }

    /** All children with this name, in document order. */
    public List<XmlElement> children(String childName) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : children) if (c.name.equals(childName)) out.add(c);
        return out;
    }

    /** The text of the first child with this name, or "" (liblsl's {@code child_value}). */
    public String childText(String childName) {
        XmlElement c = child(childName);
        return c == null ? "" : c.text;
    }

    /** Follows a path of child names ({@code "channels", "channel"}); null if any step is missing. */
    public XmlElement path(String... names) {
        XmlElement e = this;
        for (String n : names) {
            e = e.child(n);
            if (e == null) return null;
        }
        return e;
    }

    public boolean isEmpty() { return text.isEmpty() && children.isEmpty() && attributes.isEmpty(); }
}
