package dev.caretaker.notify.channels;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import dev.caretaker.incident.Incident;
import dev.caretaker.notify.Notice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code template:} of a {@code type: webhook} channel: Mustache (JMustache), logic-less. The template sees plain maps
 * only ({@link #fields}), read by a collector without reflection, so no name reaches a method of Caretaker's objects or
 * of a value ({@code {{incident.title.class}}} is an unknown name). Every {@code {{value}}} is escaped for a JSON string
 * ({@code "}, {@code \}, control characters), so a value cannot end the string it stands in; {@code {{{value}}}} is the
 * value as it is. A value that does not apply is empty ({@code {{incident.title}}} in an action's message), a section
 * {@code {{#incident}}…{{/incident}}} shows only where it applies; a name the template cannot see is a config error.
 */
public final class WebhookTemplate {
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private static final Mustache.Compiler COMPILER = Mustache.compiler().nullValue("").withEscaper(WebhookTemplate::jsonEscape)
            .withCollector(new BasicCollector() {
                @Override
                public <K, V> Map<K, V> createFetcherCache() {
                    return new ConcurrentHashMap<>();
                }
            });

    private final Template template;

    private WebhookTemplate(Template template) {
        this.template = template;
    }

    /**
     * The template of {@code text}, tried on a sample of each kind of message; throws with the line of the template and
     * what is wrong there (a tag not closed, a name the template cannot see).
     */
    public static WebhookTemplate parse(String text) {
        Template t;
        try {
            t = COMPILER.compile(text);
        } catch (MustacheParseException e) {
            throw new IllegalArgumentException(problem(e));
        }
        for (Map<String, Object> sample : samples()) {
            try {
                t.execute(sample);
            } catch (MustacheException.Context e) {
                throw new IllegalArgumentException("line " + e.lineNo + " of the template: '" + e.key + "' is not a field the template sees; it sees "
                        + String.join(", ", names()));
            } catch (MustacheException e) {
                throw new IllegalArgumentException(problem(e));
            }
        }
        return new WebhookTemplate(t);
    }

    private static String problem(MustacheException e) {
        String m = String.valueOf(e.getMessage());
        Matcher line = LINE.matcher(m);
        String at = line.find() ? "line " + line.group(1) + " of the template: " : "";
        return at + m.replaceAll("\\s*@?\\s*line \\d+", "").trim();
    }

    /**
     * What is wrong with the body of a sample incident message as JSON (the parser's line, column and words), or empty when it
     * is JSON. The usual cause: a {@code {{value}}} outside quotes; it is escaped for a JSON string and belongs inside one.
     */
    public java.util.Optional<String> jsonProblem() {
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Notice.IncidentNotice sample = new Notice.IncidentNotice("shop", java.nio.file.Path.of("caretaker.yml"), java.time.ZoneOffset.UTC,
                dev.caretaker.notify.MessageKind.INCIDENT_OPENED, "opened", dev.caretaker.notify.SampleMessage.incident("shop", "sample", at,
                Incident.State.OPEN), "A sample incident message", "0123abcd", "", null);
        String body = render(sample);
        try {
            SAMPLE_READER.readTree(body);
            return java.util.Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var where = e.getLocation();
            return java.util.Optional.of((where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + " of a sample "
                    + "incident message rendered with it: ") + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "; a {{value}} is written for inside a JSON string, so put quotes around it (\"{{incident.title}}\")");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectReader SAMPLE_READER = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();

    /** The body of one message. */
    public String render(Notice notice) {
        return template.execute(fields(notice));
    }

    /**
     * What a template sees of a notice: {@code event}, {@code system}, {@code audit_head}, and {@code incident},
     * {@code action} or {@code report} (the others null).
     */
    static Map<String, Object> fields(Notice notice) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("system", notice.system());
        f.put("audit_head", notice.audit());
        f.put("incident", null);
        f.put("action", null);
        f.put("report", null);
        if (notice instanceof Notice.IncidentNotice n) {
            f.put("event", n.kind().label());
            f.put("incident", incident(n));
        } else if (notice instanceof Notice.ActionNotice n) {
            var o = n.outcome();
            f.put("event", n.kind().label());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", o.action());
            a.put("type", o.type());
            a.put("subject", o.subject());
            a.put("result", o.result().label());
            a.put("approval", o.approval() == 0 ? null : o.approval());
            a.put("incident", o.incidentId());
            a.put("detail", o.detail());
            a.put("line", o.line());
            f.put("action", a);
        } else if (notice instanceof Notice.ReportNotice n) {
            f.put("event", "report");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("subject", n.subject());
            r.put("summary", n.summary());
            r.put("text", n.text());
            f.put("report", r);
        } else {
            throw new IllegalArgumentException("a webhook takes one message per incident change, not a group");
        }
        return f;
    }

    private static Map<String, Object> incident(Notice.IncidentNotice n) {
        Incident i = n.incident();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("title", i.title());
        m.put("state", i.state().label());
        m.put("verb", n.verb());
        m.put("priority", i.priority().name());
        m.put("severity", i.severity().label());
        m.put("check", i.check());
        m.put("subject", i.subject());
        m.put("fingerprint", i.fingerprint());
        m.put("opened_at", i.openedAt().toString());
        m.put("resolved_at", i.resolvedAt() == null ? null : i.resolvedAt().toString());
        m.put("detail", n.detail());
        m.put("runbook", n.runbook());
        m.put("link", n.link() == null ? null : n.link().toString());
        return m;
    }

    /** Every name a template sees, for the error that names one it does not. */
    static List<String> names() {
        return List.of("event", "system", "audit_head", "incident.{id, title, state, verb, priority, severity, check, subject, fingerprint, "
                + "opened_at, resolved_at, detail, runbook, link}", "action.{name, type, subject, result, approval, incident, detail, line}",
                "report.{subject, summary, text}");
    }

    /** A sample of each kind of message, with every field: a name missing from all of them is one the template cannot see. */
    private static List<Map<String, Object>> samples() {
        Map<String, Object> incident = new LinkedHashMap<>();
        for (String k : List.of("id", "title", "state", "verb", "priority", "severity", "check", "subject", "fingerprint", "opened_at",
                "resolved_at", "detail", "runbook", "link")) {
            incident.put(k, "x");
        }
        Map<String, Object> action = new LinkedHashMap<>();
        for (String k : List.of("name", "type", "subject", "result", "approval", "incident", "detail", "line")) {
            action.put(k, "x");
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("event", "x");
        all.put("system", "x");
        all.put("audit_head", "x");
        all.put("incident", incident);
        all.put("action", action);
        all.put("report", Map.of("subject", "x", "summary", "x", "text", "x"));
        return List.of(all);
    }

    /** {@code text} as it may stand inside a JSON string: quotes, backslashes and control characters escaped. */
    static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
