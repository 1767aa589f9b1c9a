package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.store.Nodes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config the cluster runs: what most ready nodes run, the one ready longest on a tie, this node's own when none is ready. */
class ClusterGateTest {
    static final Instant NOW = Instant.parse("2026-12-07T07:00:00Z");

    static Nodes.Node node(String name, String config, String problem, long readyFor) {
        return new Nodes.Node(name, "s", null, "v", NOW.minusSeconds(600), NOW.minusSeconds(1), null, "k", 16, config, problem,
                problem == null ? NOW.minusSeconds(readyFor) : null);
    }

    @Test
    void a_node_alone_runs_its_own_config() {
        assertThat(ClusterGate.clusterFingerprint(List.of(node("me", "new", null, 5)), "s", "me", "new", NOW)).isEqualTo("new");
    }

    @Test
    void the_config_most_ready_nodes_run_is_the_clusters() {
        List<Nodes.Node> nodes = List.of(node("a", "old", null, 300), node("b", "old", null, 200), node("me", "new", null, 5));
        assertThat(ClusterGate.clusterFingerprint(nodes, "s", "me", "new", NOW)).isEqualTo("old");
        // nodes that cannot work have no say
        List<Nodes.Node> notReady = List.of(node("a", "old", "another key", 0), node("me", "new", null, 5));
        assertThat(ClusterGate.clusterFingerprint(notReady, "s", "me", "new", NOW)).isEqualTo("new");
    }

    @Test
    void on_a_tie_the_node_ready_longest_decides() {
        List<Nodes.Node> nodes = List.of(node("a", "old", null, 300), node("me", "new", null, 5));
        assertThat(ClusterGate.clusterFingerprint(nodes, "s", "me", "new", NOW)).isEqualTo("old");
        assertThat(ClusterGate.clusterFingerprint(nodes, "s", "a", "old", NOW)).isEqualTo("old");
    }
}
