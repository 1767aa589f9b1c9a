package dev.caretaker.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * {@code auth:}: an optional header a trusted reverse proxy sets to the logged-in user's name ({@code proxy_header}, as
 * Healthchecks' REMOTE_USER), believed only from the addresses in {@code trusted_proxies} (CIDR blocks or addresses), which
 * are also the proxies whose {@code X-Forwarded-For} names a login's client and whose {@code X-Forwarded-Proto} is believed;
 * the address people reach Caretaker at ({@code public_url}): when it is https, the dashboard's cookies are {@code Secure}
 * whatever the request looked like on its last hop; and the rates logins are let through at, per client address
 * ({@code login_rate}) and from all clients together ({@code login_rate_global}); the roles whose local users need two
 * factors in force to approve or reject ({@code require_2fa}: role labels; empty by default); single sign-on
 * ({@code oidc}, {@link OidcConfig}) and whether the password form is offered ({@code local_login}, default true).
 */
public record AuthConfig(Optional<String> proxyHeader, List<String> trustedProxies, Optional<URI> publicUrl, Rate loginRate,
                         Rate loginRateGlobal, List<String> require2fa, Optional<OidcConfig> oidc, boolean localLogin) {
    /** Logins one client address may try: a burst of 10, then one every 6 s. */
    public static final Rate DEFAULT_LOGIN_RATE = Rate.parse("10/1m");
    /** Logins all clients together may try: a burst of 60, then one a second. */
    public static final Rate DEFAULT_LOGIN_RATE_GLOBAL = Rate.parse("60/1m");
    public static final AuthConfig NONE = new AuthConfig(Optional.empty(), List.of());

    public AuthConfig(Optional<String> proxyHeader, List<String> trustedProxies) {
        this(proxyHeader, trustedProxies, Optional.empty(), DEFAULT_LOGIN_RATE, DEFAULT_LOGIN_RATE_GLOBAL);
    }

    public AuthConfig(Optional<String> proxyHeader, List<String> trustedProxies, Optional<URI> publicUrl, Rate loginRate, Rate loginRateGlobal) {
        this(proxyHeader, trustedProxies, publicUrl, loginRate, loginRateGlobal, List.of(), Optional.empty(), true);
    }

    /** The role labels {@code require_2fa} may list. */
    public static final List<String> ROLES = List.of("viewer", "operator", "approver", "admin");

    /** Whether people reach Caretaker over https ({@code public_url} says so). */
    public boolean publicHttps() {
        return publicUrl.map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
    }

    /** Whether {@code address} is one of {@code trusted_proxies}, whose {@code X-Forwarded-For} is believed. */
    public boolean fromTrustedProxy(String address) {
        if (address == null) {
            return false;
        }
        for (String block : trustedProxies) {
            if (contains(block, address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request from {@code address} may name its user in the proxy header. */
    public boolean trusts(String address) {
        return proxyHeader.isPresent() && fromTrustedProxy(address);
    }

    /** Whether {@code address} lies in {@code block} ({@code 10.0.0.0/8}, {@code ::1/128}, or one address). */
    static boolean contains(String block, String address) {
        try {
            String[] parts = block.split("/", 2);
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = InetAddress.getByName(address).getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            int shift = net.length * 8 - bits;
            BigInteger n = new BigInteger(1, net).shiftRight(shift);
            BigInteger a = new BigInteger(1, addr).shiftRight(shift);
            return n.equals(a);
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** Checks one entry of {@code trusted_proxies}; the message says what is wrong. */
    static void check(String block) {
        String[] parts = block.split("/", 2);
        if (!parts[0].matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("'" + block + "' is not an address or a CIDR block such as 10.0.0.0/8 (names are not accepted)");
        }
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            if (parts.length == 2) {
                int bits = Integer.parseInt(parts[1]);
                if (bits < 0 || bits > net.length * 8) {
                    throw new IllegalArgumentException("'" + block + "': the prefix length is 0 to " + net.length * 8);
                }
            }
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + block + "' is not an address or a CIDR block such as 10.0.0.0/8");
        }
    }
}
