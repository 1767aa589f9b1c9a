package dev.caretaker.demo;

import dev.caretaker.status.StatusPost;
import dev.caretaker.status.StatusPosts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The retail demo's posted incident: the order import of test-retail-store stalled (what the demo plants), posted on its
 * status page as investigating 50 minutes ago and identified 20 minutes ago, as an operator would have.
 */
public final class RetailStatusPost {
    public static final String TITLE = "Delayed order imports from test-retail-store";
    public static final String COMPONENT = "test-retail-store · Order import";
    static final String AUTHOR = "demo-operator";

    private RetailStatusPost() {
    }

    public static StatusPost post(Jdbi jdbi, String system, Instant now) {
        StatusPosts posts = new StatusPosts(jdbi);
        StatusPost p = posts.create(system, new StatusPosts.Draft(StatusPost.INCIDENT, TITLE, List.of(COMPONENT), "investigating",
                "Orders placed at test-retail-store are not reaching us; we are looking into it. Other retailers are not affected.",
                null, null, true), AUTHOR, now.minus(Duration.ofMinutes(50)));
        return posts.update(system, p.id(), "identified", "The scheduled order import of test-retail-store has not run for five hours. "
                + "We are restarting it; the orders placed meanwhile will be imported when it runs.", AUTHOR, true, now.minus(Duration.ofMinutes(20)));
    }
}
