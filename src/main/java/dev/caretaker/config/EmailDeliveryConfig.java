package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;

/**
 * {@code type: email_delivery}: the delivery statistics of a sending domain (Mailgun) or of a SendGrid account, category or
 * subuser over the window, judged by the share delivered and the share bounced. {@code sender} is what the statistics are
 * of: the Mailgun domain, or for SendGrid the category, the subuser or null for the whole account.
 */
public record EmailDeliveryConfig(CheckType kind, SourceType source, String name, String description, ApiSettings api,
                                  String domain, String category, String subuser, Duration window, double minDeliveryRate,
                                  double maxBounceRate, int minMessages) implements SourceType.Sourced {
    public static final URI MAILGUN_BASE_URL = URI.create("https://api.mailgun.net");
    public static final URI SENDGRID_BASE_URL = URI.create("https://api.sendgrid.com");
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** Warning under this share delivered; critical under {@link #CRITICAL_DELIVERY_RATE} (the jobs check's levels). */
    public static final double DEFAULT_MIN_DELIVERY_RATE = 95;
    public static final double CRITICAL_DELIVERY_RATE = 90;
    /** Warning over this share bounced (the usual sender guidance: stay under 2 %); critical over {@link #CRITICAL_BOUNCE_RATE}. */
    public static final double DEFAULT_MAX_BOUNCE_RATE = 2;
    /** Amazon SES puts an account under review at a 5 % bounce rate; mailbox providers throttle well before 10 %. */
    public static final double CRITICAL_BOUNCE_RATE = 5;
    /** Fewer settled messages than this: the rates are measured but not judged (one bounce of three mails is no trend). */
    public static final int DEFAULT_MIN_MESSAGES = 10;

    /** What the statistics are of, in words and as findings' subject: the domain, category, subuser, or "account". */
    public String sender() {
        if (domain != null) {
            return domain;
        }
        if (category != null) {
            return "category " + category;
        }
        return subuser != null ? "subuser " + subuser : "account";
    }

    /** The delivery share under which a finding is critical: 90 %, or the target when that is lower. */
    public double criticalDeliveryRate() {
        return Math.min(CRITICAL_DELIVERY_RATE, minDeliveryRate);
    }

    /** The bounce share over which a finding is critical: 5 %, or the warning level when that is higher. */
    public double criticalBounceRate() {
        return Math.max(CRITICAL_BOUNCE_RATE, maxBounceRate);
    }
}
