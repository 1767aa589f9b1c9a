package dev.caretaker.web.ui;

import java.util.List;
import java.util.Map;

/**
 * The overview: what is wrong now (the worst findings of the checks' latest runs, {@code moreWrong} more not shown), the
 * health score and its trend (an SVG drawn by {@link Charts}), open incidents by priority, who is on call, the checks.
 */
public record OverviewModel(Chrome chrome, String status, Integer health, String trendSvg, Map<String, Integer> incidents, int pendingApprovals,
                            List<FindingView> wrong, int moreWrong, List<CheckRow> checks, List<OncallRow> oncall,
                            List<String> people, boolean canOverride) {
}
