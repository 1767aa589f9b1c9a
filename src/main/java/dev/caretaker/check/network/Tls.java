package dev.caretaker.check.network;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A TLS handshake over an open connection, verifying the certificate's chain and that it is for the host (unless insecure). */
final class Tls {
    private Tls() {
    }

    /** The TLS layer over {@code plain}, handshaken; throws when the handshake fails (the connection is then closed). */
    static SSLSocket handshake(SSLContext context, Socket plain, String host, int port, boolean insecure) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        if (!insecure) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        }
        if (!host.matches("[0-9.]+|.*:.*")) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        s.setSSLParameters(p);
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }
}
