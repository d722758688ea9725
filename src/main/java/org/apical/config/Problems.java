package org.apical.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so that preflight reports all of them at once, BCI2000-style. */
public final class Problems {
    private final List<String> list = new ArrayList<>();

    public void add(String file, String path, String message) {
        list.add(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    public void add(String message) { list.add(message); }

    public boolean isEmpty() { return list.isEmpty(); }

    public List<String> all() { return List.copyOf(list); }

    public void throwIfAny() {
        if (!list.isEmpty()) throw new ConfigException(list);
    }
}
