package dev.caretaker.check.network;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The server certificate of a TLS session; its expiry is judged by {@link dev.caretaker.check.http.CertificateExpiry}. */
final class Certificates {
    private Certificates() {
    }

    static Optional<Instant> notAfter(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x.getNotAfter().toInstant()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
