package dev.caretaker.check.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server for what GreenMail does not offer: STARTTLS (RFC 3207: advertised in the EHLO reply, "220" to the
 * STARTTLS command, then the TLS handshake, then a new EHLO) and servers that refuse (RFC 5321 §3.1: a 554 greeting; §4.1.1.1:
 * EHLO refused).
 */
final class SmtpStandIn {
    private SmtpStandIn() {
    }

    /** A server that greets with {@code greeting}, answers EHLO with {@code ehloCode}, and offers STARTTLS when {@code tls} is given. */
    static Listener.Serve serve(String greeting, int ehloCode, SSLContext tls) {
        return s -> {
            Socket c = s;
            reply(c, greeting);
            boolean secure = false;
            BufferedReader in = reader(c);
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.split(" ")[0].toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(c, ehloCode != 250 ? ehloCode + " 5.5.1 EHLO not accepted here"
                            : tls != null && !secure ? "250-mx.test.example greets you\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME"
                            : "250-mx.test.example greets you\r\n250-SIZE 10240000\r\n250 8BITMIME");
                    case "STARTTLS" -> {
                        reply(c, "220 2.0.0 Ready to start TLS");
                        SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(c, null, c.getPort(), true);
                        t.setUseClientMode(false);
                        t.startHandshake();
                        c = t;
                        secure = true;
                        in = reader(c); // RFC 3207 §4.2: nothing read before the handshake is kept
                    }
                    case "QUIT" -> {
                        reply(c, "221 2.0.0 Bye");
                        c.close();
                        return;
                    }
                    default -> reply(c, "502 5.5.2 Command not recognized");
                }
            }
        };
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void reply(Socket s, String text) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
    }
}
