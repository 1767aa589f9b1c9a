package dev.caretaker.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code checks:} section: the keys every check has here, the keys of its kind through that kind's {@link CheckType}. */
final class ChecksSection {
    private final ConfigReader r;
    private final ZoneId timezone;
    private final Map<String, CheckType> types;
    private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    private final Map<String, ConfigNode> dependsOnNodes = new HashMap<>();
    /** Check → the status-page checks named in its {@code upstream}, and where. */
    private final Map<String, List<String>> upstream = new LinkedHashMap<>();
    private final Map<String, ConfigNode> upstreamNodes = new HashMap<>();
    private final Map<String, Duration> every = new LinkedHashMap<>();
    private final Map<String, String> runbooks = new LinkedHashMap<>();
    private final List<IgnoreRule> ignores = new ArrayList<>();
    /** The name of every check entry, read or not: a check that failed to read is still defined for the names that point at it. */
    private final Set<String> defined = new LinkedHashSet<>();

    ChecksSection(ConfigReader r, ZoneId timezone, Map<String, CheckType> types) {
        this.r = r;
        this.timezone = timezone;
        this.types = types;
    }

    Map<String, CheckConfig> read(ConfigNode node, Set<String> databaseNames) {
        Map<String, CheckConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            defined.add(e.name());
            ConfigNode body = e.value();
            if (!body.isMap()) {
                r.problem(body, "check '" + e.name() + "' must be a map with at least 'type'");
                continue;
            }
            Map<String, ConfigNode> raw = r.namedEntries(body);
            Optional<String> typeName = r.requiredString(raw, "type", body);
            if (typeName.isEmpty()) {
                continue;
            }
            CheckType type = types.get(typeName.get());
            if (type == null) {
                r.problem(raw.get("type"), "unknown check type '" + typeName.get() + "'" + Suggestions.didYouMean(typeName.get(), types.keySet())
                        + "; types: " + String.join(", ", types.keySet()));
                continue;
            }
            common(e.name(), type, raw);
            Optional<SourceType> source = source(type, raw);
            if (source == null) {
                continue;
            }
            Map<String, ConfigNode> m = r.map(body, keys(type, source));
            CheckType.Draft draft = new CheckType.Draft(e.name(), r.string(m, "description", ""), timezone, databaseNames);
            Section s = new Section(r, body, m);
            out.put(e.name(), source.isPresent() ? source.get().read(s, draft, type) : type.read(s, draft));
        }
        return out;
    }

    /**
     * The source named by {@code source:}: empty for the kind's own keys (no {@code source:}, or the default), null when the
     * name is not one the kind knows (a problem is recorded).
     */
    private Optional<SourceType> source(CheckType type, Map<String, ConfigNode> raw) {
        if (!raw.containsKey("source") || type.sources().isEmpty()) {
            return Optional.empty(); // a kind without sources reports 'source' as an unknown key
        }
        String name = r.scalar(raw.get("source"), "source");
        if (name == null || name.equals(type.ownSource()) && type.readsOwnKeys()) {
            return Optional.empty();
        }
        for (SourceType s : type.sources()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        List<String> names = new ArrayList<>(type.readsOwnKeys() ? List.of(type.ownSource()) : List.of());
        type.sources().forEach(s -> names.add(s.name()));
        r.problem(raw.get("source"), "unknown source '" + name + "' for type " + type.name() + Suggestions.didYouMean(name, names)
                + "; sources: " + String.join(", ", names));
        return null;
    }

    /** The keys a check of this type (and source) may have: the common ones, then its own. */
    private static List<String> keys(CheckType type, Optional<SourceType> source) {
        List<String> all = new ArrayList<>(CheckType.COMMON_KEYS);
        if (!type.sources().isEmpty()) {
            all.add("source");
        }
        source.map(SourceType::keys).orElse(type.keys()).stream().filter(k -> !all.contains(k)).forEach(all::add);
        return all;
    }

    private void common(String name, CheckType type, Map<String, ConfigNode> raw) {
        if (raw.containsKey("depends_on")) {
            dependsOn.put(name, r.stringList(raw, "depends_on"));
            dependsOnNodes.put(name, raw.get("depends_on"));
        }
        if (raw.containsKey("upstream")) {
            List<String> providers = r.stringList(raw, "upstream");
            upstream.put(name, providers);
            upstreamNodes.put(name, raw.get("upstream"));
            List<String> parents = new ArrayList<>(dependsOn.getOrDefault(name, List.of()));
            providers.stream().filter(p -> !parents.contains(p)).forEach(parents::add);
            dependsOn.put(name, parents);
            dependsOnNodes.putIfAbsent(name, raw.get("upstream"));
        }
        if (raw.containsKey("runbook")) {
            Runbooks.read(r, raw, "runbook").ifPresent(text -> runbooks.put(name, text));
        }
        if (raw.containsKey("ignore")) {
            ignores.addAll(IgnoreRule.read(r, name, raw.get("ignore"), timezone));
        }
        if (raw.containsKey("every") && !type.ownsEvery()) {
            Duration d = r.duration(raw, "every", null, Duration.ofSeconds(1), Duration.ofDays(1));
            if (d != null) {
                every.put(name, d);
            }
        }
    }

    /**
     * Every check the section names, including those whose body had a problem (then the load fails on that problem alone;
     * a suite, a {@code depends_on} or a route that names the check is not a second error).
     */
    Set<String> defined() {
        return Collections.unmodifiableSet(defined);
    }

    /** Check → its runbook. */
    Map<String, String> runbooks() {
        return Map.copyOf(runbooks);
    }

    /** Every check's {@code ignore:} entries, in config order. */
    List<IgnoreRule> ignores() {
        return List.copyOf(ignores);
    }

    /** Check → its own {@code every} (a monitor of its own, besides any suite that runs it). */
    Map<String, Duration> every() {
        return Map.copyOf(every);
    }

    /**
     * Check → the checks it depends on ({@code depends_on} and {@code upstream}); every name must exist, no check may depend
     * on itself, even indirectly, and an {@code upstream} must be a status page.
     */
    Map<String, List<String>> dependencies(Map<String, CheckConfig> all) {
        Set<String> checks = defined;
        for (Map.Entry<String, List<String>> e : upstream.entrySet()) {
            for (String provider : e.getValue()) {
                CheckConfig p = all.get(provider);
                if (p != null && !p.type().equals("statuspage")) {
                    r.problem(upstreamNodes.get(e.getKey()), "check '" + e.getKey() + "' names '" + provider + "' as its upstream, "
                            + "which is a " + p.type() + " check; 'upstream' names a check of type statuspage (the provider's "
                            + "status page); for another check use 'depends_on'");
                }
            }
        }
        for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
            for (String parent : e.getValue()) {
                if (!checks.contains(parent)) {
                    r.problem(dependsOnNodes.get(e.getKey()), "check '" + e.getKey() + "' depends on '" + parent
                            + "', which 'checks' does not define" + Suggestions.didYouMean(parent, checks));
                } else if (reaches(parent, e.getKey(), new HashSet<>())) {
                    r.problem(dependsOnNodes.get(e.getKey()), "check '" + e.getKey() + "' depends on '" + parent
                            + "', which depends on it in turn; remove one of the two");
                }
            }
        }
        return Map.copyOf(dependsOn);
    }

    /**
     * A provider's outage is seen only when its status check runs in the same run as the checks naming it in
     * {@code upstream}: every suite that runs such a check runs its upstream too, and a check with an {@code every} of its
     * own has its upstream on the same {@code every}.
     */
    void upstreamsRunAlong(Map<String, SuiteConfig> suites) {
        for (Map.Entry<String, List<String>> e : upstream.entrySet()) {
            String check = e.getKey();
            for (String provider : e.getValue()) {
                for (SuiteConfig suite : suites.values()) {
                    if (suite.checks().contains(check) && !suite.checks().contains(provider)) {
                        r.problem(upstreamNodes.get(check), "suite '" + suite.name() + "' runs check '" + check + "' but not its upstream '"
                                + provider + "': the provider's outage would go unseen and page; add '" + provider + "' to the suite");
                    }
                }
                Duration own = every.get(check);
                if (own != null && !own.equals(every.get(provider))) {
                    r.problem(upstreamNodes.get(check), "check '" + check + "' runs every " + Units.formatDuration(own) + " on its own, but "
                            + "its upstream '" + provider + "' " + (every.containsKey(provider) ? "every " + Units.formatDuration(every.get(provider))
                            : "not on its own") + ": give '" + provider + "' the same 'every', so both run together");
                }
            }
        }
    }

    private boolean reaches(String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        return dependsOn.getOrDefault(from, List.of()).stream().anyMatch(p -> reaches(p, target, seen));
    }
}
