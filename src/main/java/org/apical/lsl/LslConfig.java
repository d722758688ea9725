package org.apical.lsl;

import org.apical.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * liblsl's configuration model: the same {@code lsl_api.cfg} INI keys, defaults and lookup order
 * (env {@code LSLAPICFG}, {@code ./lsl_api.cfg}, {@code ~/lsl_api/lsl_api.cfg}, {@code /etc/lsl_api/lsl_api.cfg},
 * built-in defaults). Immutable, and passed explicitly: a command narrows {@link #found()} (e.g. to a rig's scope)
 * and hands the result to every outlet, inlet and resolver it opens.
 * Apical's LSL speaks IPv4 only, so the IPv6 keys are read and validated but only IPv4 addresses are used.
 */
public record LslConfig(
        String source,
        int multicastPort, int basePort, int portRange, boolean allowRandomPorts, String ipv6,
        ResolveScope scope,
        List<String> machineAddresses, List<String> linkAddresses, List<String> siteAddresses,
        List<String> organizationAddresses, List<String> globalAddresses, List<String> addressesOverride,
        int ttlOverride, String listenAddress,
        List<String> knownPeers, String sessionId,
        double multicastMinRtt, double multicastMaxRtt, double unicastMinRtt, double unicastMaxRtt,
        double continuousResolveInterval,
        double timeUpdateInterval, int timeProbeCount, double timeProbeInterval, double timeProbeMaxRtt,
        int timeUpdateMinProbes, double smoothingHalftime, boolean forceDefaultTimestamps,
        double watchdogCheckInterval, double watchdogTimeThreshold) {

    public static final String FILE_NAME = "lsl_api.cfg";

    public LslConfig {
        machineAddresses = List.copyOf(machineAddresses);
        linkAddresses = List.copyOf(linkAddresses);
        siteAddresses = List.copyOf(siteAddresses);
        organizationAddresses = List.copyOf(organizationAddresses);
        globalAddresses = List.copyOf(globalAddresses);
        addressesOverride = List.copyOf(addressesOverride);
        knownPeers = List.copyOf(knownPeers);
    }

    private static volatile LslConfig found;

    /** liblsl's built-in defaults (scope {@code site}). */
    public static LslConfig defaults() {
        return new LslConfig("built-in defaults",
                16571, 16572, 32, true, "allow", ResolveScope.SITE,
                List.of("127.0.0.1"), List.of("255.255.255.255", "224.0.0.1", "224.0.0.183"),
                List.of("239.255.172.215"), List.of(), List.of(), List.of(),
                -1, "", List.of(), "default",
                0.5, 3.0, 0.75, 5.0, 0.5,
                2.0, 8, 0.064, 0.128, 6, 90.0, false, 15.0, 15.0);
    }

    /** Defaults with machine scope: every packet goes to 127.0.0.1 only (tests, demo, bench). */
    public static LslConfig machineOnly() { return defaults().withScope(ResolveScope.MACHINE); }

    /** lsl_api.cfg as liblsl's lookup order finds it, read once (the file does not change under a running process). */
    public static LslConfig found() {
        LslConfig f = found;
        if (f == null) {
            synchronized (LslConfig.class) {
                if (found == null) found = load();
                f = found;
            }
        }
        return f;
    }

    public LslConfig withScope(ResolveScope newScope) {
        return new LslConfig(source, multicastPort, basePort, portRange, allowRandomPorts, ipv6, newScope,
                machineAddresses, linkAddresses, siteAddresses, organizationAddresses, globalAddresses,
                addressesOverride, ttlOverride, listenAddress, knownPeers, sessionId, multicastMinRtt,
                multicastMaxRtt, unicastMinRtt, unicastMaxRtt, continuousResolveInterval, timeUpdateInterval,
                timeProbeCount, timeProbeInterval, timeProbeMaxRtt, timeUpdateMinProbes, smoothingHalftime,
                forceDefaultTimestamps, watchdogCheckInterval, watchdogTimeThreshold);
    }

    /** The IPv4 discovery targets (port {@link #multicastPort}) for the configured scope, cumulative as in liblsl. */
    public List<String> discoveryAddresses() {
        List<String> all = new ArrayList<>();
        if (!addressesOverride.isEmpty() && scope != ResolveScope.MACHINE) {
            all.addAll(addressesOverride);
        } else {
            all.addAll(machineAddresses);
            if (scope.compareTo(ResolveScope.LINK) >= 0) all.addAll(linkAddresses);
            if (scope.compareTo(ResolveScope.SITE) >= 0) all.addAll(siteAddresses);
            if (scope.compareTo(ResolveScope.ORGANIZATION) >= 0) all.addAll(organizationAddresses);
            if (scope.compareTo(ResolveScope.GLOBAL) >= 0) all.addAll(globalAddresses);
        }
        List<String> v4 = new ArrayList<>();
        for (String a : all) {
            if (a.contains(":")) continue; // IPv6 is not spoken by Apical's LSL
            // Machine scope is a privacy promise: nothing but loopback, whatever the lists say.
            if (scope == ResolveScope.MACHINE && !a.startsWith("127.")) continue;
            if (!v4.contains(a)) v4.add(a);
        }
        return v4;
    }

    /** Peers that get unicast queries on every port of the range; machine scope always queries 127.0.0.1 only. */
    public List<String> unicastPeers() {
        if (scope == ResolveScope.MACHINE) return List.of("127.0.0.1");
        return knownPeers;
    }

    public int multicastTtl() { return ttlOverride >= 0 ? ttlOverride : scope.ttl(); }

    /** Loads through liblsl's lookup order; a file that exists but is wrong is an error naming file and key. */
    public static LslConfig load() {
        String env = System.getenv("LSLAPICFG");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        candidates.add(Path.of(FILE_NAME));
        String home = System.getProperty("user.home");
        if (home != null) candidates.add(Path.of(home, "lsl_api", FILE_NAME));
        candidates.add(Path.of("/etc/lsl_api", FILE_NAME));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return fromFile(p);
        }
        return defaults();
    }

    public static LslConfig fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read LSL configuration: " + e.getMessage());
        }
    }

    /** Parses INI text ({@code [section]}, {@code key = value}, {@code ;}/{@code #} comments, {@code {a, b}} lists). */
    public static LslConfig parse(String text, String sourceName) {
        Map<String, String> kv = new LinkedHashMap<>();
        String section = "";
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) throw new ConfigException(sourceName + ":" + (n + 1) + ": section header without ']'");
                section = line.substring(1, end).strip().toLowerCase(Locale.ROOT);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) throw new ConfigException(sourceName + ":" + (n + 1) + ": expected 'key = value', got '" + line + "'");
            String key = section + "." + line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            kv.put(key, line.substring(eq + 1).strip());
        }
        Reader r = new Reader(kv, sourceName);
        LslConfig d = defaults();
        String ipv6 = r.str("ports.ipv6", d.ipv6).toLowerCase(Locale.ROOT);
        if (!List.of("disable", "disabled", "allow", "allowed", "force", "forced").contains(ipv6)) {
            throw new ConfigException(sourceName + ": ports.IPv6 = '" + ipv6 + "' (expected disable, allow or force)");
        }
        String scopeText = r.str("multicast.resolvescope", d.scope.configName());
        ResolveScope scope = ResolveScope.parse(scopeText);
        if (scope == null) {
            throw new ConfigException(sourceName + ": multicast.ResolveScope = '" + scopeText
                    + "' (expected machine, link, site, organization or global)");
        }
        return new LslConfig(sourceName,
                r.port("ports.multicastport", d.multicastPort), r.port("ports.baseport", d.basePort),
                r.integer("ports.portrange", d.portRange, 1, 1000), r.bool("ports.allowrandomports", d.allowRandomPorts),
                ipv6, scope,
                r.list("multicast.machineaddresses", d.machineAddresses), r.list("multicast.linkaddresses", d.linkAddresses),
                r.list("multicast.siteaddresses", d.siteAddresses),
                r.list("multicast.organizationaddresses", d.organizationAddresses),
                r.list("multicast.globaladdresses", d.globalAddresses),
                r.list("multicast.addressesoverride", d.addressesOverride),
                r.integer("multicast.ttloverride", d.ttlOverride, -1, 255), r.str("multicast.listenaddress", ""),
                r.list("lab.knownpeers", d.knownPeers), r.str("lab.sessionid", d.sessionId),
                r.dbl("tuning.multicastminrtt", d.multicastMinRtt), r.dbl("tuning.multicastmaxrtt", d.multicastMaxRtt),
                r.dbl("tuning.unicastminrtt", d.unicastMinRtt), r.dbl("tuning.unicastmaxrtt", d.unicastMaxRtt),
                r.dbl("tuning.continuousresolveinterval", d.continuousResolveInterval),
                r.dbl("tuning.timeupdateinterval", d.timeUpdateInterval),
                r.integer("tuning.timeprobecount", d.timeProbeCount, 1, 1000),
                r.dbl("tuning.timeprobeinterval", d.timeProbeInterval), r.dbl("tuning.timeprobemaxrtt", d.timeProbeMaxRtt),
                r.integer("tuning.timeupdateminprobes", d.timeUpdateMinProbes, 1, 1000),
                r.dbl("tuning.smoothinghalftime", d.smoothingHalftime),
                r.bool("tuning.forcedefaulttimestamps", d.forceDefaultTimestamps),
                r.dbl("tuning.watchdogcheckinterval", d.watchdogCheckInterval),
                r.dbl("tuning.watchdogtimethreshold", d.watchdogTimeThreshold));
    }

    private record Reader(Map<String, String> kv, String source) {
        String str(String key, String def) {
            String v = kv.get(key);
            return v == null ? def : v;
        }

        int integer(String key, int def, int min, int max) {
            String v = kv.get(key);
            if (v == null) return def;
            try {
                int i = Integer.parseInt(v.strip());
                if (i < min || i > max) throw new NumberFormatException();
                return i;
            } catch (NumberFormatException e) {
                throw new ConfigException(source + ": " + key + " = '" + v + "' (expected an integer in " + min + ".." + max + ")");
            }
        }

        int port(String key, int def) { return integer(key, def, 1, 65535); }

        double dbl(String key, double def) {
            String v = kv.get(key);
            if (v == null) return def;
            try {
                double d = Double.parseDouble(v.strip());
                if (!(d >= 0) || Double.isInfinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(source + ": " + key + " = '" + v + "' (expected a number >= 0)");
            }
        }

        boolean bool(String key, boolean def) {
            String v = kv.get(key);
            if (v == null) return def;
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on" -> true;
                case "0", "false", "no", "off" -> false;
                default -> throw new ConfigException(source + ": " + key + " = '" + v + "' (expected true or false)");
            };
        }

        List<String> list(String key, List<String> def) {
            String v = kv.get(key);
            if (v == null) return def;
            String s = v.strip();
            if (s.startsWith("{")) {
                if (!s.endsWith("}")) throw new ConfigException(source + ": " + key + " = '" + v + "' (list without closing '}')");
                s = s.substring(1, s.length() - 1);
            }
            List<String> out = new ArrayList<>();
            for (String part : s.split(",")) {
                String p = part.strip();
                if (!p.isEmpty()) out.add(p);
            }
            return out;
        }
    }
}
