package dev.caretaker.action.kinds;

import dev.caretaker.config.ActionConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The values an occasion gives an action ({@code subject}, {@code check}, {@code code}, {@code incident}, the evidence). */
final class Bindings {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Bindings() {
    }

    static String value(ActionConfig a, Map<String, String> bindings, String name) {
        String v = bindings.get(name);
        if (v == null) {
            throw new IllegalArgumentException("action '" + a.name() + "' uses :" + name + ", but its occasion has no such value; it has "
                    + String.join(", ", bindings.keySet()));
        }
        return v;
    }

    /** Replaces {@code {name}} placeholders: URL-encoded in a URL, JSON-string-escaped in a body. */
    static String fill(ActionConfig a, String template, Map<String, String> bindings, boolean url) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = value(a, bindings, m.group(1));
            String escaped = url ? URLEncoder.encode(v, StandardCharsets.UTF_8)
                    : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
            m.appendReplacement(out, Matcher.quoteReplacement(escaped));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String subject(Map<String, String> bindings) {
        return bindings.getOrDefault("subject", "");
    }
}
