package org.apical.config;

import java.util.List;

/** Every problem found in a set of definition files, each naming its file and field. Thrown after preflight. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : problems.size() + " problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) { this(List.of(problem)); }

    public List<String> problems() { return problems; }
}
