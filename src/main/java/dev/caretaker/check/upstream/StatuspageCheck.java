package dev.caretaker.check.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.ApiSettings;
import dev.caretaker.config.Severity;
import dev.caretaker.config.StatuspageCheckConfig;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: statuspage}: reads the provider's {@code /api/v2/summary.json} (Atlassian Statuspage's public v2 JSON) and
 * says, for each component watched, what the provider says of it: {@code upstream.outage} (partial or major outage, a
 * warning: the provider's fault, which the team cannot fix), {@code upstream.degraded} and {@code upstream.maintenance}
 * (info), each with the provider's unresolved incident (or maintenance) that names the component, its title, status and
 * link, and since when. A page-wide incident that names no component is judged by the page's own indicator.
 */
public final class StatuspageCheck extends ConfiguredCheck<StatuspageCheckConfig> {
    /** The code a check's {@code upstream:} waits on: while its provider reports this, the check's alerts are the provider's. */
    public static final String OUTAGE = Finding.PROVIDER_OUTAGE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

    public StatuspageCheck(StatuspageCheckConfig config) {
        super(config);
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        URI summary = config.summary();
        ApiClient client = new ApiClient(provider(summary), new ApiSettings(summary, null, config.timeout()), Map.of("Accept",
                "application/json"), name(), context.clock());
        try {
            judge(client.get(summary).body(), context.clock().instant(), out);
        } catch (ApiException e) {
            out.error(context.secrets().redact(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("interrupted");
        }
        return out.build();
    }

    private void judge(JsonNode page, Instant now, ResultBuilder out) {
        Optional<String> notSummary = notSummary(page);
        if (notSummary.isPresent()) {
            out.error(config.summary() + " is not a Statuspage summary (" + notSummary.get() + "); point 'url' at the status page "
                    + "(its " + StatuspageCheckConfig.SUMMARY_PATH + ")");
            return;
        }
        String provider = page.path("page").path("name").asText(provider(config.summary()));
        String pageUrl = page.path("page").path("url").asText(null);
        List<JsonNode> incidents = list(page.path("incidents"));
        List<JsonNode> maintenances = list(page.path("scheduled_maintenances")).stream()
                .filter(m -> m.path("status").asText("").matches("in_progress|verifying")).toList();
        out.measure("upstream.unresolved_incidents", incidents.size(), "check", name());
        List<JsonNode> watched = watched(page.path("components"), out);
        if (watched == null) {
            return;
        }
        boolean anyComponentFound = false;
        for (JsonNode c : watched) {
            String component = c.path("name").asText();
            String status = c.path("status").asText("operational");
            out.measure("upstream.operational", status.equals("operational") ? 1 : 0, "check", name(), "component", component);
            Optional<Kind> kind = Kind.of(status);
            if (kind.isEmpty()) {
                continue;
            }
            anyComponentFound = true;
            List<JsonNode> about = kind.get() == Kind.MAINTENANCE ? maintenances : incidents;
            JsonNode incident = naming(about, c).or(() -> about.size() == 1 ? Optional.of(about.get(0)) : Optional.empty()).orElse(null);
            out.find(finding(kind.get(), provider, component, status, incident, c, pageUrl, now));
        }
        String indicator = page.path("status").path("indicator").asText("none");
        if (!anyComponentFound && config.components().isEmpty() && !incidents.isEmpty() && indicator.matches("major|critical|minor")) {
            JsonNode incident = incidents.get(0);
            Kind kind = indicator.equals("minor") ? Kind.DEGRADED : Kind.OUTAGE;
            out.find(finding(kind, provider, provider, page.path("status").path("description").asText(indicator), incident, null, pageUrl, now));
        }
    }

    /**
     * What makes the answer other than the documented summary (a {@code page} object, a {@code components} array, each
     * component with a {@code status}), or empty: an app's {@code {"status":"ok"}} must not read as a provider without trouble.
     */
    private static Optional<String> notSummary(JsonNode page) {
        if (!page.path("components").isArray()) {
            return Optional.of("no 'components'");
        }
        if (!page.path("page").isObject()) {
            return Optional.of("no 'page'");
        }
        for (JsonNode c : page.path("components")) {
            if (!c.path("status").isTextual()) {
                return Optional.of("component '" + c.path("name").asText("?") + "' has no 'status'");
            }
        }
        return Optional.empty();
    }

    /** The components judged: the named ones (each must be on the page), else every component that is not a group. */
    private List<JsonNode> watched(JsonNode components, ResultBuilder out) {
        List<JsonNode> all = list(components);
        if (config.components().isEmpty()) {
            return all.stream().filter(c -> !c.path("group").asBoolean(false)).toList();
        }
        List<JsonNode> out2 = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : config.components()) {
            all.stream().filter(c -> c.path("name").asText().equalsIgnoreCase(name)).findFirst().ifPresentOrElse(out2::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            out.error("the status page has no component " + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList())
                    + "; its components: " + String.join(", ", all.stream().map(c -> c.path("name").asText()).toList())
                    + " (fix 'components')");
            return null;
        }
        return out2;
    }

    private Finding finding(Kind kind, String provider, String component, String status, JsonNode incident, JsonNode c, String pageUrl,
                            Instant now) {
        Instant since = incident != null ? time(incident, "started_at", "scheduled_for", "created_at") : c == null ? null : time(c, "updated_at");
        String words = provider + " reports " + kind.words(status) + (component.equals(provider) ? "" : " in " + component)
                + (since == null ? "" : " since " + when(since, now));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("provider", provider);
        evidence.put("component", component);
        evidence.put("status", status);
        if (since != null) {
            evidence.put("since", since.toString());
        }
        if (incident != null) {
            String link = incident.path("shortlink").asText(pageUrl);
            words += ": " + incident.path("name").asText() + " (" + incident.path("status").asText() + ")" + (link == null ? "" : ", " + link);
            evidence.put("incident", incident.path("name").asText());
            evidence.put("incident_status", incident.path("status").asText());
            evidence.put("impact", incident.path("impact").asText());
            if (link != null) {
                evidence.put("link", link);
            }
        } else if (pageUrl != null) {
            evidence.put("link", pageUrl);
        }
        return new Finding(kind.code, kind.severity, component, words, evidence);
    }

    /** "10:02 UTC" today in the check's time zone, else "Dec 6 10:02 UTC". */
    private String when(Instant t, Instant now) {
        var zoned = t.atZone(config.timezone());
        boolean today = zoned.toLocalDate().equals(LocalDate.ofInstant(now, config.timezone()));
        return (today ? TIME : DAY_TIME).format(zoned) + " " + config.timezone().getId().replace("Etc/", "");
    }

    /** The incident (or maintenance) whose components name {@code c}. */
    private static Optional<JsonNode> naming(List<JsonNode> incidents, JsonNode c) {
        String id = c.path("id").asText("");
        String name = c.path("name").asText("");
        return incidents.stream().filter(i -> list(i.path("components")).stream()
                .anyMatch(x -> (!id.isEmpty() && id.equals(x.path("id").asText())) || name.equals(x.path("name").asText()))).findFirst();
    }

    private static Instant time(JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.path(f).isTextual()) {
                try {
                    return java.time.OffsetDateTime.parse(n.path(f).asText()).toInstant();
                } catch (DateTimeParseException e) {
                    // the next field, or none
                }
            }
        }
        return null;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** The provider as errors name it before its page is read: the status page's host. */
    private static String provider(URI summary) {
        return "the status page " + summary.getHost();
    }

    private enum Kind {
        OUTAGE(Finding.PROVIDER_OUTAGE, Severity.WARNING), DEGRADED("upstream.degraded", Severity.INFO), MAINTENANCE("upstream.maintenance", Severity.INFO);

        final String code;
        final Severity severity;

        Kind(String code, Severity severity) {
            this.code = code;
            this.severity = severity;
        }

        static Optional<Kind> of(String componentStatus) {
            return switch (componentStatus) {
                case "major_outage", "partial_outage" -> Optional.of(OUTAGE);
                case "degraded_performance" -> Optional.of(DEGRADED);
                case "under_maintenance" -> Optional.of(MAINTENANCE);
                default -> Optional.empty();
            };
        }

        String words(String status) {
            return switch (status) {
                case "major_outage" -> "a major outage";
                case "partial_outage" -> "a partial outage";
                case "degraded_performance" -> "degraded performance";
                case "under_maintenance" -> "maintenance";
                default -> "\"" + status + "\"";
            };
        }
    }
}
