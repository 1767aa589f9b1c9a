package dev.caretaker.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key Caretaker signs approval requests and the audit log with (HMAC-SHA256). It never lives in the store, so write
 * access to the store is not enough to forge a request or re-chain the log: it comes from {@code CARETAKER_SECRET_KEY}, or
 * from {@code secret.key} under Caretaker's home (created on first use, mode 600; a file others can read is refused).
 * Every node of one store needs the same key.
 */
public final class SigningKey {
    public static final String ENVIRONMENT_VARIABLE = "CARETAKER_SECRET_KEY";
    public static final String FILE_NAME = "secret.key";
    /** The shortest key accepted: 32 characters (e.g. {@code openssl rand -hex 32} gives 64). */
    public static final int MIN_LENGTH = 32;

    private final byte[] key;
    private final String source;

    private SigningKey(byte[] key, String source) {
        this.key = key;
        this.source = source;
    }

    /** A key from text (tests, and the environment variable). */
    public static SigningKey of(String text, String source) {
        if (text.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(source + " holds " + text.strip().length() + " characters; a signing key needs at least "
                    + MIN_LENGTH + " (make one with: openssl rand -hex 32)");
        }
        return new SigningKey(text.strip().getBytes(StandardCharsets.UTF_8), source);
    }

    /** The key of this environment: the variable when set, else the file under {@code home}, created when missing. */
    public static SigningKey load(Map<String, String> environment, Path home) {
        String fromEnv = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return of(fromEnv, ENVIRONMENT_VARIABLE);
        }
        Path file = home.resolve(FILE_NAME).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            checkPermissions(file);
            return of(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create Caretaker's signing key " + file + ": " + e.getMessage()
                    + "; make its folder writable, or set " + ENVIRONMENT_VARIABLE, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path tmp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix(file.getParent())) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE); // never replaces: another process may have made it first
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        for (PosixFilePermission bad : Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE)) {
            if (p.contains(bad)) {
                throw new IllegalStateException("Caretaker's signing key " + file + " can be read or written by others (mode "
                        + PosixFilePermissions.toString(p) + "); run: chmod 600 " + file);
            }
        }
    }

    private static boolean posix(Path p) throws IOException {
        return Files.getFileStore(p).supportsFileAttributeView("posix");
    }

    /** Where the key came from (the variable's name or the file), for messages; never the key. */
    public String source() {
        return source;
    }

    /** HMAC-SHA256 of {@code text}, hex. */
    public String mac(String text) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code mac} is this key's MAC of {@code text}, compared in constant time. */
    public boolean verify(String text, String mac) {
        return mac != null && MessageDigest.isEqual(mac(text).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code payload} with its MAC for {@code purpose} after a dot: a value (a cookie's) only this key could have made. */
    public String seal(String purpose, String payload) {
        return payload + "." + mac(purpose + payload);
    }

    /** The payload of a value {@link #seal} made for {@code purpose}, or empty when it is missing, too long or not this key's. */
    public java.util.Optional<String> unseal(String purpose, String sealed, int maxLength) {
        int dot = sealed == null || sealed.length() > maxLength ? -1 : sealed.lastIndexOf('.');
        if (dot < 0 || !verify(purpose + sealed.substring(0, dot), sealed.substring(dot + 1))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(sealed.substring(0, dot));
    }

    /** A short public fingerprint, so nodes can tell whether they hold the same key without showing it. */
    public String fingerprint() {
        return mac("caretaker signing key fingerprint").substring(0, 16);
    }

    @Override
    public String toString() {
        return "SigningKey[" + source + ", fingerprint " + fingerprint() + "]";
    }
}
