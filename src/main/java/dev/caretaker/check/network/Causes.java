package dev.caretaker.check.network;

import dev.caretaker.config.Units;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Why a network check got no answer, in the words an operator reads at 2 a.m. */
final class Causes {
    private Causes() {
    }

    /** What went wrong reaching {@code host}:{@code port} while {@code doing} (e.g. "connecting", "the TLS handshake"). */
    static String of(IOException e, String host, int port, String doing, Duration timeout) {
        if (e instanceof UnknownHostException) {
            return "the host name " + host + " does not resolve";
        }
        if (e instanceof SocketTimeoutException) {
            return "timeout: no answer within " + Units.formatDuration(timeout) + " (" + doing + ")";
        }
        if (e instanceof ConnectException) {
            return "connection refused: nothing accepts connections on " + host + " port " + port;
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to " + host + " (" + e.getMessage() + ")";
        }
        if (e instanceof SSLException) {
            return "TLS failure: " + tls(e, host);
        }
        return (doing.isEmpty() ? "" : doing + ": ") + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String tls(Throwable e, String host) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return "the server's certificate has expired";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "the server's certificate is not valid yet";
            }
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
                return "the server's certificate is not trusted (issued by a CA this machine does not know; give 'ca_file', "
                        + "or 'insecure: true' to judge only its expiry)";
            }
            if (c instanceof CertificateException && String.valueOf(c.getMessage()).contains("match")) {
                return "the server's certificate is not for " + host + " (" + c.getMessage() + ")";
            }
        }
        Throwable d = e;
        while (d.getCause() != null && d.getCause() != d) {
            d = d.getCause();
        }
        String m = d.getMessage() == null ? d.getClass().getSimpleName() : d.getMessage();
        return m.contains("plaintext connection") || m.contains("Unsupported or unrecognized SSL message")
                ? "the server does not speak TLS on this port (" + m + ")" : m;
    }
}
