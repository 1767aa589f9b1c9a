package dev.caretaker.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A YAML node that remembers where it stands in the file and by which key path it was reached. */
final class ConfigNode {
    private final String file;
    private final Node node;
    private final String path;

    ConfigNode(String file, Node node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    int column() {
        return node.getStartMark().getColumn() + 1;
    }

    ConfigProblem problem(String message) {
        return new ConfigProblem(file, line(), column(), message);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    String scalar() {
        return ((ScalarNode) node).getValue();
    }

    String kind() {
        return isMap() ? "a map" : isList() ? "a list" : isNull() ? "empty" : "a value";
    }

    /** Entries in file order, duplicates included; the key nodes are kept so a bad key is reported where it is written. */
    List<Entry> entryList() {
        List<Entry> out = new ArrayList<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            Node k = t.getKeyNode();
            String key = k instanceof ScalarNode s ? s.getValue() : String.valueOf(k);
            String childPath = path.isEmpty() ? key : path + "." + key;
            out.add(new Entry(key, new ConfigNode(file, k, childPath), new ConfigNode(file, t.getValueNode(), childPath)));
        }
        return out;
    }

    List<ConfigNode> items() {
        List<ConfigNode> out = new ArrayList<>();
        List<Node> value = ((SequenceNode) node).getValue();
        for (int i = 0; i < value.size(); i++) {
            out.add(new ConfigNode(file, value.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    record Entry(String name, ConfigNode key, ConfigNode value) {
    }
}
