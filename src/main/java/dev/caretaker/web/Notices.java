package dev.caretaker.web;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ChecklistConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one-line notices a page shows after a form. The redirect carries a code ({@code ?notice=approved&id=12}), never a
 * text: a page shows only the text the code stands for, with a number and, for a ticked item, the title the config gives it.
 * An unknown code shows nothing, so no link can put words of its own into a page.
 */
enum Notices {
    ACKNOWLEDGED("acknowledged", "Acknowledged."),
    ALREADY_ACKNOWLEDGED("already-acknowledged", "It was already acknowledged; nothing changed."),
    RESOLVED("resolved", "Resolved. It re-opens if the condition is still there at the next run."),
    IGNORED("ignored", "Ignored under exemption #%d: resolved, and it does not open again until the exemption ends or is removed."),
    ALREADY_IGNORED("already-ignored", "Already ignored under exemption #%d; nothing changed. To change its reason or end, remove it "
            + "(caretaker incidents unignore, or DELETE /api/v1/exemptions/ID) and ignore the incident again."),
    IGNORE_REASON_NEEDED("ignore-reason-needed", "Ignoring needs a reason, so the next person knows why."),
    REASON_NEEDED("reason-needed", "A rejection needs a reason."),
    REJECTED("rejected", "Request #%d rejected."),
    APPROVED("approved", "Approved #%d; the list below shows what it did."),
    ALREADY_DECIDED("already-decided", "Request #%d was already decided or has expired; nothing ran."),
    NOT_RUN("not-run", "Not run: request #%d was refused; the list below shows why."),
    OVERRIDDEN("overridden", "Override #%d set; the card shows who is on call now."),
    POSTED("posted", "Post #%d is on the status page."),
    POST_UPDATED("post-updated", "Update added to post #%d; the status page shows it."),
    OVERRIDE_REMOVED("override-removed", "Override #%d removed; the rotation says again who is on call for its time."),
    TICKED("ticked", "Ticked: %s."),
    ALREADY_TICKED("already-ticked", "It was already ticked; nothing changed."),
    TWO_FACTOR_OFF("2fa-off", "Two factors are off; a password alone logs you in now."),
    TWO_FACTOR_ALREADY_ON("2fa-already-on", "Two factors are already on."),
    NEEDS_2FA("needs-2fa", "Not done: approving and rejecting need two factors for your role here. Set them up under Two factors, then try again.");

    final String code;
    private final String text;

    Notices(String code, String text) {
        this.code = code;
        this.text = text;
    }

    /** Redirects to {@code path} with this notice; {@code id} is the record's number, or null. */
    void redirect(Context ctx, String path, Long id) {
        ctx.redirect(path + (path.contains("?") ? "&" : "?") + "notice=" + code + (id == null ? "" : "&id=" + id));
    }

    /** Redirects after a checklist item was ticked, naming the item by its checklist and place. */
    static void ticked(Context ctx, String path, String checklist, int item) {
        ctx.redirect(path + "?notice=" + TICKED.code + "&list=" + URLEncoder.encode(checklist, StandardCharsets.UTF_8) + "&item=" + item);
    }

    /** The text of the notice the query names, or null (none, or a code this server does not give out). */
    static String text(Context ctx, CaretakerConfig config) {
        String code = ctx.queryParam("notice");
        Optional<Notices> n = Arrays.stream(values()).filter(x -> x.code.equals(code)).findFirst();
        if (n.isEmpty()) {
            return null;
        }
        if (n.get() == TICKED) {
            ChecklistConfig c = config.checklists().get(ctx.queryParam("list"));
            int item = number(ctx.queryParam("item"));
            return c == null || item < 1 || item > c.items().size() ? "Ticked." : TICKED.text.formatted(stripDot(c.items().get(item - 1).title()));
        }
        if (!n.get().text.contains("%d")) {
            return n.get().text;
        }
        int id = number(ctx.queryParam("id"));
        return id < 0 ? null : n.get().text.formatted(id);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static int number(String s) {
        return s != null && s.matches("\\d{1,9}") ? Integer.parseInt(s) : -1;
    }
}
