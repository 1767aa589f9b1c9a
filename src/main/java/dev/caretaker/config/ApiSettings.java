package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a check reaches a provider's HTTP API (GitHub, Sentry, Supabase, Mailgun …): its base URL (the provider's public API
 * unless written: an Enterprise server, a region, a stand-in), the token (a secret, from {@code ${ENV}}; none: anonymous),
 * and the time the whole check may take, every request, wait and page included.
 */
public record ApiSettings(URI baseUrl, String token, Duration timeout) {
    /** The keys every API source reads. */
    public static final List<String> KEYS = List.of("base_url", "token", "timeout");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Reads {@code base_url}, {@code token} and {@code timeout}; the token becomes a secret every output is scrubbed of. */
    public static ApiSettings read(Section s, URI defaultBase) {
        URI base = s.url("base_url", List.of("http", "https"), defaultBase.toString()).orElse(defaultBase);
        String token = s.string("token", null);
        if (token != null && token.isBlank()) {
            s.problem("token", "'" + s.keyPath("token") + "' is empty; set the environment variable it names, or leave the key out");
            token = null;
        }
        s.secret(token);
        if (token != null) {
            PlainHttp.refuse(s, "base_url", base, "the token");
        }
        return new ApiSettings(base, token, s.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10)));
    }

    /**
     * {@code url} unless it carries a user or password ({@code https://user:pass@host}): those are refused (kept as a secret, so
     * no message repeats them) with words saying where credentials go instead; null then.
     */
    static java.net.URI withoutUserInfo(Section s, String key, java.net.URI url, String credentialsGo) {
        if (url == null || url.getRawUserInfo() == null) {
            return url;
        }
        s.secret(url.getRawUserInfo());
        String[] parts = url.getRawUserInfo().split(":", 2);
        if (parts.length == 2) {
            s.secret(parts[1]);
        }
        s.problem(key, "'" + s.keyPath(key) + "' carries a user name or password before its host: write the address alone and "
                + credentialsGo);
        return null;
    }

    /** The base URL without a trailing slash, so paths append to it. */
    public String base() {
        String b = baseUrl.toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    @Override
    public String toString() {
        return "ApiSettings[" + baseUrl + ", token " + (token == null ? "none" : Secrets.MASK) + ", " + timeout + "]";
    }
}
