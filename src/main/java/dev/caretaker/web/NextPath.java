package dev.caretaker.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where to go after login: only a path on this server. The value is percent-decoded (repeatedly, as a client might) and
 * stripped of control characters before it is judged, so {@code /%09/host} (a tab a browser drops, leaving
 * {@code //host}), {@code //host}, {@code /\host}, {@code /%2F%2Fhost} and {@code https://x} all go to the overview.
 */
final class NextPath {
    /** A path after login is at most this long. */
    static final int MAX = 300;

    private NextPath() {
    }

    static String safe(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX) {
            return "/";
        }
        String s = next;
        for (int i = 0; i < 3; i++) {
            String decoded = decode(s);
            if (decoded == null) {
                return "/";
            }
            s = decoded.replaceAll("\\p{Cntrl}|\\p{Cf}", "");
        }
        // a path of this server's own: one leading slash, then no backslash, no second slash at once, no scheme, plain characters
        // (a % left after three rounds of decoding is refused too)
        return s.startsWith("/") && !s.startsWith("//") && !s.contains("\\") && s.matches("/[A-Za-z0-9._~!$&'()*+,;=:@/?-]*")
                ? s : "/";
    }

    /** Percent-decodes {@code s} as UTF-8 ({@code +} stays a plus); null when it is malformed. */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '%') {
                out.write(in[i]);
                continue;
            }
            if (i + 2 >= in.length) {
                return null;
            }
            int hi = Character.digit(in[i + 1], 16);
            int lo = Character.digit(in[i + 2], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
