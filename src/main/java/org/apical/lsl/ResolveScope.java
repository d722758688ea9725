package org.apical.lsl;

import java.util.Locale;

/**
 * How far discovery queries travel (liblsl's {@code multicast.ResolveScope}); cumulative, like liblsl.
 * {@link #MACHINE} sends only to 127.0.0.1 and never joins a multicast group.
 */
public enum ResolveScope {
    MACHINE(0), LINK(1), SITE(24), ORGANIZATION(32), GLOBAL(255);

    private final int ttl;

    ResolveScope(int ttl) { this.ttl = ttl; }

    /** The multicast TTL liblsl uses for this scope. */
    public int ttl() { return ttl; }

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    /** Parses a config / CLI value ({@code machine}, {@code link}, ...), or returns null. */
    public static ResolveScope parse(String s) {
        if (s == null) return null;
        for (ResolveScope r : values()) if (r.configName().equalsIgnoreCase(s.trim())) return r;
        return null;
    }
}
