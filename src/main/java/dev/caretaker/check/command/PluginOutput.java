package dev.caretaker.check.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Nagios plugin printed: the first line's text (its message) and the performance data after {@code |} on the first
 * line and on the later lines ({@code 'label'=value[UOM];warn;crit;min;max}), values brought to seconds, bytes or percent.
 */
public record PluginOutput(String message, List<Perf> perf, List<String> malformed) {
    /** One performance value: its label, its value in {@code unit} (s, B, %, c or empty), and its thresholds as written. */
    public record Perf(String label, double value, String unit, String warn, String crit) {
    }

    private static final Pattern ITEM = Pattern.compile("('(?:[^']|'')+'|[^'=\\s]+)=(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)([a-zA-Z%]*)((?:;[^;\\s]*){0,4})");

    public static PluginOutput parse(String output) {
        String text = output == null ? "" : output.replace("\r", "");
        String[] lines = text.split("\n", -1);
        String first = lines.length == 0 ? "" : lines[0];
        List<String> perfTexts = new ArrayList<>();
        int bar = first.indexOf('|');
        String message = (bar >= 0 ? first.substring(0, bar) : first).strip();
        if (bar >= 0) {
            perfTexts.add(first.substring(bar + 1));
        }
        // long output: the lines after the first, whose own '|' starts more performance data that runs to the end
        boolean inPerf = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (inPerf) {
                perfTexts.add(line);
            } else {
                int b = line.indexOf('|');
                if (b >= 0) {
                    perfTexts.add(line.substring(b + 1));
                    inPerf = true;
                }
            }
        }
        List<Perf> perf = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (String p : perfTexts) {
            String rest = p.strip();
            while (!rest.isEmpty()) {
                Matcher m = ITEM.matcher(rest);
                if (m.lookingAt()) {
                    String label = m.group(1);
                    if (label.startsWith("'")) {
                        label = label.substring(1, label.length() - 1).replace("''", "'");
                    }
                    String[] th = (m.group(4) + ";;;;").substring(1).split(";", -1);
                    try {
                        perf.add(normalised(label, Double.parseDouble(m.group(2)), m.group(3), th[0], th[1]));
                    } catch (NumberFormatException e) {
                        malformed.add(m.group());
                    }
                    rest = rest.substring(m.end()).stripLeading();
                } else {
                    int space = rest.indexOf(' ');
                    malformed.add(space < 0 ? rest : rest.substring(0, space));
                    rest = space < 0 ? "" : rest.substring(space + 1).stripLeading();
                }
            }
        }
        return new PluginOutput(message, perf, malformed);
    }

    private static Perf normalised(String label, double v, String uom, String warn, String crit) {
        return switch (uom.toLowerCase(Locale.ROOT)) {
            case "s" -> new Perf(label, v, "s", warn, crit);
            case "ms" -> new Perf(label, v / 1e3, "s", warn, crit);
            case "us" -> new Perf(label, v / 1e6, "s", warn, crit);
            case "b" -> new Perf(label, v, "B", warn, crit);
            case "kb" -> new Perf(label, v * 1024, "B", warn, crit);
            case "mb" -> new Perf(label, v * 1024 * 1024, "B", warn, crit);
            case "gb" -> new Perf(label, v * 1024 * 1024 * 1024, "B", warn, crit);
            case "tb" -> new Perf(label, v * 1024 * 1024 * 1024 * 1024, "B", warn, crit);
            case "%" -> new Perf(label, v, "%", warn, crit);
            case "c" -> new Perf(label, v, "c", warn, crit);
            default -> new Perf(label, v, uom, warn, crit);
        };
    }
}
