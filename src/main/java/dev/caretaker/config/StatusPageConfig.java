package dev.caretaker.config;

import java.util.List;

/**
 * The public status page ({@code status_page:}; off when absent): a title and groups of components. A component stands for
 * checks (its status is the worst of them) or for one subject of one check (a retailer's order import: the findings of
 * that check about that subject). A matrix group is a table of such components: rows × columns, each cell the check's
 * subject made from the row and the column.
 */
public record StatusPageConfig(boolean enabled, String title, List<Group> groups, Subscriptions subscriptions) {
    public static final StatusPageConfig OFF = new StatusPageConfig(false, "", List.of());

    /** A page without {@code subscriptions:}: no email sign-up, webhooks added by admins allowed. */
    public StatusPageConfig(boolean enabled, String title, List<Group> groups) {
        this(enabled, title, groups, Subscriptions.DEFAULT);
    }

    /**
     * {@code status_page.subscriptions}: the email channel whose SMTP server and sender address send subscriber mail (none:
     * no email sign-up), the page's public address that links in mails point to, sign-ups a client address may make an hour,
     * and whether admins may add webhook subscribers.
     */
    public record Subscriptions(java.util.Optional<String> emailChannel, java.util.Optional<java.net.URI> publicUrl, int signupLimit,
                                boolean webhooks) {
        public static final int DEFAULT_SIGNUP_LIMIT = 5;
        public static final Subscriptions DEFAULT = new Subscriptions(java.util.Optional.empty(), java.util.Optional.empty(),
                DEFAULT_SIGNUP_LIMIT, true);

        /** Whether people may sign up by email on the page. */
        public boolean email() {
            return emailChannel.isPresent() && publicUrl.isPresent();
        }
    }

    /** One thing the public sees: a name, the checks behind it, and a subject of them or null for the whole checks. */
    public record Component(String name, List<String> checks, String subject) {
    }

    /** A group of components; with {@code rows} and {@code columns}, a matrix whose cells are its components, row by row. */
    public record Group(String name, List<Component> components, List<String> rows, List<String> columns) {
        public boolean matrix() {
            return !rows.isEmpty();
        }
    }
}
