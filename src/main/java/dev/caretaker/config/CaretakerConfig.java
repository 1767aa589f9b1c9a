package dev.caretaker.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/** A whole, validated {@code caretaker.yml}. */
public record CaretakerConfig(
        Path file,
        String system,
        ZoneId timezone,
        StoreConfig store,
        Map<String, DatabaseConfig> databases,
        Map<String, CheckConfig> checks,
        Map<String, SuiteConfig> suites,
        Map<String, java.time.Duration> checkEvery,
        Map<String, java.util.List<String>> dependencies,
        java.util.List<RuleConfig> rules,
        IncidentsConfig incidents,
        java.util.List<MaintenanceWindow> maintenance,
        NotifyConfig notifications,
        Map<String, ActionConfig> actions,
        Secrets secrets,
        StatusPageConfig statusPage,
        AuthConfig auth,
        java.util.List<BaselineConfig> baselines,
        ForecastsConfig forecasts,
        Map<String, ReportConfig> reports,
        Runbooks runbooks,
        Map<String, ChecklistConfig> checklists,
        MetricsConfig metrics,
        java.util.List<IgnoreRule> ignores,
        OncallConfig oncall,
        SelfCheckConfig selfCheck) {

    public static final String DEFAULT_TIMEZONE = "UTC";
}
