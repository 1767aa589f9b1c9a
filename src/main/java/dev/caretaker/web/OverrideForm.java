package dev.caretaker.web;

import dev.caretaker.engine.Engine;
import dev.caretaker.oncall.OncallOverride;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.util.NoSuchElementException;

/**
 * The overview's "Override" form of an on-call schedule (operators): who, from and until (date-and-time inputs, in the
 * schedule's zone unless an offset is written), and the "Remove" button of each override listed. Set or removed as the
 * logged-in user and audited; bad input answers 400 in words.
 */
final class OverrideForm {
    private OverrideForm() {
    }

    static void submit(Context ctx, Engine engine, String by) {
        OncallOverride o;
        try {
            ZoneId zone = engine.oncall().schedule(ctx.pathParam("name")).zone();
            Instant from = OncallOverride.instant(FormFields.required(ctx, "from"), zone);
            Instant until = OncallOverride.instant(FormFields.required(ctx, "until"), zone);
            o = engine.oncall().override(ctx.pathParam("name"), FormFields.required(ctx, "who"), from, until, by);
        } catch (NoSuchElementException e) {
            throw new Dashboard.Refusal(404, e.getMessage() + ".");
        } catch (IllegalArgumentException e) {
            throw new Dashboard.Refusal(400, "Not set: " + e.getMessage() + ". Go back and correct it.");
        }
        Notices.OVERRIDDEN.redirect(ctx, "/", o.id());
    }

    /** The card's "Remove" button of an override: removed as the logged-in user and audited. */
    static void remove(Context ctx, Engine engine, String by) {
        long id = FormFields.id(ctx, "override");
        try {
            engine.oncall().removeOverride(ctx.pathParam("name"), id, by);
        } catch (NoSuchElementException e) {
            throw new Dashboard.Refusal(404, e.getMessage() + ".");
        } catch (IllegalArgumentException e) {
            throw new Dashboard.Refusal(400, "Not removed: " + e.getMessage() + ".");
        }
        Notices.OVERRIDE_REMOVED.redirect(ctx, "/", id);
    }
}
