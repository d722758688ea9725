package org.apical.lsl;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** liblsl's port policy: first free port of BasePort..BasePort+PortRange−1, else an OS-chosen one if allowed. */
final class PortBinder {
    private PortBinder() {}

    /** The address outlets bind to: loopback only in machine scope (nothing reachable from outside), else any. */
    static InetAddress bindAddress(LslConfig cfg) throws IOException {
        if (cfg.scope() == ResolveScope.MACHINE) return InetAddress.getLoopbackAddress();
        if (!cfg.listenAddress().isBlank()) return InetAddress.getByName(cfg.listenAddress());
        return InetAddress.getByName("0.0.0.0");
    }

    static ServerSocket tcp(LslConfig cfg) throws IOException {
        InetAddress addr = bindAddress(cfg);
        for (int p = cfg.basePort(); p < cfg.basePort() + cfg.portRange() && p <= 65535; p++) {
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(addr, p), 10);
                return s;
            } catch (BindException e) {
                s.close();
            }
        }
        if (!cfg.allowRandomPorts()) throw new BindException("all TCP ports " + cfg.basePort() + ".." + (cfg.basePort() + cfg.portRange() - 1) + " are in use");
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(addr, 0), 10);
        return s;
    }

    static DatagramSocket udp(LslConfig cfg) throws IOException {
        InetAddress addr = bindAddress(cfg);
        for (int p = cfg.basePort(); p < cfg.basePort() + cfg.portRange() && p <= 65535; p++) {
            try {
                return new DatagramSocket(new InetSocketAddress(addr, p));
            } catch (BindException e) {
                // in use: try the next one, like liblsl
            }
        }
        if (!cfg.allowRandomPorts()) throw new BindException("all UDP ports " + cfg.basePort() + ".." + (cfg.basePort() + cfg.portRange() - 1) + " are in use");
        return new DatagramSocket(new InetSocketAddress(addr, 0));
    }
}
