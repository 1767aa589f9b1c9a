package dev.caretaker.web;

import dev.caretaker.config.IgnoreRule;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.ExemptionDesk;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * The incident page's "Ignore" form: a reason (required) and an optional end (a date, a date and time, or a duration from
 * now). The incident resolves as ignored and the page says which exemption holds it; bad input answers 400 in words.
 */
final class IgnoreForm {
    private IgnoreForm() {
    }

    static void submit(Context ctx, Engine engine, long id, String by) {
        String reason = ctx.formParam("reason");
        if (reason == null || reason.isBlank()) {
            Notices.IGNORE_REASON_NEEDED.redirect(ctx, "/incidents/" + id, null);
            return;
        }
        String until = ctx.formParam("until");
        Instant end;
        ExemptionDesk.Ignoring done;
        try {
            end = until == null || until.isBlank() ? null : IgnoreRule.until(until, engine.config().timezone(), engine.clock().instant());
            done = engine.exemptions().ignore(id, reason, end, by);
        } catch (ExemptionDesk.AlreadyIgnored e) {
            Notices.ALREADY_IGNORED.redirect(ctx, "/incidents/" + id, e.exemption().id());
            return;
        } catch (IllegalArgumentException e) {
            throw new Dashboard.Refusal(400, "Not ignored: " + e.getMessage() + ". Go back and correct it.");
        }
        Notices.IGNORED.redirect(ctx, "/incidents/" + id, done.exemption().id());
    }
}
