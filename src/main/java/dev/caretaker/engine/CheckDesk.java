package dev.caretaker.engine;

import dev.caretaker.action.Approvals;
import dev.caretaker.check.CheckResult;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Suggestions;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.CheckStates;
import dev.caretaker.history.CheckStates.CheckState;
import dev.caretaker.history.LongView;
import dev.caretaker.history.Rollups;
import dev.caretaker.history.RunHistory;
import dev.caretaker.incident.IncidentRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * How the system and each of its checks stand, for every surface that shows it (API, dashboard, status page, metrics,
 * scheduler): read from the packages that write them, so each fact is worked out once. Only the config's own system and
 * checks.
 */
public final class CheckDesk {
    private final Engine engine;
    private final CheckStates states;
    private final CheckSeries series;

    CheckDesk(Engine engine) {
        this.engine = engine;
        this.states = new CheckStates(engine.store().jdbi());
        this.series = new CheckSeries(engine.store().jdbi());
    }

    private String system() {
        return engine.config().system();
    }

    /**
     * The system at a glance: every configured check's state in config order, the worst of them (pending while none has
     * run), the counts by status, the health score and time of the latest run, open incidents by priority, pending approvals.
     */
    public record Overview(List<CheckState> checks, String status, Map<String, Integer> counts, Integer health, Instant lastRun,
                           Map<Priority, Integer> openIncidents, int pendingApprovals) {
    }

    public Overview overview() {
        List<CheckState> checks = states();
        Map<String, Integer> counts = new LinkedHashMap<>();
        checks.stream().filter(s -> !s.pending()).forEach(s -> counts.merge(s.label(), 1, Integer::sum));
        Optional<RunHistory.Newest> last = new RunHistory(engine.store().jdbi()).newest(system());
        return new Overview(checks, CheckStates.overallLabel(checks), counts, last.map(RunHistory.Newest::health).orElse(null),
                last.map(RunHistory.Newest::finishedAt).orElse(null),
                new IncidentRepository(engine.store().jdbi()).activeByPriority(system()),
                new Approvals(engine.store().jdbi(), system(), engine.key()).pendingCount());
    }

    /** Every configured check's state, in config order; pending for the ones that have not run. */
    public List<CheckState> states() {
        Map<String, String> types = new LinkedHashMap<>();
        engine.config().checks().values().forEach(c -> types.put(c.name(), c.type()));
        return states.of(system(), types);
    }

    /** The configured check of this name; a name the config does not have is refused with a did-you-mean. */
    public CheckConfig named(String name) {
        CheckConfig c = engine.config().checks().get(name);
        if (c == null) {
            throw new NoSuchElementException("no check '" + name + "' in " + system() + Suggestions.didYouMean(name, engine.config().checks().keySet()));
        }
        return c;
    }

    public CheckState state(String name) {
        CheckConfig c = named(name);
        return states.of(system(), c.name(), c.type());
    }

    /** The check's latest stored result; empty while it is pending. */
    public Optional<CheckResult> latest(String name) {
        return states.latestResult(system(), named(name).name());
    }

    /** The check's latest {@code limit} statuses, oldest first. */
    public List<CheckStates.Mark> strip(String name, int limit) {
        return states.strip(system(), named(name).name(), limit);
    }

    /** The check's series over a range, from the rollup of {@code resolution}, bands attached. */
    public List<CheckSeries.Charted> charts(String name, Rollups.Resolution resolution, Duration step, Instant from, Instant to) {
        return series.charted(system(), named(name).name(), resolution, step, from, to);
    }

    /** One series of the check from a rollup. */
    public List<Rollups.Bucket> rolled(String name, String metric, Rollups.Resolution resolution, Duration step, Instant from, Instant to) {
        return series.rolled(system(), named(name).name(), metric, resolution, step, from, to);
    }

    /** One series of the check, raw. */
    public List<CheckSeries.Point> raw(String name, String metric, Instant from, Instant to) {
        return series.raw(system(), named(name).name(), metric, from, to);
    }

    /** The forecasts of the check's growth series as of its latest result: the dates its findings gave. */
    public List<LongView.Forecast> forecasts(String name) {
        CheckState s = state(name);
        Optional<CheckResult> latest = latest(name);
        if (s.pending() || latest.isEmpty()) {
            return List.of();
        }
        return new LongView(new Rollups(engine.store().jdbi()), new RunHistory(engine.store().jdbi()))
                .forecasts(system(), latest.get(), s.finishedAt(), engine.config());
    }

    /** The system's health score after each run since {@code since}. */
    public List<Double> health(Instant since) {
        return series.health(system(), since);
    }

    /** The runs of {@code checks} by day since {@code since}, in the config's time zone. */
    public Map<LocalDate, CheckStates.Day> days(Collection<String> checks, String subject, Instant since) {
        return states.days(system(), checks, subject, since, engine.config().timezone());
    }

    /** Every check's latest status and measurements, for a node's gauges. */
    public List<CheckResult> latestMeasured() {
        return states.latestMeasured(system());
    }

    /** Changes whenever a run is stored, an incident changes or an approval comes or is decided: what a page polls. */
    public String pulse() {
        return new RunHistory(engine.store().jdbi()).latestRunId(system()) + "/" + new IncidentRepository(engine.store().jdbi()).latestEvent(system())
                + "/" + new Approvals(engine.store().jdbi(), system(), engine.key()).marker();
    }
}
