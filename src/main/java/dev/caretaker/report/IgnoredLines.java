package dev.caretaker.report;

import dev.caretaker.check.Ignored;
import dev.caretaker.check.RunResult;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings a run kept out of its judgement, as every report shows them: "N ignored", then one line each with the reason,
 * where the ignore comes from and until when. They count toward nothing, but nobody should forget them.
 */
final class IgnoredLines {
    private IgnoredLines() {
    }

    /** {@code 3 ignored}; null when nothing was. */
    static String heading(RunResult run) {
        return run.ignored().isEmpty() ? null : run.ignored().size() + " ignored";
    }

    /** {@code db  postgres.duplicate_index  public.x_idx — made by Django (config, until 2027-03-01 00:00:00 UTC)}. */
    static List<String> lines(RunResult run, ZoneId zone) {
        return run.ignored().stream().map(x -> line(x, zone)).toList();
    }

    static String line(Ignored x, ZoneId zone) {
        return PlainText.oneLine(x.check() + "  " + x.finding().severity().label() + "  " + x.finding().code() + "  " + x.finding().subject()
                + " — " + x.reason() + " (" + x.source() + (x.until() == null ? "" : ", until " + Times.human(x.until(), zone)) + ")");
    }

    /** An ignored finding in the JSON report: the finding, then why it was ignored. */
    static Map<String, Object> json(Ignored x, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", x.check());
        m.put("code", x.finding().code());
        m.put("severity", x.finding().severity().label());
        m.put("subject", x.finding().subject());
        m.put("message", x.finding().message());
        m.put("evidence", JsonReport.number(x.finding().evidence()));
        m.put("reason", x.reason());
        m.put("until", Times.iso(x.until(), zone));
        m.put("source", x.source());
        return m;
    }
}
