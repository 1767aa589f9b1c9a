package dev.caretaker.check.email;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckSource;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.ApiSettings;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.config.EmailDeliveryConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A provider of {@code type: email_delivery}: its own keys beside the family's, its default base URL and how it counts. */
abstract sealed class EmailSource implements CheckSource permits MailgunSource, SendgridSource {
    /** The keys of every source: the window, the levels and the API's. */
    static final List<String> COMMON_KEYS = List.of("window", "min_delivery_rate", "max_bounce_rate", "min_messages");

    /** The source's own keys (which sender). */
    abstract List<String> ownKeys();

    abstract URI defaultBaseUrl();

    /** Reads the sender keys into {@code [domain, category, subuser]}; {@code strict}: report what is missing. */
    abstract String[] sender(Section s, boolean strict);

    /** The provider as messages name it ("Mailgun"). */
    abstract String provider();

    /** One check's client of the provider's API: its auth scheme and headers. */
    abstract ApiClient client(EmailDeliveryConfig config, Clock clock);

    /** The messages of the window as the provider counts them; the counts' period says which window it could count. */
    abstract DeliveryCounts count(EmailDeliveryConfig config, ApiClient api, Instant now) throws ApiException, InterruptedException;

    /** The counted period in words, as findings say it: "in the last 1d". */
    String period(EmailDeliveryConfig config, DeliveryCounts counts) {
        return "in the last " + Units.humanDuration(config.window());
    }

    @Override
    public final List<String> keys() {
        List<String> keys = new ArrayList<>(ownKeys());
        keys.addAll(COMMON_KEYS);
        keys.addAll(ApiSettings.KEYS);
        return keys;
    }

    @Override
    public final CheckConfig read(Section s, CheckType.Draft draft, CheckType family) {
        return read(s, draft, family, true);
    }

    final EmailDeliveryConfig read(Section s, CheckType.Draft draft, CheckType family, boolean strict) {
        String[] sender = sender(s, strict);
        double minDelivery = s.parsed("min_delivery_rate", Units::parsePercent).orElse(EmailDeliveryConfig.DEFAULT_MIN_DELIVERY_RATE);
        double maxBounce = s.parsed("max_bounce_rate", Units::parsePercent).orElse(EmailDeliveryConfig.DEFAULT_MAX_BOUNCE_RATE);
        return new EmailDeliveryConfig(family, this, draft.name(), draft.description(), ApiSettings.read(s, defaultBaseUrl()),
                sender[0], sender[1], sender[2], s.duration("window", EmailDeliveryConfig.DEFAULT_WINDOW, Duration.ofHours(1),
                Duration.ofDays(365)), minDelivery, maxBounce, s.integer("min_messages", EmailDeliveryConfig.DEFAULT_MIN_MESSAGES, 1,
                1_000_000));
    }

    @Override
    public final List<Metric> metrics() {
        return List.of(EmailDeliveryCheck.RATE_LIMIT);
    }

    @Override
    public final Check create(CheckConfig config) {
        return new EmailDeliveryCheck((EmailDeliveryConfig) config, this);
    }
}
