package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.SourceType;
import java.util.List;

/** A source of a check family ({@link SourceType}) with the check it makes: one class, listed in its family's kind. */
public interface CheckSource extends SourceType {
    Check create(CheckConfig config);

    /** The measurements its checks record besides the family's. */
    default List<Metric> metrics() {
        return List.of();
    }
}
