package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Microsoft Teams Workflows webhook on 127.0.0.1: the HTTP trigger "When a Teams webhook request is received" of the
 * "Send webhook alerts to a channel" workflow, as Microsoft documents it. What each part follows:
 * <ul>
 * <li>Microsoft Learn, Teams platform, "Create and send messages" → "Microsoft Teams - Webhook" (the connector's trigger):
 * {@code POST} of {@code {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
 * "contentUrl": null, "content": ADAPTIVE_CARD}]}} to the workflow's URL
 * ({@code /workflows/ID/triggers/manual/paths/invoke?api-version=…&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SIG}), the
 * {@code sig} being the credential; "Workflows support Adaptive Cards only" (no message cards);</li>
 * <li>the Adaptive Card schema (adaptivecards.io, "Schema Explorer"): {@code type: AdaptiveCard}, a {@code version},
 * {@code body} elements each with a {@code type} (TextBlock with {@code text}, FactSet with {@code facts} of title and
 * value), {@code actions} (Action.OpenUrl with a {@code url});</li>
 * <li>Azure Logic Apps, "Call, trigger, or nest logic apps by using HTTPS endpoints" (the Request trigger Workflows runs on):
 * an accepted request is {@code 202 Accepted} with no body; a refusal is the Logic Apps error envelope
 * {@code {"error": {"code": …, "message": …}}} — 401 for a signature that does not match, 400 for a body the flow cannot
 * post (here: anything but the envelope above with a valid card), 429 when throttled.</li>
 * </ul>
 * The cards it took are kept ({@link #cards()}) for a demo or a test to look at.
 */
public final class TeamsStandIn extends ApiStandIn {
    public static final String PATH = "/workflows/0c0ffee0aa5547d1b8c4e1f2a3b4c5d6/triggers/manual/paths/invoke";

    private final String sig;
    private final List<JsonNode> cards = new CopyOnWriteArrayList<>();

    /** A workflow whose URL carries {@code sig=sig}, on {@code port} (0: any). */
    public TeamsStandIn(String sig, int port) throws IOException {
        super("teams", port);
        this.sig = sig;
        start();
    }

    public TeamsStandIn(String sig) throws IOException {
        this(sig, 0);
    }

    /** The workflow's URL, as Teams shows it when the workflow is made: a channel's {@code webhook:}. */
    public String webhookUrl() {
        return url() + PATH + "?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + sig;
    }

    /** A channel is pointed at the whole workflow URL: its {@code webhook:}, {@link #webhookUrl()}. */
    @Override
    public String clientUrl() {
        return webhookUrl();
    }

    /** The workflow URL: its {@code sig} is what a token is elsewhere, so the URL itself is the credential. */
    @Override
    public String credential(String token) {
        return webhookUrl();
    }

    /** The Adaptive Cards accepted so far, oldest first. */
    public List<JsonNode> cards() {
        return List.copyOf(cards);
    }

    /** Each card accepted, one line: its text blocks and facts in order. */
    @Override
    public List<String> messages() {
        return cards.stream().map(card -> {
            StringBuilder b = new StringBuilder("the Microsoft Teams stand-in took an Adaptive Card:");
            for (JsonNode element : card.path("body")) {
                if (element.has("text")) {
                    b.append(' ').append(element.path("text").asText().replaceAll("\\s+", " ").replaceAll("\\\\(\\p{Punct})", "$1"));
                }
                element.path("facts").forEach(f -> b.append(' ').append(f.path("title").asText()).append(": ").append(f.path("value").asText()));
            }
            return b.toString();
        }).toList();
    }

    @Override
    protected boolean authorized(Request r) {
        return sig.equals(r.param("sig", null));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return error(401, "DirectApiInvalidAuthorizationSignature",
                "The provided authorization signature for the request to the workflow trigger is not valid.");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return error(429, "WorkflowRequestsThrottled", "The number of requests for this workflow exceeded the limit. Retry later.");
    }

    @Override
    protected Reply notFound(Request r) {
        return error(404, "WorkflowNotFound", "The workflow could not be found.");
    }

    @Override
    protected Reply answer(Request r) throws IOException {
        if (!r.path().equals(PATH)) {
            return null;
        }
        if (!r.method().equals("POST")) {
            return error(405, "MethodNotAllowed", "The HTTP method '" + r.method() + "' is not allowed; the trigger takes POST.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return error(400, "InvalidRequestContent", "The request content is not valid JSON.");
        }
        String wrong = wrong(body);
        if (wrong != null) {
            return error(400, "InvalidRequestContent", wrong);
        }
        body.get("attachments").forEach(a -> cards.add(a.get("content")));
        return new Reply(202, Map.of(), null);
    }

    /** What is wrong with a request body, or null when it is the envelope with valid Adaptive Cards. */
    static String wrong(JsonNode body) {
        if (body == null || !body.isObject() || !"message".equals(body.path("type").asText())) {
            return "The request body must be an object with \"type\": \"message\".";
        }
        JsonNode attachments = body.path("attachments");
        if (!attachments.isArray() || attachments.isEmpty()) {
            return "The message has no 'attachments'.";
        }
        for (JsonNode a : attachments) {
            if (!"application/vnd.microsoft.card.adaptive".equals(a.path("contentType").asText())) {
                return "Attachment contentType '" + a.path("contentType").asText() + "' is not supported; Workflows take Adaptive Cards only.";
            }
            JsonNode card = a.path("content");
            if (!"AdaptiveCard".equals(card.path("type").asText()) || !card.path("version").isTextual() || !card.path("body").isArray()) {
                return "The attachment's content is not an Adaptive Card (type AdaptiveCard, a version, a body).";
            }
            for (JsonNode element : card.path("body")) {
                String type = element.path("type").asText();
                if (type.equals("TextBlock") && !element.path("text").isTextual()) {
                    return "A TextBlock has no 'text'.";
                }
                if (type.equals("FactSet") && !element.path("facts").isArray()) {
                    return "A FactSet has no 'facts'.";
                }
                if (type.isEmpty()) {
                    return "A card element has no 'type'.";
                }
            }
            for (JsonNode action : card.path("actions")) {
                if (action.path("type").asText().equals("Action.OpenUrl") && !action.path("url").isTextual()) {
                    return "An Action.OpenUrl has no 'url'.";
                }
            }
        }
        return null;
    }

    private static Reply error(int status, String code, String message) {
        return Reply.json(status, Map.of("error", Map.of("code", code, "message", message)));
    }
}
