package dev.caretaker.check.network;

import dev.caretaker.check.Readiness;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Host names of the network checks: how they are shown, and the look-up {@code validate --connect} makes. */
final class Hosts {
    private Hosts() {
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    static String address(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Looks the host name up; nothing is sent to it. */
    static List<Readiness> preflight(String check, String host) {
        try {
            InetAddress.getAllByName(host);
            return List.of(Readiness.ok(check, host + " resolves (nothing sent to it)"));
        } catch (UnknownHostException e) {
            return List.of(Readiness.problem(check, "the host name " + host + " does not resolve"));
        }
    }
}
