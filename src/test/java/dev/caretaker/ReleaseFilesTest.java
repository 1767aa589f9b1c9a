package dev.caretaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The release's files agree with each other: the packaged config, the systemd unit, the tarball's layout (as its assembly
 * descriptor makes it), the .deb's paths (as the pom's jdeb data sets make them), the Dockerfile and the compose file.
 * No container runtime runs here, so this is what keeps the Dockerfile and compose.yaml from drifting silently; the
 * archives themselves are installed and run by scripts/test-package.
 */
class ReleaseFilesTest {
    private static final Path PACKAGED_CONFIG = Path.of("src/dist/etc/caretaker.yml");
    private static final Path UNIT = Path.of("src/dist/systemd/caretaker.service");

    @Test
    void the_packaged_config_is_valid_as_it_is_and_keeps_its_store_in_the_services_home() {
        CaretakerConfig config = Engine.configLoader(Map.of()).read(PACKAGED_CONFIG);
        assertThat(config.store().embedded()).isTrue();
        assertThat(config.store().home()).isEqualTo(Path.of("/var/lib/caretaker"));
        assertThat(config.suites()).isNotEmpty();
    }

    @Test
    void the_unit_runs_the_server_on_the_packaged_config_as_the_user_caretaker() throws IOException {
        Map<String, String> unit = unitSettings();
        assertThat(unit.get("ExecStart")).startsWith("/usr/bin/caretaker run -c /etc/caretaker/caretaker.yml");
        assertThat(unit.get("ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(unit).containsEntry("User", "caretaker").containsEntry("Restart", "on-failure")
                .containsEntry("ReadWritePaths", "/var/lib/caretaker").containsEntry("WorkingDirectory", "/var/lib/caretaker")
                .containsEntry("ProtectSystem", "strict").containsEntry("NoNewPrivileges", "yes")
                .containsEntry("Type", "notify").containsEntry("WatchdogSec", "60")
                .containsEntry("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6 AF_NETLINK");
        assertThat(unit.get("Environment")).isEqualTo("CARETAKER_HOME=/var/lib/caretaker");
    }

    @Test
    void the_deb_installs_what_the_unit_and_the_launcher_expect() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<linkName>/usr/bin/caretaker</linkName><linkTarget>../share/caretaker/bin/caretaker</linkTarget>",
                "<prefix>/usr/share/caretaker/lib</prefix>", "<prefix>/usr/share/caretaker/bin</prefix>",
                "<prefix>/lib/systemd/system</prefix>");
        assertThat(pom).containsPattern("src/dist/etc/caretaker.yml</src><type>file</type><conffile>true</conffile>\\s*"
                + "<mapper><type>perm</type><prefix>/etc/caretaker</prefix>");
        // the launcher finds its jar at ../lib/caretaker.jar from its own (resolved) folder, in the .deb and the tarball
        assertThat(Files.readString(Path.of("src/dist/bin/caretaker"))).contains("/lib/caretaker.jar\"", "readlink -f");
        assertThat(Files.readString(Path.of("src/deb/control/control"))).containsPattern("(?m)^Depends: .*java17-runtime-headless.*, adduser$");
    }

    @Test
    void the_dockerfile_uses_only_what_the_tarball_holds() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String descriptor = Files.readString(Path.of("src/assembly/tarball.xml"));
        assertThat(descriptor).contains("<baseDirectory>caretaker-${project.version}</baseDirectory>");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>caretaker-${project.version}</finalName>");
        // ADD target/caretaker-*.tar.gz /opt/ : the tarball the build names so, unpacked to /opt/caretaker-VERSION/
        assertThat(dockerfile).contains("ADD target/caretaker-*.tar.gz /opt/", "ln -s \"$1\" /opt/caretaker");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("!target/caretaker-*.tar.gz");
        List<String> used = new ArrayList<>();
        Matcher m = Pattern.compile("/opt/caretaker/([a-z/.]+)").matcher(dockerfile);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("bin/caretaker", "etc/caretaker.yml");
        List<String> shipped = tarballPaths(descriptor);
        assertThat(used).allSatisfy(p -> assertThat(shipped).as("the tarball holds " + p).contains(p));
        String instructions = dockerfile.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        assertThat(instructions).as("the image has neither curl nor wget to count on")
                .contains("HEALTHCHECK", "/healthz", "USER caretaker", "\"--bind\", \"0.0.0.0\"").doesNotContain("curl", "wget");
    }

    @Test
    void the_compose_file_runs_caretaker_on_postgres_17_with_a_config_that_validates() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(map(services.get("store")).get("image")).isEqualTo("postgres:17");
        Map<String, Object> caretaker = map(services.get("caretaker"));
        assertThat(caretaker.get("build")).isEqualTo(".");
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) caretaker.get("volumes");
        String mount = volumes.stream().filter(v -> v.contains(":/etc/caretaker/caretaker.yml")).findFirst().orElseThrow();
        Path config = Path.of(mount.substring(0, mount.indexOf(':')));
        assertThat(config).isRegularFile();
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("\"-c\", \"/etc/caretaker/caretaker.yml\"");

        // the config with the environment compose gives the container (a placeholder for what .env brings)
        Map<String, String> env = new HashMap<>();
        map(caretaker.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v).replaceAll("\\$\\{[^}]*}", "from-dot-env")));
        CaretakerConfig c = Engine.configLoader(env).read(config);
        assertThat(c.store().embedded()).isFalse();
        assertThat(c.store().url().orElseThrow()).contains("//store:5432/caretaker");
        assertThat(c.store().password()).isEqualTo("from-dot-env");
        Map<String, Object> storeEnv = map(map(services.get("store")).get("environment"));
        assertThat(storeEnv).containsEntry("POSTGRES_DB", "caretaker").containsEntry("POSTGRES_USER", c.store().user());
        assertThat(String.valueOf(storeEnv.get("POSTGRES_PASSWORD"))).startsWith("${CARETAKER_STORE_PASSWORD");
    }

    /** The paths under the top folder that the assembly descriptor's files and file sets write. */
    private static List<String> tarballPaths(String descriptor) {
        List<String> paths = new ArrayList<>();
        Matcher m = Pattern.compile("<file><source>([^<]+)</source><outputDirectory>([^<]*)</outputDirectory>").matcher(descriptor);
        while (m.find()) {
            String name = m.group(1).substring(m.group(1).lastIndexOf('/') + 1);
            paths.add(m.group(2).isEmpty() ? name : m.group(2) + "/" + name);
        }
        return paths;
    }

    private static Map<String, String> unitSettings() throws IOException {
        Map<String, String> settings = new HashMap<>();
        for (String line : Files.readAllLines(UNIT)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && !line.startsWith("[") && eq > 0) {
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return settings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
