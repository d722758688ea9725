package org.apical.lsl;

import org.apical.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LslConfigTest {

    @Test
    void defaultsAreLiblslsSiteScope() {
        LslConfig d = LslConfig.defaults();
        assertEquals(ResolveScope.SITE, d.scope());
        assertEquals(16571, d.multicastPort());
        assertEquals(List.of("127.0.0.1", "255.255.255.255", "224.0.0.1", "224.0.0.183", "239.255.172.215"), d.discoveryAddresses());
        assertEquals(24, d.multicastTtl());
    }

    @Test
    void machineScopeSendsOnlyToLoopbackWhateverTheListsSay() {
        LslConfig c = LslConfig.parse("""
                [multicast]
                ResolveScope = machine
                MachineAddresses = {127.0.0.1, 10.0.0.7}
                AddressesOverride = {239.1.1.1}
                [lab]
                KnownPeers = {192.168.1.20, 127.0.0.1}
                """, "test.cfg");
        assertEquals(List.of("127.0.0.1"), c.discoveryAddresses());
        assertEquals(List.of("127.0.0.1"), c.unicastPeers());
        assertEquals(0, c.multicastTtl());
        assertEquals(List.of("127.0.0.1"), LslConfig.defaults().withScope(ResolveScope.MACHINE).discoveryAddresses());
    }

    @Test
    void readsLiblslKeysCaseInsensitively(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("lsl_api.cfg");
        Files.writeString(f, """
                ; comment
                [ports]
                BasePort = 17000
                PortRange = 8
                IPv6 = disable
                [multicast]
                resolvescope = link
                [lab]
                SessionID = rig7
                KnownPeers = {lab-pc-1, lab-pc-2}
                [tuning]
                TimeProbeCount = 4
                """);
        LslConfig c = LslConfig.fromFile(f);
        assertEquals(17000, c.basePort());
        assertEquals(8, c.portRange());
        assertEquals(ResolveScope.LINK, c.scope());
        assertEquals("rig7", c.sessionId());
        assertEquals(List.of("lab-pc-1", "lab-pc-2"), c.knownPeers());
        assertEquals(4, c.timeProbeCount());
        assertEquals(List.of("127.0.0.1", "255.255.255.255", "224.0.0.1", "224.0.0.183"), c.discoveryAddresses());
    }

    @Test
    void badValuesNameFileAndKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LslConfig.parse("[multicast]\nResolveScope = planet\n", "rig.cfg"));
        assertTrue(e.getMessage().contains("rig.cfg") && e.getMessage().contains("ResolveScope"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> LslConfig.parse("[ports]\nBasePort = lots\n", "rig.cfg"));
        assertTrue(e.getMessage().contains("ports.baseport"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> LslConfig.parse("[ports]\nIPv6 = maybe\n", "rig.cfg"));
        assertTrue(e.getMessage().contains("IPv6"), e.getMessage());
    }
}
