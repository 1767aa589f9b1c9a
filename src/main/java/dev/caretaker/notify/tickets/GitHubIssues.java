package dev.caretaker.notify.tickets;

import dev.caretaker.config.Section;
import dev.caretaker.config.TicketSettings;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code provider: github}: POST /repos/{repo}/issues (labels caretaker and the priority), comments, state closed. */
public final class GitHubIssues implements TicketProvider {
    public static final URI DEFAULT_API = URI.create("https://api.github.com");
    private static final TicketApi API = new TicketApi("GitHub");

    /** The API, the repository (owner/name) and the token (a secret). */
    public record Settings(URI apiUrl, String repo, String token) implements TicketSettings {
    }

    @Override
    public String name() {
        return "github";
    }

    @Override
    public List<String> keys() {
        return List.of("api_url", "repo", "token");
    }

    @Override
    public TicketSettings read(Section s) {
        TicketApi.require(s, name(), "repo", "token");
        String repo = s.string("repo", null);
        if (repo != null && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            s.problem("repo", "'" + repo + "' is not a repository; write OWNER/NAME, e.g. acme/app");
        }
        String token = s.string("token", null);
        s.secret(token);
        return new Settings(TicketApi.base(s, "api_url", DEFAULT_API), repo, token);
    }

    private static JsonSender.Headers headers(Settings c) {
        return new JsonSender.Headers(Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"),
                Map.of("Authorization", "Bearer " + c.token()));
    }

    private static URI url(Settings c, String path) {
        return URI.create(c.apiUrl() + "/repos/" + c.repo() + path);
    }

    @Override
    public String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        var answer = API.call("POST", url(c, "/issues"), headers(c),
                Map.of("title", subject, "body", description, "labels", List.of("caretaker", priority)), deadline);
        return API.field(answer, "number");
    }

    @Override
    public void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        API.call("POST", url(c, "/issues/" + ref + "/comments"), headers(c), Map.of("body", text), deadline);
    }

    @Override
    public void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        comment(s, ref, text, deadline);
        API.call("PATCH", url(c, "/issues/" + ref), headers(c), Map.of("state", "closed", "state_reason", "completed"), deadline);
    }
}
