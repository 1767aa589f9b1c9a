package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider's public status page in Atlassian Statuspage's v2 JSON, on 127.0.0.1, as the page's own "API" documentation
 * describes it (e.g. https://www.githubstatus.com/api, the same on every Statuspage page): "Summary" —
 * {@code GET /api/v2/summary.json} with {@code page} (id, name, url, time_zone, updated_at), {@code status}
 * ({@code indicator} one of none, minor, major, critical, with its {@code description}), {@code components} (each with
 * {@code status} one of operational, degraded_performance, partial_outage, major_outage — and under_maintenance while a
 * maintenance runs — {@code group}, {@code group_id}), the unresolved {@code incidents} (status investigating, identified or
 * monitoring; {@code impact} none, minor, major or critical; {@code shortlink}, {@code started_at}, the components they
 * affect) and the upcoming or in-progress {@code scheduled_maintenances} (status scheduled, in_progress or verifying,
 * {@code scheduled_for}, {@code scheduled_until}). The public pages need no key and document no rate limit or ETag; an
 * unknown path is a plain 404, and a 429 here stands for a CDN refusing.
 */
public final class StatuspageStandIn extends ApiStandIn {
    private final String pageName;
    private final Map<String, ObjectNode> components = new ConcurrentHashMap<>();
    private final List<ObjectNode> incidents = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> maintenances = new CopyOnWriteArrayList<>();

    public StatuspageStandIn(String pageName, int port) throws IOException {
        super("statuspage", port);
        this.pageName = pageName;
        start();
    }

    /** A component with its status (operational, degraded_performance, partial_outage, major_outage, under_maintenance). */
    public StatuspageStandIn component(String name, String status) {
        ObjectNode c = components.computeIfAbsent(name, n -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", "c" + Math.abs(n.hashCode()));
            o.put("name", n);
            o.put("position", components.size() + 1);
            o.put("group", false);
            o.putNull("group_id");
            o.put("only_show_if_degraded", false);
            o.put("created_at", "2024-01-01T00:00:00Z");
            return o;
        });
        c.put("status", status);
        c.put("updated_at", Instant.now().toString());
        return this;
    }

    /** An unresolved incident (investigating, identified or monitoring) affecting the components named. */
    public StatuspageStandIn incident(String name, String status, String impact, Instant started, String... affected) {
        ObjectNode i = event(name, status, affected);
        i.put("impact", impact);
        i.put("started_at", started.toString());
        i.put("created_at", started.toString());
        incidents.add(i);
        return this;
    }

    /** A scheduled maintenance (scheduled, in_progress or verifying) of the components named. */
    public StatuspageStandIn maintenance(String name, String status, Instant from, Instant until, String... affected) {
        ObjectNode m = event(name, status, affected);
        m.put("impact", "maintenance");
        m.put("scheduled_for", from.toString());
        m.put("scheduled_until", until.toString());
        m.put("created_at", from.minusSeconds(86_400).toString());
        maintenances.add(m);
        return this;
    }

    /** Every component operational again, every incident and maintenance over. */
    public StatuspageStandIn allOperational() {
        components.keySet().forEach(n -> component(n, "operational"));
        incidents.clear();
        maintenances.clear();
        return this;
    }

    private ObjectNode event(String name, String status, String... affected) {
        ObjectNode e = JSON.createObjectNode();
        String id = "i" + Math.abs((name + incidents.size() + maintenances.size()).hashCode());
        e.put("id", id);
        e.put("name", name);
        e.put("status", status);
        e.put("shortlink", "https://stspg.io/" + id);
        e.put("page_id", "p1");
        ArrayNode cs = e.putArray("components");
        for (String a : affected) {
            ObjectNode c = components.get(a);
            if (c != null) {
                cs.add(c.deepCopy());
            }
        }
        ArrayNode updates = e.putArray("incident_updates");
        ObjectNode u = updates.addObject();
        u.put("status", status);
        u.put("body", "We are investigating reports of problems with " + String.join(", ", affected) + ".");
        u.put("created_at", Instant.now().toString());
        return e;
    }

    @Override
    protected boolean authorized(Request r) {
        return true; // a public page
    }

    @Override
    protected Reply unauthorized(Request r) {
        return Reply.json(401, "{}");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return new Reply(429, Map.of("content-type", "text/plain"), "Too Many Requests");
    }

    @Override
    protected Reply notFound(Request r) {
        return new Reply(404, Map.of("content-type", "text/html"), "<html><body>The page you were looking for doesn't exist.</body></html>");
    }

    @Override
    protected Reply answer(Request r) {
        if (!r.path().equals("/api/v2/summary.json")) {
            return null;
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode page = body.putObject("page");
        page.put("id", "p1");
        page.put("name", pageName);
        page.put("url", url());
        page.put("time_zone", "Etc/UTC");
        page.put("updated_at", Instant.now().toString());
        ArrayNode cs = body.putArray("components");
        components.values().stream().sorted((a, b) -> Integer.compare(a.path("position").asInt(), b.path("position").asInt())).forEach(cs::add);
        ArrayNode is = body.putArray("incidents");
        incidents.forEach(is::add);
        ArrayNode ms = body.putArray("scheduled_maintenances");
        maintenances.forEach(ms::add);
        String indicator = indicator();
        ObjectNode status = body.putObject("status");
        status.put("indicator", indicator);
        status.put("description", switch (indicator) {
            case "critical" -> "Major System Outage";
            case "major" -> "Partial System Outage";
            case "minor" -> "Minor Service Outage";
            case "maintenance" -> "Service Under Maintenance";
            default -> "All Systems Operational";
        });
        return Reply.json(200, body);
    }

    /** The page's roll-up of its components, as Statuspage blends it. */
    private String indicator() {
        List<String> statuses = components.values().stream().map(c -> c.path("status").asText()).toList();
        if (statuses.contains("major_outage")) {
            return "critical";
        }
        if (statuses.contains("partial_outage")) {
            return "major";
        }
        if (statuses.contains("degraded_performance")) {
            return "minor";
        }
        return statuses.contains("under_maintenance") ? "maintenance" : "none";
    }
}
