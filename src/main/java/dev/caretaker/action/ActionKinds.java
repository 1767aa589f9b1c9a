package dev.caretaker.action;

import dev.caretaker.action.kinds.HttpAction;
import dev.caretaker.action.kinds.MarkIntegration;
import dev.caretaker.action.kinds.Reindex;
import dev.caretaker.action.kinds.Retention;
import dev.caretaker.action.kinds.SignalBackend;
import dev.caretaker.action.kinds.SqlAction;
import dev.caretaker.action.kinds.Vacuum;
import dev.caretaker.config.ActionConfig;
import java.util.List;

/** Every kind of action Caretaker knows; a new kind is one class under {@code kinds/} and one line here. */
public final class ActionKinds {
    public static final List<ActionKind> ALL = List.of(new SqlAction(), new HttpAction(), new MarkIntegration(), new Vacuum(),
            new Reindex(), SignalBackend.CANCEL, SignalBackend.TERMINATE, new Retention());

    private ActionKinds() {
    }

    /** The kind of a configured action. */
    public static ActionKind of(ActionConfig a) {
        if (a.type() instanceof ActionKind k) {
            return k;
        }
        throw new IllegalStateException("action '" + a.name() + "' was read with type " + a.typeName() + ", which is not a kind Caretaker runs");
    }
}
