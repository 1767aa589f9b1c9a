package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import dev.caretaker.cli.Main;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.demo.api.TeamsStandIn;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import dev.caretaker.web.WebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every chat channel and the templated webhook, each refused by its service for a wrong credential: the service's own
 * words are the message's last error in {@code caretaker notify status} (text and JSON) and in the API's outbox, and the
 * webhook URL's token (or the header's) is in none of them, nor in a log line.
 */
@ExtendWith(TestDatabases.class)
class ChatSecretsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEAMS_SIG = "sigWrongTeamsWorkflow0123456789abcdef";
    static final String DISCORD_TOKEN = "dWrongDiscordToken0123456789abcdefXYZ";
    static final String GOOGLE_TOKEN = "gWrongGoogleChatToken0123456789abcd";
    static final String MATTERMOST_KEY = "mWrongMattermostKey012345678";
    static final String ROCKET_TOKEN = "rWrongRocketChatToken0123456789abcd";
    static final String HOOK_TOKEN = "hookWrongBearerToken0123456789";
    static final List<String> SECRETS = List.of(TEAMS_SIG, DISCORD_TOKEN, GOOGLE_TOKEN, MATTERMOST_KEY, ROCKET_TOKEN, HOOK_TOKEN);

    @TempDir
    Path dir;

    @Test
    void a_refusal_shows_the_services_words_and_never_the_webhooks_token(TestDatabase db, Store store) throws Exception {
        try (TeamsStandIn teams = new TeamsStandIn("sigRightTeamsWorkflow0123456789abcdef");
             ChatStandIns.Discord discord = new ChatStandIns.Discord("1172000000000000001", "dRightDiscordToken0123456789abcdefXYZ");
             ChatStandIns.GoogleChat google = new ChatStandIns.GoogleChat("AIzaSyCaretakerKey0123456789", "gRightGoogleChatToken0123456789abcd");
             ChatStandIns.Mattermost mattermost = new ChatStandIns.Mattermost("mRightMattermostKey012345678");
             ChatStandIns.RocketChat rocket = new ChatStandIns.RocketChat("rIntegrationId0001", "rRightRocketChatToken0123456789abcd");
             Receiver hook = new Receiver(401)) {
            hook.answer = "{\"error\": \"invalid bearer token\"}";
            String system = "secrets-" + db.name();
            Path file = dir.resolve("caretaker.yml");
            Files.writeString(file, """
                    system: %s
                    store: {url: "${STORE_URL}", user: "${STORE_USER}", password: "${STORE_PASSWORD}", home: "${STORE_HOME}"}
                    checks:
                      gateway: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      wait: 5s
                      channels:
                        teams: {type: teams, webhook: "%s"}
                        discord: {type: discord, webhook: "%s"}
                        google: {type: google-chat, webhook: "%s"}
                        mattermost: {type: mattermost, webhook: "%s"}
                        rocket: {type: rocketchat, webhook: "%s"}
                        hook:
                          type: webhook
                          url: "%s"
                          headers: {Authorization: "Bearer %s"}
                          template: '{"text": "{{incident.title}}"}'
                      routes:
                        - {channels: [teams, discord, google, mattermost, rocket, hook]}
                    """.formatted(system, teams.webhookUrl().replace(teams.webhookUrl().substring(teams.webhookUrl().indexOf("sig=") + 4), TEAMS_SIG),
                    discord.webhook(DISCORD_TOKEN), google.webhook(GOOGLE_TOKEN), mattermost.webhook(MATTERMOST_KEY), rocket.webhook(ROCKET_TOKEN),
                    hook.url("/alerts"), HOOK_TOKEN));
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("STORE_URL", TestPostgres.server().jdbcUrl(db.name()));
            env.put("STORE_USER", dev.caretaker.store.EmbeddedPostgres.SUPERUSER);
            env.put("STORE_PASSWORD", TestPostgres.server().password());
            env.put("STORE_HOME", TestPostgres.HOME.toString());

            List<String> outputs = new ArrayList<>();
            List<String> logs = logged(() -> {
                outputs.add(cli(env, "check", "-c", file.toString()));
                outputs.add(cli(env, "notify", "flush", "-c", file.toString()));
                outputs.add(cli(env, "notify", "status", "-c", file.toString()));
                outputs.add(cli(env, "notify", "status", "-c", file.toString(), "--format", "json"));
            });
            assertThat(teams.seen()).as("each service was asked").hasSizeGreaterThanOrEqualTo(1);
            assertThat(hook.requests).isNotEmpty();
            String status = outputs.get(2);
            assertThat(status).contains("The provided authorization signature for the request to the workflow trigger is not valid.")
                    .contains("discord answered 401").contains("Invalid Webhook Token")
                    .contains("google-chat answered 401").contains("Request had invalid authentication credentials.")
                    .contains("mattermost answered 400").contains("Invalid webhook.")
                    .contains("rocketchat answered 404").contains("Invalid integration id or token provided.")
                    .contains("webhook answered 401").contains("invalid bearer token");
            JsonNode json = JSON.readTree(outputs.get(3));
            assertThat(json.get("messages").findValuesAsText("channel")).contains("teams", "discord", "google", "mattermost", "rocket", "hook");
            assertThat(json.get("messages").findValuesAsText("last_error")).allSatisfy(e -> assertThat(e).contains("answered"));

            CaretakerConfig config = Engine.configLoader(env).read(file);
            SettableClock clock = new SettableClock(Instant.now());
            Server server = new Server(store, config, c -> Engine.builder(c, store).clock(clock).signingKey(dev.caretaker.Pipeline.KEY).build(),
                    Server.Options.defaults("secrets"), clock);
            try (WebServer web = new WebServer(server, clock)) {
                String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
                Users users = WebServer.users(server, clock);
                users.add("vera", Role.VIEWER, null, "test");
                String token = users.createToken("vera", "", null, "test").secret();
                HttpResponse<String> outbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/outbox"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(outbox.statusCode()).isEqualTo(200);
                assertThat(outbox.body()).contains("Invalid Webhook Token").contains("Invalid integration id or token provided.");
                outputs.add(outbox.body());
            }
            outputs.addAll(logs);
            assertThat(logs).as("the refusals are logged").anySatisfy(l -> assertThat(l).contains("could not deliver"));
            for (String secret : SECRETS) {
                assertThat(outputs).as("no output holds " + secret).allSatisfy(o -> assertThat(o).doesNotContain(secret));
            }
        }
    }

    private static String cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return out + "\n" + err;
    }

    /** Runs {@code r} with Caretaker's logs captured at debug level; returns every line, with its stack trace. */
    private static List<String> logged(Runnable r) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger caretaker = context.getLogger("dev.caretaker");
        Level level = caretaker.getLevel();
        root.addAppender(seen);
        caretaker.setLevel(Level.DEBUG);
        try {
            r.run();
        } finally {
            caretaker.setLevel(level);
            root.detachAppender(seen);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(seen.list)) {
            lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        return lines;
    }
}
