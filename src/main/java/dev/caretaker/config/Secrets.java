package dev.caretaker.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret values of a config (passwords, header values, anything read from a secret-looking
 * environment variable), so every text that leaves Caretaker can be scrubbed of them.
 */
public final class Secrets {
    public static final String MASK = "********";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&\\s]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@\\s]+:)[^@/\\s]+@");
    private static final int MIN_SECRET_LENGTH = 4;

    private final Set<String> values = Collections.synchronizedSet(new LinkedHashSet<>());

    public static final Secrets NONE = new Secrets();

    public void add(String value) {
        if (value != null && value.length() >= MIN_SECRET_LENGTH) {
            values.add(value);
        }
    }

    /** Whether {@code text} holds one of the secret values (e.g. a header whose value came from a secret variable). */
    public boolean contains(String text) {
        if (text == null) {
            return false;
        }
        synchronized (values) {
            return values.stream().anyMatch(text::contains);
        }
    }

    /** The text with every known secret, URL password and user-info password replaced by a mask. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        synchronized (values) {
            for (String v : values) {
                out = out.replace(v, MASK);
            }
        }
        out = URL_PASSWORD.matcher(out).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
    }

    private static final java.util.Set<String> SECRET_WORDS = java.util.Set.of("password", "passwd", "pass", "pwd", "secret",
            "token", "key", "apikey", "credential", "credentials", "private", "passphrase");

    /** A config key or environment variable whose value is a secret: one of its words (split at _ - .) says so. */
    static boolean looksSecret(String name) {
        for (String word : name.toLowerCase(java.util.Locale.ROOT).split("[_\\-.]")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
