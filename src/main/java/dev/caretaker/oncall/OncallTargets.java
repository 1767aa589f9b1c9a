package dev.caretaker.oncall;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.OncallConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Resolves a route's {@code oncall:SCHEDULE} to the channels of whoever is on call at the moment the message is written
 * (overrides read in the caller's transaction); other channel names stay as they are. Nobody on call: nothing for it.
 */
public final class OncallTargets {
    private OncallTargets() {
    }

    public static List<String> expand(Handle h, CaretakerConfig config, List<String> targets, Instant now) {
        if (targets.stream().noneMatch(t -> t.startsWith(OncallConfig.ROUTE_PREFIX))) {
            return targets;
        }
        List<OncallOverride> overrides = Overrides.overlapping(h, config.system(), now, now.plusNanos(1000));
        Set<String> out = new LinkedHashSet<>();
        for (String t : targets) {
            if (!t.startsWith(OncallConfig.ROUTE_PREFIX)) {
                out.add(t);
                continue;
            }
            OncallConfig.Schedule s = config.oncall().schedules().get(t.substring(OncallConfig.ROUTE_PREFIX.length()));
            if (s == null) {
                continue;
            }
            new Rotation(s, overrides).who(now).map(config.oncall().people()::get).ifPresent(p -> out.addAll(p.channels()));
        }
        return new ArrayList<>(out);
    }
}
