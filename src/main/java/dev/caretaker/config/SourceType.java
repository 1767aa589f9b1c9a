package dev.caretaker.config;

import java.util.List;

/**
 * One place a check family reads its data from besides its default (the app's own table): {@code source: github-actions}
 * for {@code type: jobs}. It has its own keys, read instead of the family's, and makes a config whose {@code kind} is the
 * family, so rules, incidents and reports see a check of that family. The check package adds how to make the check.
 */
public interface SourceType {
    /** The value of {@code source:} that names it. */
    String name();

    /** Its keys besides the keys every check has and {@code source} itself. */
    List<String> keys();

    /** Reads its keys into the config of a check of {@code family}; problems go to {@code s}. */
    CheckConfig read(Section s, CheckType.Draft draft, CheckType family);

    /** A config read by a source: which one, so the check it makes is that source's. */
    interface Sourced extends CheckConfig {
        SourceType source();
    }
}
