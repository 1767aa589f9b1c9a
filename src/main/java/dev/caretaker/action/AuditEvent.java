package dev.caretaker.action;

import java.util.Locale;

/** What an audit row records; stored (and shown, and signed) by its label, so a label never changes once written. */
public enum AuditEvent {
    // an action's way through the policy gate and its guardrails
    REQUESTED, APPROVED, REJECTED, EXPIRED, STARTED, SUCCEEDED, VERIFIED, UNVERIFIED, FAILED, REFUSED, DRY_RUN, RATE_LIMITED, ESCALATED,
    INTERRUPTED,
    // an open incident nobody acknowledged, sent again (incidents.repeat); its escalation steps are ESCALATED rows
    REMINDED,
    // a person's checklist item
    TICKED,
    // maintenance windows set and ended through the API
    MAINTENANCE_SET, MAINTENANCE_ENDED,
    // exemptions: findings a person said may be ignored, and their removal
    EXEMPTION_SET, EXEMPTION_REMOVED,
    // on-call overrides: a person taking a turn of a schedule, and its removal
    ONCALL_OVERRIDE, ONCALL_OVERRIDE_REMOVED,
    // the status page's posts: an incident or maintenance posted, an update to one
    STATUS_POSTED, STATUS_UPDATED,
    // the status page's subscribers added or removed by someone (by number and kind: the log keeps no address)
    SUBSCRIBER_ADDED, SUBSCRIBER_REMOVED,
    // users, tokens and logins
    USER_ADDED, PASSWORD_CHANGED, ROLE_CHANGED, USER_REMOVED, TOKEN_CREATED, TOKEN_REVOKED, LOGIN, LOGIN_FAILED, LOGIN_REFUSED,
    // two factors of a local user: set up, turned off by the user, reset by an admin, a recovery code spent
    TOTP_ENABLED, TOTP_DISABLED, TOTP_RESET, RECOVERY_CODE_USED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
