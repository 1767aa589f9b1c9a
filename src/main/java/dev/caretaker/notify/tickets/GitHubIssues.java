package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketsConfig;
import dev.caretaker.notify.DeliveryException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** GitHub issues: POST /repos/{repo}/issues (labels caretaker and the priority), comments, state closed. */
final class GitHubIssues implements TicketProvider {
    private final TicketsConfig c;
    private final JsonApi api;

    GitHubIssues(TicketsConfig c) {
        this.c = c;
        this.api = new JsonApi("GitHub", Map.of("Authorization", "Bearer " + c.token(), "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28"));
    }

    @Override
    public String create(String subject, String description, String priority) throws DeliveryException {
        var answer = api.call("POST", url("/issues"), Map.of("title", subject, "body", description, "labels", List.of("caretaker", priority)));
        return JsonApi.field(answer, "number", "GitHub");
    }

    @Override
    public void comment(String ref, String text) throws DeliveryException {
        api.call("POST", url("/issues/" + ref + "/comments"), Map.of("body", text));
    }

    @Override
    public void close(String ref, String text) throws DeliveryException {
        comment(ref, text);
        api.call("PATCH", url("/issues/" + ref), Map.of("state", "closed", "state_reason", "completed"));
    }

    private URI url(String path) {
        return URI.create(c.baseUrl() + "/repos/" + c.repo() + path);
    }
}
