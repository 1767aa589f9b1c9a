package dev.caretaker.web;

import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.engine.SubscriptionDesk;
import dev.caretaker.schedule.Server;
import dev.caretaker.web.ui.SubscribeModel;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/**
 * The status page's public subscription routes: {@code GET/POST /status/subscribe} (sign up by email; the answer is the
 * same whether the address was known or not, and sign-ups are limited per client address), {@code GET /status/confirm} (the
 * mailed, signed link: a changed, forged or expired one is refused), and {@code GET/POST /status/unsubscribe} (a button, so a
 * link scanner that opens the link unsubscribes no one; the POST is RFC 8058's one-click). No page shows what a visitor typed.
 */
public final class StatusSubscriptions {
    private final Server server;
    private final KeyedLimiter limiter;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    public StatusSubscriptions(Server server, Clock clock) {
        this.server = server;
        this.limiter = new KeyedLimiter(clock);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/status/subscribe", ctx -> {
            offered();
            page(ctx, 200, new SubscribeModel(title(), "Subscribe to updates", List.of("Get an email when an incident is posted, updated "
                    + "or resolved, and when maintenance starts and ends. You confirm by a link we mail you; every mail has a link to "
                    + "unsubscribe."), "signup", "", "", ""));
        });
        config.routes.post("/status/subscribe", this::signUp);
        config.routes.get("/status/confirm", ctx -> confirm(ctx, false));
        config.routes.post("/status/confirm", ctx -> confirm(ctx, true));
        config.routes.get("/status/unsubscribe", this::unsubscribePage);
        config.routes.post("/status/unsubscribe", this::unsubscribe);
    }

    private SubscriptionDesk desk() {
        return server.engine().subscriptions();
    }

    private StatusPageConfig page() {
        StatusPageConfig sp = server.config().statusPage();
        if (!sp.enabled()) {
            throw new Dashboard.Refusal(404, "No status page: this server's config has no status_page.");
        }
        return sp;
    }

    private String title() {
        return page().title();
    }

    private void offered() {
        if (!page().subscriptions().email()) {
            throw new Dashboard.Refusal(404, "This status page offers no email subscriptions.");
        }
    }

    private void signUp(Context ctx) {
        offered();
        String client = ClientAddress.of(ctx.ip(), ctx.header("X-Forwarded-For"), server.config().auth());
        long wait = limiter.take(client, new dev.caretaker.config.Rate(page().subscriptions().signupLimit(), java.time.Duration.ofHours(1)));
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            page(ctx, 429, SubscribeModel.message(title(), "Too many sign-ups", "Too many sign-ups came from your address lately. "
                    + "Please try again later."));
            return;
        }
        try {
            desk().signUp(ctx.formParam("email"));
        } catch (IllegalArgumentException e) {
            page(ctx, 400, new SubscribeModel(title(), "Subscribe to updates", List.of("That is not an email address. Write it as "
                    + "name@example.com."), "signup", "", "", ""));
            return;
        }
        page(ctx, 200, SubscribeModel.message(title(), "Check your inbox", "If the address can receive mail, a message with a "
                + "confirmation link is on its way. Open the link within 48 hours to start getting updates; without it, nothing more "
                + "is sent to the address."));
    }

    /**
     * The confirmation link: opened ({@code act} false) it shows a button, so a mail scanner that opens links confirms no one;
     * the button's POST ({@code act}) confirms. A changed, forged or expired link is refused either way.
     */
    private void confirm(Context ctx, boolean act) {
        page();
        Long id = number(either(ctx, "s"));
        Long expires = number(either(ctx, "e"));
        String token = either(ctx, "t");
        if (id == null || expires == null || token == null) {
            page(ctx, 400, SubscribeModel.message(title(), "Incomplete link", "This confirmation link is incomplete. Copy the whole link "
                    + "from the mail, or sign up again."));
            return;
        }
        SubscriptionDesk.Confirmed verdict = desk().confirm(id, expires, token, act);
        if (!act && verdict == SubscriptionDesk.Confirmed.CONFIRMED) {
            page(ctx, 200, new SubscribeModel(title(), "Confirm your subscription", List.of("Get an email from this status page when an "
                    + "incident is posted, updated or resolved, and when maintenance starts and ends?"), "confirm", String.valueOf(id),
                    token, String.valueOf(expires)));
            return;
        }
        switch (verdict) {
            case CONFIRMED, ALREADY -> page(ctx, 200, SubscribeModel.message(title(), "You are subscribed", "You will get an email when "
                    + "an incident is posted, updated or resolved, and when maintenance starts and ends. Every mail has a link to "
                    + "unsubscribe."));
            case EXPIRED -> page(ctx, 403, SubscribeModel.message(title(), "This link has expired", "Confirmation links hold for 48 hours. "
                    + "Sign up again to get a new one."));
            default -> page(ctx, 403, SubscribeModel.message(title(), "This link is not valid", "This confirmation link is not one we "
                    + "sent, or it was changed. Copy the whole link from the mail, or sign up again."));
        }
    }

    private void unsubscribePage(Context ctx) {
        page();
        Long id = number(ctx.queryParam("s"));
        String token = ctx.queryParam("t");
        if (id == null || token == null) {
            page(ctx, 400, SubscribeModel.message(title(), "Incomplete link", "This unsubscribe link is incomplete. Copy the whole link "
                    + "from the mail."));
            return;
        }
        if (desk().unsubscribing(id, token).isEmpty()) {
            invalid(ctx);
            return;
        }
        page(ctx, 200, new SubscribeModel(title(), "Unsubscribe", List.of("Stop getting updates from this status page by email?"),
                "unsubscribe", String.valueOf(id), token, ""));
    }

    /** The button's POST, or a mail program's one-click POST to the link itself (RFC 8058): the link's parts in the query or the form. */
    private void unsubscribe(Context ctx) {
        page();
        Long id = number(either(ctx, "s"));
        String token = either(ctx, "t");
        if (id == null || token == null) {
            page(ctx, 400, SubscribeModel.message(title(), "Incomplete link", "This unsubscribe link is incomplete."));
            return;
        }
        if (!desk().unsubscribe(id, token)) {
            invalid(ctx);
            return;
        }
        page(ctx, 200, SubscribeModel.message(title(), "You are unsubscribed", "No more updates go to this address. You can sign up "
                + "again on the status page at any time."));
    }

    private void invalid(Context ctx) {
        page(ctx, 403, SubscribeModel.message(title(), "This link is not valid", "This unsubscribe link is not one we sent, it was changed, "
                + "or the address is unsubscribed already."));
    }

    private static String either(Context ctx, String name) {
        String q = ctx.queryParam(name);
        return q != null ? q : ctx.formParam(name);
    }

    private static Long number(String s) {
        if (s == null || !s.matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(s);
    }

    private void page(Context ctx, int status, SubscribeModel m) {
        StringOutput out = new StringOutput();
        templates.render("subscribe.jte", m, out);
        // the links carry their signature: no page of them is cached or named to another site
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").status(status)
                .contentType("text/html; charset=utf-8").result(out.toString());
    }
}
