package dev.caretaker.notify.tickets;

import dev.caretaker.config.Section;
import dev.caretaker.config.TicketSettings;
import dev.caretaker.notify.DeliveryException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code provider: github}: POST /repos/{repo}/issues (labels caretaker and the priority), comments, state closed. */
public final class GitHubIssues implements TicketProvider {
    public static final URI DEFAULT_API = URI.create("https://api.github.com");

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
        JsonApi.require(s, name(), "repo", "token");
        String repo = s.string("repo", null);
        if (repo != null && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            s.problem("repo", "'" + repo + "' is not a repository; write OWNER/NAME, e.g. acme/app");
        }
        String token = s.string("token", null);
        s.secret(token);
        return new Settings(JsonApi.base(s, "api_url", DEFAULT_API), repo, token);
    }

    private static Map<String, String> headers(Settings c) {
        return Map.of("Authorization", "Bearer " + c.token(), "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28");
    }

    private static URI url(Settings c, String path) {
        return URI.create(c.apiUrl() + "/repos/" + c.repo() + path);
    }

    @Override
    public String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        var answer = JsonApi.call("GitHub", headers(c), "POST", url(c, "/issues"),
                Map.of("title", subject, "body", description, "labels", List.of("caretaker", priority)), deadline);
        return JsonApi.field(answer, "number", "GitHub");
    }

    @Override
    public void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        JsonApi.call("GitHub", headers(c), "POST", url(c, "/issues/" + ref + "/comments"), Map.of("body", text), deadline);
    }

    @Override
    public void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        comment(s, ref, text, deadline);
        JsonApi.call("GitHub", headers(c), "PATCH", url(c, "/issues/" + ref), Map.of("state", "closed", "state_reason", "completed"), deadline);
    }
}
