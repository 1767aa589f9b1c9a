package dev.caretaker.schedule;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Nodes;
import dev.caretaker.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a node can do the cluster's work, and why not: its signing key must be the store's (the one its approvals and
 * audit log are signed with), its build must know the store's schema version, and its config must be the one the cluster
 * runs — what the live, ready nodes of its system agree on (most of them; on a tie, the one ready longest), or its own
 * when no other node is ready. The config is compared by a fingerprint of what it schedules and runs: its ticks and their
 * schedules, each suite's checks, each check's type.
 */
final class ClusterGate {
    private ClusterGate() {
    }

    /** The fingerprint of {@code config}'s work: the same on every node with the same ticks, suites and checks. */
    static String fingerprint(CaretakerConfig config) {
        java.util.SortedSet<String> lines = new java.util.TreeSet<>();
        Ticks.plan(config).forEach((id, p) -> lines.add("tick " + id + " " + p.schedule().describe()));
        config.suites().forEach((name, s) -> lines.add("suite " + name + " " + String.join(",", s.checks())));
        config.checks().forEach((name, c) -> lines.add("check " + name + " " + c.type()));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((config.system() + "\n" + String.join("\n", lines))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What this node runs with; the key's fingerprint is "unreadable" when the key cannot be read. */
    static Nodes.Identity identity(Engine engine) {
        String key;
        try {
            key = engine.key().fingerprint();
        } catch (RuntimeException e) {
            key = "unreadable";
        }
        return new Nodes.Identity(key, Store.SCHEMA_VERSION, fingerprint(engine.config()));
    }

    /** Why this node ({@code self}) cannot work, or empty when it can. */
    static Optional<String> problem(Engine engine, String self, Instant now) {
        try {
            engine.key();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
        int schema = engine.store().schemaVersion();
        if (schema != Store.SCHEMA_VERSION) {
            return Optional.of("the store's schema is version " + schema + ", and this build of Caretaker knows version " + Store.SCHEMA_VERSION
                    + (schema > Store.SCHEMA_VERSION ? ": a newer Caretaker upgraded it; upgrade this node too" : ""));
        }
        String mine = fingerprint(engine.config());
        String cluster = clusterFingerprint(engine.nodes(self).recent(now, Nodes.LIVE_WITHIN), engine.config().system(), self, mine, now);
        if (!cluster.equals(mine)) {
            return Optional.of("this node's config " + engine.config().file() + " (fingerprint " + mine + ") is not the one the cluster runs "
                    + "(fingerprint " + cluster + "): give every node the same config");
        }
        return Optional.empty();
    }

    /** The config fingerprint the ready nodes of {@code system} other than {@code self} agree on, with this node's counted too. */
    static String clusterFingerprint(List<Nodes.Node> nodes, String system, String self, String mine, Instant now) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, Instant> since = new LinkedHashMap<>();
        for (Nodes.Node n : nodes) {
            if (!n.name().equals(self) && n.system().equals(system) && n.ready(now) && n.configFingerprint() != null) {
                votes.merge(n.configFingerprint(), 1, Integer::sum);
                since.merge(n.configFingerprint(), n.readySince(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (votes.isEmpty()) {
            return mine;
        }
        votes.merge(mine, 1, Integer::sum);
        Instant selfSince = nodes.stream().filter(n -> n.name().equals(self) && n.ready(now)).map(Nodes.Node::readySince).findFirst()
                .orElse(Instant.MAX);
        since.merge(mine, selfSince, (a, b) -> a.isBefore(b) ? a : b);
        return votes.keySet().stream().max(Comparator.<String>comparingInt(votes::get)
                .thenComparing(f -> since.get(f), Comparator.reverseOrder())).orElse(mine);
    }
}
