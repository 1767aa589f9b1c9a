package dev.caretaker.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config file that cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().sorted().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = problems.stream().sorted().toList();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
