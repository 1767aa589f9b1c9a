package dev.caretaker.web;

import dev.caretaker.config.AuthConfig;
import java.util.regex.Pattern;

/**
 * The address of the client a login comes from. From a trusted proxy ({@code auth.trusted_proxies}), the nearest address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy (the proxies append, so entries further left are the client's
 * own word and could be made up); from anyone else, the peer's address, whatever the header says.
 */
final class ClientAddress {
    /** Hops of {@code X-Forwarded-For} looked at, from the right. */
    static final int MAX_HOPS = 20;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private ClientAddress() {
    }

    static String of(String peer, String forwardedFor, AuthConfig auth) {
        if (forwardedFor == null || forwardedFor.isBlank() || !auth.fromTrustedProxy(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String nearest = peer;
        for (int i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
            String hop = literal(hops[i].strip());
            if (hop == null) {
                return nearest; // not an address: the hops beyond it cannot be trusted either
            }
            nearest = hop;
            if (!auth.fromTrustedProxy(hop)) {
                return hop;
            }
        }
        return nearest;
    }

    /** An IP address as written in the header ({@code 203.0.113.7}, {@code 203.0.113.7:4711}, {@code [2001:db8::1]:443}), or null. */
    static String literal(String hop) {
        String h = hop;
        if (h.startsWith("[") && h.contains("]")) {
            h = h.substring(1, h.indexOf(']'));
        } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.length() <= 45 && (IPV4.matcher(h).matches() || IPV6.matcher(h).matches()) ? h : null;
    }
}
