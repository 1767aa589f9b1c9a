package dev.caretaker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The key that signs approvals and the audit log: never in the store, readable by its owner only, the same on every node. */
@ExtendWith(TestDatabases.class)
class SigningKeyTest {
    @TempDir
    Path home;

    @Test
    void made_on_first_use_with_mode_600_and_the_same_ever_after() throws Exception {
        SigningKey first = SigningKey.load(Map.of(), home);
        Path file = home.resolve(SigningKey.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKey.load(Map.of(), home).fingerprint()).isEqualTo(first.fingerprint());
        assertThat(first.toString()).doesNotContain(Files.readString(file).strip());
        assertThat(first.mac("x")).isNotEqualTo(SigningKey.of("another-key-of-at-least-32-characters!", "test").mac("x"));
    }

    @Test
    void a_key_file_others_can_read_or_a_short_key_is_refused_with_what_to_do() throws Exception {
        SigningKey.load(Map.of(), home);
        Path file = home.resolve(SigningKey.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SigningKey.load(Map.of(), home)).hasMessageContaining("can be read or written by others (mode rw-r--r--)")
                .hasMessageContaining("chmod 600 " + file.toAbsolutePath());
        assertThatThrownBy(() -> SigningKey.load(Map.of(SigningKey.ENVIRONMENT_VARIABLE, "short"), home))
                .hasMessageContaining("CARETAKER_SECRET_KEY holds 5 characters; a signing key needs at least 32")
                .hasMessageContaining("openssl rand -hex 32");
        SigningKey fromEnv = SigningKey.load(Map.of(SigningKey.ENVIRONMENT_VARIABLE, "k".repeat(40)), home);
        assertThat(fromEnv.source()).isEqualTo("CARETAKER_SECRET_KEY");
    }

    @Test
    void a_node_with_another_key_says_so_instead_of_calling_everything_forged(TestDatabase db, Store store) {
        CaretakerConfig config = db.config("system: shop\n");
        assertThat(Pipeline.engine(store, config, Clock.systemUTC()).build().key()).isSameAs(Pipeline.KEY);
        SigningKey other = SigningKey.of("a-second-node-with-a-different-key-0123", "CARETAKER_SECRET_KEY");
        assertThatThrownBy(() -> Pipeline.engine(store, config, Clock.systemUTC()).signingKey(other).build().key())
                .hasMessageContaining("the signing key from CARETAKER_SECRET_KEY (fingerprint " + other.fingerprint() + ")")
                .hasMessageContaining("is not the key this store's approvals and audit log are signed with (fingerprint "
                        + Pipeline.KEY.fingerprint() + ")")
                .hasMessageContaining("give every node of a store the same key");
    }
}
