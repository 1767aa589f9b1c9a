package dev.caretaker.notify.channels;

/**
 * The length of one SMS segment: 160 characters when the text is all in the GSM 03.38 basic alphabet, else 70 (UCS-2).
 * Typographic dashes, quotes and ellipses become their GSM look-alikes first, so one em dash does not halve the room.
 */
final class Sms {
    static final int GSM = 160;
    static final int UCS2 = 70;
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private Sms() {
    }

    /** {@code text} with dashes, curly quotes, the ellipsis and the middle dot written in GSM characters. */
    static String plain(String text) {
        return text.replace('—', '-').replace('–', '-').replace('‘', '\'').replace('’', '\'').replace('“', '"').replace('”', '"')
                .replace("…", "...").replace('·', '-');
    }

    static boolean gsm(String text) {
        return text.chars().allMatch(c -> BASIC.indexOf(c) >= 0);
    }

    /** How many characters one segment holds for {@code text}. */
    static int segment(String text) {
        return gsm(plain(text)) ? GSM : UCS2;
    }

    /** {@code text} cut to {@code max} characters, ending in "..." when cut. */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 3)) + "...";
    }
}
