package dev.caretaker.init;

import dev.caretaker.check.integrity.Discovery;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The commented {@code caretaker.yml} that {@code caretaker init} writes for one database: its postgres check, an integrity
 * check with the references discovery found written out (commented out, with the reason, when it found none), a jobs,
 * errors or security check per table of that shape, an http check per URL, a weekly self-check and a daily morning check,
 * and an email route with a placeholder address.
 */
public final class StarterConfig {
    /** The name of the database in the written config. */
    public static final String DATABASE = "app";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@ >-]+");

    /** What the command line gave: the URL without its password, the variable that carries it (or null), the URLs to ping. */
    public record Options(String url, String passwordVariable, boolean passwordRequired, List<String> httpUrls) {
    }

    private final Survey survey;
    private final Options options;
    private final StringBuilder out = new StringBuilder();
    private final List<String> checks = new ArrayList<>();
    private final List<String> morning = new ArrayList<>();

    private StarterConfig(Survey survey, Options options) {
        this.survey = survey;
        this.options = options;
    }

    /** The file's text. */
    public static String render(Survey survey, Options options) {
        return new StarterConfig(survey, options).text();
    }

    private String text() {
        line("# Caretaker for database " + survey.database() + " (PostgreSQL " + survey.serverVersion() + "), written by caretaker init.");
        line("# Every check below was picked from what the database's catalog shows, with a comment saying why: delete");
        line("# what you do not want. Then: caretaker validate --connect -c FILE, and caretaker check -c FILE.");
        line("system: " + yaml(survey.database()));
        line("timezone: UTC");
        line("");
        line("databases:");
        line("  " + DATABASE + ":");
        line("    url: " + yaml(options.url()));
        if (options.passwordVariable() != null) {
            line("    password: ${" + options.passwordVariable() + (options.passwordRequired() ? "}" : ":-}")
                    + "   # from the environment, never written here");
        }
        line("    statement_timeout: 30s");
        line("");
        line("checks:");
        postgres();
        integrity();
        survey.shapes().forEach(this::shape);
        supabaseAuth();
        options.httpUrls().forEach(this::http);
        emailRoute();
        suites();
        return out.toString();
    }

    private void postgres() {
        check("database", "postgres", "Connections, cache, bloat, indexes, sequences, wraparound, long and blocked transactions");
        line("    # always: the health of the database itself");
        morning.add("database");
    }

    private void integrity() {
        List<Discovery.Relation> found = survey.discovery().relations();
        line("");
        if (found.isEmpty()) {
            integrityLeftOut();
            return;
        }
        check("integrity", "integrity", "Orphan rows: references the database does not enforce");
        line("    depends_on: [database]");
        line("    # each line: a column without a foreign key, the table it names, and the convention that matched.");
        line("    # Delete a line that is wrong. discover: true also checks references added later (and the lines");
        line("    # deleted here): set it to false once this list is yours.");
        line("    orphans:");
        for (Discovery.Relation r : found) {
            line("      - " + yaml(r.text()) + "   # " + r.source());
        }
        ambiguous("    ");
        line("    discover: true");
    }

    /**
     * Discovery found no reference to check: an integrity check written now could only warn that it checks nothing, so it
     * is written commented out, with the reason, for a person to turn on once they know a reference to list.
     */
    private void integrityLeftOut() {
        line("  # No integrity check: " + whyNoIntegrity(survey) + ".");
        line("  # Uncomment it and list orphans: if some rows refer to others without a foreign key.");
        line("  # integrity:");
        line("  #   type: integrity");
        line("  #   description: \"Orphan rows: references the database does not enforce\"");
        line("  #   database: " + DATABASE);
        line("  #   depends_on: [database]");
        line("  #   orphans:");
        line("  #     - child_table.column -> parent_table.column");
        ambiguous("  #   ");
        line("  #   discover: true   # also check references added later");
    }

    private void ambiguous(String indent) {
        for (Discovery.Ambiguous a : survey.discovery().ambiguous()) {
            line(indent + "# not checked: " + a.child() + " could refer to " + String.join(" or ", a.parents()) + "; list the right one");
        }
    }

    /** Why init writes no integrity check for this database, in words for the file and the terminal. */
    public static String whyNoIntegrity(Survey survey) {
        long n = survey.enforced();
        String enforced = n == 0 ? "the database declares no foreign key, and no column names a table by a convention Caretaker knows"
                : (n == 1 ? "the one reference is" : "all " + n + " references are") + " enforced by foreign keys";
        return enforced + ": nothing for an integrity check to do";
    }

    private void shape(Shape s) {
        String name = unique(s.kind() + "-" + slug(s.table().name()));
        line("");
        String description = switch (s.kind()) {
            case "jobs" -> "Failed or stalled runs recorded in " + s.table().display();
            case "errors" -> "Spikes in " + s.table().display() + " against its own last week";
            default -> "Failed-login bursts from one address in " + s.table().display();
        };
        check(name, s.kind(), description);
        line("    # picked because " + s.why());
        line("    depends_on: [database]");
        line("    table: " + yaml(s.table().display()));
        for (Map.Entry<String, String> c : s.columns().entrySet()) {
            line("    " + c.getKey() + ": " + yaml(c.getValue()));
        }
        if (s.kind().equals("jobs")) {
            line("    # list each job with its cadence; until then every job that runs is reported as jobs.unlisted:");
            line("    # jobs:");
            line("    #   nightly-export: {every: 1d}");
        } else if (s.kind().equals("errors")) {
            line("    # every row counts as an error" + (s.columns().containsKey("group_by") ? ", each level judged on its own" : ""));
        }
        if (!s.kind().equals("security")) {
            morning.add(name);
        }
    }

    private void supabaseAuth() {
        if (!survey.supabaseAuth()) {
            return;
        }
        line("");
        check("logins", "security", "Failed-login bursts and credential stuffing in Supabase Auth");
        line("    # picked because auth.audit_log_entries (Supabase Auth's log) is there");
        line("    depends_on: [database]");
        line("    source: supabase-auth");
    }

    private void http(String url) {
        String host = URI.create(url).getHost();
        String name = unique("http-" + slug(host == null ? "service" : host));
        line("");
        check(name, "http", "A service the app depends on, as given to caretaker init");
        line("    url: " + yaml(url));
        line("    expect:");
        line("      - status == 200");
        line("      - latency < 2s");
        line("    retries: 1");
        morning.add(name);
    }

    private void emailRoute() {
        line("");
        line("# Incidents P0 and P1 are mailed; put your team's address below. Without an SMTP server (notify.email) the");
        line("# messages are written as .eml files under $CARETAKER_HOME/outbox. To send them:");
        line("#   email: {url: \"smtp://mail.example.com:587\", user: \"${SMTP_USER}\", password: \"${SMTP_PASSWORD}\", from: caretaker@example.com}");
        line("notify:");
        line("  channels:");
        line("    ops-email:");
        line("      type: email");
        line("      to: [ops@example.com]   # placeholder: your team's address");
        line("  routes:");
        line("    - priorities: [P0, P1]");
        line("      channels: [ops-email]");
    }

    private void suites() {
        line("");
        line("# Without the server (caretaker run) call caretaker check --suite NAME from cron; the server keeps these schedules.");
        line("suites:");
        line("  weekly-self-check:");
        line("    description: Every Sunday at 02:00 UTC, everything above");
        line("    schedule: \"0 2 * * SUN\"");
        line("    checks: [" + String.join(", ", checks) + "]");
        line("  morning-check:");
        line("    description: " + yaml("Every day at 09:00 UTC, " + morningWords()));
        line("    schedule: \"0 9 * * *\"");
        line("    checks: [" + String.join(", ", morning) + "]");
    }

    /** What the morning check holds, in words: "the database, its job runs, its error log and the service". */
    private String morningWords() {
        long jobs = morning.stream().filter(n -> n.startsWith("jobs-")).count();
        long errors = morning.stream().filter(n -> n.startsWith("errors-")).count();
        long services = options.httpUrls().size();
        List<String> parts = new ArrayList<>(List.of("the database"));
        if (jobs > 0) {
            parts.add(jobs == 1 ? "its job runs" : "its " + jobs + " job tables");
        }
        if (errors > 0) {
            parts.add(errors == 1 ? "its error log" : "its " + errors + " error logs");
        }
        if (services > 0) {
            parts.add(services == 1 ? "the service" : "the " + services + " services");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private void check(String name, String type, String description) {
        checks.add(name);
        line("  " + name + ":");
        line("    type: " + type);
        line("    description: " + yaml(description));
        if (!type.equals("http")) {
            line("    database: " + DATABASE);
        }
    }

    private final Set<String> names = new LinkedHashSet<>();

    private String unique(String name) {
        String n = name;
        for (int i = 2; names.contains(n) || n.equals("database") || n.equals("integrity") || n.equals("logins"); i++) {
            n = name + "-" + i;
        }
        names.add(n);
        return n;
    }

    private static String slug(String s) {
        String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "x" : slug;
    }

    /** A YAML scalar: plain when it is safe to be, else double-quoted. */
    static String yaml(String s) {
        if (PLAIN.matcher(s).matches() && !s.startsWith("-") && !s.contains(": ") && !s.endsWith(":") && !s.startsWith(" ")) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
