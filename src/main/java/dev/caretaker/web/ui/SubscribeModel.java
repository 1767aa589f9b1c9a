package dev.caretaker.web.ui;

import java.util.List;

/**
 * The status page's small subscription pages: sign-up form, its answer, a confirmation, the unsubscribe button. {@code form}
 * is {@code signup}, {@code unsubscribe} or empty; {@code subscriber} and {@code token} are the unsubscribe link's, sent back
 * by its button. Nothing a visitor typed is shown back.
 */
public record SubscribeModel(String title, String heading, List<String> lines, String form, String subscriber, String token) {
    public static SubscribeModel message(String title, String heading, String... lines) {
        return new SubscribeModel(title, heading, List.of(lines), "", "", "");
    }
}
