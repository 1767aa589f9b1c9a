package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;

/** A check made from its config: name and type come from there. */
public abstract class ConfiguredCheck<C extends CheckConfig> implements Check {
    protected final C config;

    protected ConfiguredCheck(C config) {
        this.config = config;
    }

    @Override
    public final String name() {
        return config.name();
    }

    @Override
    public final String type() {
        return config.type();
    }
}
