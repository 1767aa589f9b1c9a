package dev.caretaker;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import java.util.List;

/** Picks findings out of a result by code. */
public final class Findings {
    private Findings() {
    }

    public static List<Finding> of(CheckResult r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).toList();
    }

    public static Finding one(CheckResult r, String code) {
        List<Finding> found = of(r, code);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + code + " finding, got " + found.size() + ": " + r.findings()
                    + (r.error() == null ? "" : " (error: " + r.error() + ")"));
        }
        return found.get(0);
    }
}
