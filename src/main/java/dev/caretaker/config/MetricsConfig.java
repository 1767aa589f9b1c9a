package dev.caretaker.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics:}: who may scrape {@code /metrics}. By default ({@code public: false}) a scrape needs a bearer token: the
 * config's {@code token} (a secret, best given as {@code ${ENV}}; Prometheus sends it from its scrape config) or any user's
 * API token. With {@code public: true} anyone may scrape, and the checks the status page does not show are left out for
 * callers without a token.
 */
public record MetricsConfig(Optional<String> token, boolean isPublic) {
    public static final MetricsConfig DEFAULT = new MetricsConfig(Optional.empty(), false);
    static final List<String> KEYS = List.of("token", "public");
    /** A scrape token shorter than this is too easy to guess. */
    public static final int MIN_TOKEN_LENGTH = 16;

    static MetricsConfig read(ConfigReader r, ConfigNode node) {
        if (node == null) {
            return DEFAULT;
        }
        Map<String, ConfigNode> m = r.map(node, KEYS);
        Optional<String> token = r.string(m, "token").filter(t -> !t.isEmpty());
        if (token.isPresent() && (token.get().length() < MIN_TOKEN_LENGTH || !token.get().matches("[\\x21-\\x7e]+"))) {
            r.problem(m.get("token"), "metrics.token must be at least " + MIN_TOKEN_LENGTH + " printable characters without spaces; "
                    + "generate one with e.g. 'openssl rand -hex 32' and give it as ${CARETAKER_METRICS_TOKEN}");
            token = Optional.empty();
        }
        if (token.isPresent()) {
            r.secrets().add(token.get());
        }
        return new MetricsConfig(token, r.bool(m, "public", false));
    }
}
