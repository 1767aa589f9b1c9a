package dev.caretaker.check.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Reads one line a server sends (up to a bound), every byte within the probe's deadline. */
final class Lines {
    static final int MAX = 1024;

    private Lines() {
    }

    /** The next line without its CR LF, or null when the server closed the connection before sending one. */
    static String read(Socket s, InputStream in, Deadline deadline) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (bytes.size() < MAX) {
            s.setSoTimeout(deadline.left());
            int c = in.read();
            if (c < 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A line as evidence: at most 200 characters, control characters as spaces. */
    static String abbreviate(String line) {
        String one = line.replaceAll("\\p{Cntrl}", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
