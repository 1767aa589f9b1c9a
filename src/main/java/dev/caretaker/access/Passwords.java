package dev.caretaker.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (Bouncy Castle's, already on the class path for certificates) with OWASP's parameters (19 MiB,
 * 2 passes, 1 lane), kept in the PHC string form other tools read, so parameters raised later still verify old hashes.
 */
public final class Passwords {
    static final int MEMORY_KIB = 19 * 1024;
    static final int PASSES = 2;
    static final int LANES = 1;
    private static final int SALT = 16;
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    /** Passwords shorter than this are refused; NIST SP 800-63B's minimum for chosen passwords. */
    public static final int MIN_LENGTH = 8;

    private Passwords() {
    }

    public static String hash(char[] password) {
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, PASSES, LANES, LENGTH);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches {@code phc}; false for a hash this class cannot read. */
    public static boolean verify(char[] password, String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) {
            return false;
        }
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Refuses what is too short to be a password; the message says what to do. */
    public static void checkStrength(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
        }
    }

    /** A password of 20 random characters from an unambiguous alphabet, for a demo's or a new user's first login. */
    public static char[] generate() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return out;
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(passes).withParallelism(lanes).build());
        byte[] out = new byte[length];
        byte[] utf8 = new String(password).getBytes(StandardCharsets.UTF_8);
        gen.generateBytes(utf8, out);
        java.util.Arrays.fill(utf8, (byte) 0);
        return out;
    }
}
