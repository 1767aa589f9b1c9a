package dev.caretaker.action;

import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.SqlText;
import dev.caretaker.config.Units;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an action and the values of its occasion ({@code subject}, {@code check}, {@code code}, {@code incident} and
 * the finding's evidence) into the exact plan it will run. The same action and values always give the same plan.
 */
public final class Planner {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Planner() {
    }

    public static ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        String subject = bindings.getOrDefault("subject", "");
        Map<String, Object> settings = new LinkedHashMap<>();
        List<ActionPlan.Param> params = new ArrayList<>();
        String statement;
        switch (a.type()) {
            case "sql" -> {
                SqlText text = SqlText.parse(a.sql());
                for (String name : text.parameters()) {
                    params.add(new ActionPlan.Param(name, value(a, bindings, name)));
                }
                statement = text.jdbc();
            }
            case "mark_integration" -> {
                ActionConfig.Integration i = a.integration();
                statement = "UPDATE " + i.table() + " SET " + i.statusColumn() + " = ? WHERE " + i.nameColumn() + " = ? AND "
                        + i.statusColumn() + " IS DISTINCT FROM ?";
                params.add(new ActionPlan.Param("status", i.status()));
                params.add(new ActionPlan.Param("subject", subject));
                params.add(new ActionPlan.Param("status", i.status()));
            }
            case "http" -> {
                ActionConfig.Http h = a.http();
                statement = h.method() + " " + fill(a, h.url(), bindings, true);
                settings.put("headers", new LinkedHashMap<>(h.headers()));
                if (h.body() != null) {
                    settings.put("body", fill(a, h.body(), bindings, false));
                }
                settings.put("expect_status", h.expectStatus());
                settings.put("timeout", Units.formatDuration(h.timeout()));
            }
            case "vacuum" -> statement = "VACUUM (ANALYZE) " + subject;
            case "reindex" -> statement = "REINDEX INDEX CONCURRENTLY " + subject;
            case "cancel", "terminate" -> {
                String pid = value(a, bindings, "pid");
                statement = "SELECT pg_" + a.type() + "_backend(" + pid + ")";
                settings.put("pid", pid);
                settings.put("only_if_idle_in_transaction_longer_than", Units.formatDuration(a.longerThan()));
            }
            case "retention" -> {
                ActionConfig.Retention r = a.retention();
                statement = r.archiveTo().map(t -> "move rows of " + r.table() + " into " + t).orElse("delete rows of " + r.table())
                        + " where " + r.timeColumn() + " < now() - " + Units.formatDuration(r.olderThan());
                settings.put("table", r.table());
                settings.put("time_column", r.timeColumn());
                settings.put("older_than", Units.formatDuration(r.olderThan()));
                r.archiveTo().ifPresent(t -> settings.put("archive_to", t));
                settings.put("batch_size", r.batchSize());
            }
            default -> throw new IllegalArgumentException("unknown action type " + a.type());
        }
        return new ActionPlan(a.name(), a.type(), a.database(), subject, statement, params, settings, a.guardrails().maxRows());
    }

    private static String value(ActionConfig a, Map<String, String> bindings, String name) {
        String v = bindings.get(name);
        if (v == null) {
            throw new IllegalArgumentException("action '" + a.name() + "' uses :" + name + ", but its occasion has no such value; it has "
                    + String.join(", ", bindings.keySet()));
        }
        return v;
    }

    /** Replaces {@code {name}} placeholders: URL-encoded in a URL, JSON-string-escaped in a body. */
    private static String fill(ActionConfig a, String template, Map<String, String> bindings, boolean url) {
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
}
