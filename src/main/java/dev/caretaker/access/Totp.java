package dev.caretaker.access;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them and every authenticator app reads them: HMAC-SHA1 over the
 * number of 30-second steps since the Unix epoch, truncated as RFC 4226 section 5.3 says, six digits. A secret is 160 random
 * bits (the length RFC 4226 section 4 recommends), written in base32 without padding as Google Authenticator's
 * Key-Uri-Format asks. A code is accepted for the current step and the one before and after (clock skew), and never for a
 * step at or before the last one accepted, so a code works once.
 */
public final class Totp {
    /** Seconds per step (RFC 6238's X). */
    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 6;
    /** Steps accepted either side of the current one. */
    public static final int SKEW = 1;
    /** The issuer the authenticator app shows. */
    public static final String ISSUER = "Caretaker";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    /** A new secret: 20 random bytes in base32 (32 characters). */
    public static String newSecret() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return base32(b);
    }

    /** The 30-second step {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of {@code step} with {@code digits} digits, zero-padded (RFC 4226 section 5.3's truncation). */
    public static String code(byte[] key, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = (h[offset] & 0x7f) << 24 | (h[offset + 1] & 0xff) << 16 | (h[offset + 2] & 0xff) << 8 | h[offset + 3] & 0xff;
            int otp = binary % (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", otp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The six-digit code of a base32 secret at {@code at}. */
    public static String code(String secret, Instant at) {
        return code(unbase32(secret), step(at), DIGITS);
    }

    /**
     * The step whose code {@code typed} is, among the current one ±{@link #SKEW}, and only if it is after {@code lastStep}
     * (null: none used yet); empty when the code is wrong, or was already used. Spaces in what was typed are ignored.
     */
    public static OptionalLong accepts(String secret, String typed, Instant now, Long lastStep) {
        String code = typed == null ? "" : typed.replace(" ", "");
        if (!code.matches("\\d{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        byte[] key = unbase32(secret);
        long current = step(now);
        for (long s = current - SKEW; s <= current + SKEW; s++) {
            boolean same = MessageDigest.isEqual(code(key, s, DIGITS).getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII));
            if (same && (lastStep == null || s > lastStep)) {
                return OptionalLong.of(s);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The {@code otpauth://} URI an authenticator app scans (Google Authenticator's Key-Uri-Format): label
     * {@code Caretaker:USER}, the secret, and the issuer again as a parameter.
     */
    public static String uri(String user, String secret) {
        return "otpauth://totp/" + enc(ISSUER) + ":" + enc(user) + "?secret=" + secret + "&issuer=" + enc(ISSUER);
    }

    /**
     * As above, the account named {@code USER (PLACE)}, e.g. the system the dashboard serves, so that the entries of two
     * installations in one authenticator app can be told apart.
     */
    public static String uri(String user, String place, String secret) {
        return uri(place == null || place.isBlank() ? user : user + " (" + place + ")", secret);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 4648 base32, upper case, without padding. */
    public static String base32(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt(buffer >> bits - 5 & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt(buffer << 5 - bits & 31));
        }
        return out.toString();
    }

    /** Decodes base32 (either case; spaces and padding ignored). */
    public static byte[] unbase32(String text) {
        String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            int v = ALPHABET.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a base32 character");
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> bits - 8));
                bits -= 8;
            }
        }
        return out.array();
    }
}
