package dev.caretaker.web.ui;

import java.util.List;

/**
 * The dashboard's status posts: every post of the last 90 days (open ones first) with its updates and author, a form to
 * post a new one and one per open post to add an update (operators only).
 */
public record StatusPostsModel(Chrome chrome, boolean enabled, boolean canPost, String zone, List<String> components, List<String> incidentStatuses,
                               List<String> maintenanceStatuses, List<Post> posts) {
    /** A post as operators see it: with who wrote it and the statuses an update may give it (none: it takes no more). */
    public record Post(long id, String kind, String title, String components, String status, String window, boolean open, String by,
                       List<Update> updates, List<String> statuses) {
    }

    /** An update with its time and author, and whether subscribers were told. */
    public record Update(String status, String message, String at, String by, boolean notifies) {
    }
}
