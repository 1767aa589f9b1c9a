package dev.caretaker.check.network;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.Readiness;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Reads a config of one check named {@code probe} and runs it. */
final class Run {
    private Run() {
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of(), Engine.KINDS).parse("t.yml", Path.of("t.yml"), yaml);
    }

    /** Runs check {@code probe} of type {@code type} with {@code body} as its keys. */
    static CheckResult check(String type, String body) {
        CaretakerConfig c = load("checks:\n  probe:\n    type: " + type + "\n" + body.indent(4));
        return Checks.create(c.checks().get("probe")).run(new CheckContext(Clock.systemUTC(), null, c.secrets()));
    }

    /** What {@code validate --connect} says of check {@code probe}. */
    static List<Readiness> preflight(String type, String body) {
        CaretakerConfig c = load("checks:\n  probe:\n    type: " + type + "\n" + body.indent(4));
        return Checks.create(c.checks().get("probe")).preflight(new CheckContext(Clock.systemUTC(), null, c.secrets()));
    }
}
