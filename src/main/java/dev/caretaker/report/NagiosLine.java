package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A run as the one line a Nagios-compatible monitor reads (the Monitoring Plugins development guidelines):
 * {@code CARETAKER CRITICAL - 3 critical, 2 warning: db: pid 42 … | 'db connection_usage_percent'=12%;80;95;0;100}. The
 * status word is the run's status, whose exit code {@code caretaker check} returns (OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3);
 * the performance data are the measurements that have thresholds ({@link PerfLimits}), with their warning and critical
 * ranges. Every text passes {@code redact} and loses line breaks, control characters and {@code |}; labels lose {@code =}
 * and {@code '}.
 */
public final class NagiosLine {
    /** How much of the worst problem's words the line carries. */
    static final int MAX_PROBLEM = 200;
    /** How many measurements the performance data carries at most: NRPE and some monitors cut a plugin's output near 4 kB. */
    static final int MAX_PERF = 30;
    private static final Pattern PLAIN_LABEL = Pattern.compile("[A-Za-z0-9_.:/-]+");

    private NagiosLine() {
    }

    public static String render(RunOutcome outcome, PerfLimits limits, UnaryOperator<String> redact) {
        List<CheckResult> results = outcome.run().results();
        int critical = 0;
        int warning = 0;
        int unknown = 0;
        String worst = null;
        int worstRank = -1;
        for (CheckResult r : results) {
            if (r.error() != null && r.status() == Status.UNKNOWN) {
                unknown++;
                if (Status.UNKNOWN.rank() > worstRank) {
                    worst = r.name() + ": " + r.error();
                    worstRank = Status.UNKNOWN.rank();
                }
            }
            for (Finding f : r.findings()) {
                if (f.severity() == Severity.INFO) {
                    continue;
                }
                // a finding counts at most as its check's status: a check waiting on its provider's outage is a warning
                Status s = Status.of(f.severity()).rank() > r.status().rank() && r.status() != Status.OK ? r.status() : Status.of(f.severity());
                if (s == Status.CRITICAL) {
                    critical++;
                } else {
                    warning++;
                }
                if (s.rank() > worstRank) {
                    worst = r.name() + ": " + f.message();
                    worstRank = s.rank();
                }
            }
        }
        Status status = outcome.run().status();
        StringBuilder line = new StringBuilder("CARETAKER ").append(status.name()).append(" - ");
        List<String> counts = new ArrayList<>();
        if (critical > 0) {
            counts.add(critical + " critical");
        }
        if (warning > 0) {
            counts.add(warning + " warning");
        }
        if (unknown > 0) {
            counts.add(unknown + " unknown");
        }
        if (counts.isEmpty() && status == Status.OK) {
            line.append(results.size()).append(results.size() == 1 ? " check" : " checks").append(" ok");
        } else if (counts.isEmpty()) {
            line.append(text(redact.apply(results.stream().filter(r -> r.status() == status).map(r -> r.name() + " is " + status.label())
                    .findFirst().orElse("the run is " + status.label())), MAX_PROBLEM));
        } else {
            line.append(String.join(", ", counts)).append(": ").append(text(redact.apply(worst), MAX_PROBLEM));
        }
        String perf = perf(results, limits, redact);
        if (!perf.isEmpty()) {
            line.append(" | ").append(perf);
        }
        return line.toString();
    }

    private static String perf(List<CheckResult> results, PerfLimits limits, UnaryOperator<String> redact) {
        List<String> items = new ArrayList<>();
        for (CheckResult r : results) {
            for (Measurement m : r.measurements()) {
                String[] range = limits.of(r.name(), m.metric(), m.labels());
                if (range == null || Double.isNaN(m.value()) || Double.isInfinite(m.value()) || items.size() >= MAX_PERF) {
                    continue;
                }
                String uom = uom(m.metric());
                items.add(label(redact.apply(label(r.name(), m))) + "=" + PerfLimits.number(m.value()) + uom + ";" + range[0] + ";" + range[1]
                        + (uom.equals("%") ? ";0;100" : ""));
            }
        }
        return String.join(" ", items);
    }

    /** The check, the measurement's name without its check type, and its labels' values (but the check's), e.g. {@code db dead_tuple_percent app public.orders}. */
    private static String label(String check, Measurement m) {
        StringBuilder s = new StringBuilder(check).append(' ').append(m.metric().substring(m.metric().indexOf('.') + 1));
        new TreeMap<>(m.labels()).forEach((k, v) -> {
            if (!k.equals("check")) {
                s.append(' ').append(v);
            }
        });
        return s.toString();
    }

    /** A label as the grammar wants it: no '=' or quote, quoted when it is more than letters, digits and {@code _.:/-}. */
    static String label(String text) {
        String clean = text(text, 120).replace('=', '_').replace('\'', '_');
        return PLAIN_LABEL.matcher(clean).matches() ? clean : "'" + clean + "'";
    }

    /** One line of text: no control character (line breaks included) and no '|', which would start the performance data. */
    static String text(String s, int max) {
        String one = (s == null ? "" : s).replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replace('|', '/').replaceAll(" {2,}", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1).stripTrailing() + "…";
    }

    /** The unit of measure the guidelines allow for a measurement, from its name: %, s, ms or B; none otherwise. */
    static String uom(String metric) {
        if (metric.endsWith("_percent")) {
            return "%";
        }
        if (metric.endsWith("_seconds")) {
            return "s";
        }
        if (metric.endsWith("_ms")) {
            return "ms";
        }
        return metric.endsWith("_bytes") ? "B" : "";
    }
}
