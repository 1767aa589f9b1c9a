package dev.caretaker.check;

import dev.caretaker.check.activity.ErrorsKind;
import dev.caretaker.check.activity.JobsKind;
import dev.caretaker.check.activity.SecurityKind;
import dev.caretaker.check.backup.BackupKind;
import dev.caretaker.check.command.CommandKind;
import dev.caretaker.check.custom.SqlKind;
import dev.caretaker.check.email.EmailDeliveryKind;
import dev.caretaker.check.heartbeat.HeartbeatKind;
import dev.caretaker.check.host.HostKind;
import dev.caretaker.check.http.HttpKind;
import dev.caretaker.check.integrity.IntegrityKind;
import dev.caretaker.check.network.DnsKind;
import dev.caretaker.check.network.DomainKind;
import dev.caretaker.check.network.PingKind;
import dev.caretaker.check.network.SmtpKind;
import dev.caretaker.check.network.TcpKind;
import dev.caretaker.check.postgres.PostgresKind;
import dev.caretaker.check.supabase.SupabaseKind;
import dev.caretaker.check.upstream.StatuspageKind;
import dev.caretaker.config.CheckConfig;
import java.util.List;

/** Every kind of check Caretaker knows; a new kind is one class beside its check and one line here. */
public final class CheckKinds {
    public static final List<CheckKind> ALL = List.of(new PostgresKind(), new IntegrityKind(), new HttpKind(), new JobsKind(),
            new ErrorsKind(), new SecurityKind(), new BackupKind(), new SqlKind(), new CommandKind(), new HostKind(), new HeartbeatKind(),
            new EmailDeliveryKind(), new StatuspageKind(), new SupabaseKind(),
            new TcpKind(), new DomainKind(), new SmtpKind(), new DnsKind(), new PingKind());

    private CheckKinds() {
    }

    /** The kind of a configured check. */
    public static CheckKind of(CheckConfig c) {
        if (c.kind() instanceof CheckKind k) {
            return k;
        }
        throw new IllegalStateException("check '" + c.name() + "' was read with type " + c.type() + ", which is not a kind Caretaker runs");
    }
}
