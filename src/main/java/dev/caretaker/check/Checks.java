package dev.caretaker.check;

import dev.caretaker.check.activity.ErrorsCheck;
import dev.caretaker.check.activity.JobsCheck;
import dev.caretaker.check.activity.SecurityCheck;
import dev.caretaker.check.backup.BackupCheck;
import dev.caretaker.check.custom.SqlCheck;
import dev.caretaker.check.http.HttpCheck;
import dev.caretaker.check.integrity.IntegrityCheck;
import dev.caretaker.check.postgres.PostgresCheck;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.SecurityCheckConfig;
import dev.caretaker.config.SqlCheckConfig;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.IntegrityCheckConfig;
import dev.caretaker.config.PostgresCheckConfig;

/** Makes the check a config describes. */
public final class Checks {
    private Checks() {
    }

    public static Check create(CheckConfig config) {
        if (config instanceof PostgresCheckConfig p) {
            return new PostgresCheck(p);
        }
        if (config instanceof IntegrityCheckConfig i) {
            return new IntegrityCheck(i);
        }
        if (config instanceof HttpCheckConfig h) {
            return new HttpCheck(h);
        }
        if (config instanceof JobsCheckConfig j) {
            return new JobsCheck(j);
        }
        if (config instanceof ErrorsCheckConfig e) {
            return new ErrorsCheck(e);
        }
        if (config instanceof SecurityCheckConfig s) {
            return new SecurityCheck(s);
        }
        if (config instanceof BackupCheckConfig b) {
            return new BackupCheck(b);
        }
        if (config instanceof SqlCheckConfig q) {
            return new SqlCheck(q);
        }
        throw new IllegalArgumentException("no check for type " + config.type());
    }
}
