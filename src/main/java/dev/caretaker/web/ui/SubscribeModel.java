package dev.caretaker.web.ui;

import java.util.List;

/**
 * The status page's small subscription pages: sign-up form, its answer, the confirm and unsubscribe buttons. {@code form}
 * is {@code signup}, {@code confirm}, {@code unsubscribe} or empty; {@code subscriber}, {@code token} and {@code expires} are the
 * mailed link's, sent back by its button. Nothing a visitor typed is shown back.
 */
public record SubscribeModel(String title, String heading, List<String> lines, String form, String subscriber, String token, String expires) {
    public static SubscribeModel message(String title, String heading, String... lines) {
        return new SubscribeModel(title, heading, List.of(lines), "", "", "", "");
    }
}
