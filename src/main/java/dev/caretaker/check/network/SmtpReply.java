package dev.caretaker.check.network;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One SMTP reply (RFC 5321 §4.2): a three-digit code and its lines, "250-…" continuing up to "250 …". */
record SmtpReply(int code, List<String> lines) {
    /** At most this many lines are read of one reply. */
    static final int MAX_LINES = 100;

    /** Reads the next reply; throws when the server closes the connection first or sends something that is not a reply. */
    static SmtpReply read(Socket s, InputStream in, Deadline deadline) throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_LINES) {
            String line = Lines.read(s, in, deadline);
            if (line == null) {
                throw new IOException("the server closed the connection" + (lines.isEmpty() ? "" : " in the middle of a reply"));
            }
            if (line.length() < 3 || !line.substring(0, 3).matches("[2-5][0-9][0-9]")) {
                throw new IOException("the server sent '" + Lines.abbreviate(line) + "', which is not an SMTP reply");
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
        throw new IOException("the server's reply ran past " + MAX_LINES + " lines");
    }

    /** The reply as one line, for a message: "554 5.7.1 go away". */
    String text() {
        return Lines.abbreviate(String.join(" / ", lines));
    }

    /** Whether an EHLO reply lists the extension {@code keyword} (its lines after the first, RFC 5321 §4.1.1.1). */
    boolean offers(String keyword) {
        for (int i = 1; i < lines.size(); i++) {
            String ext = lines.get(i).length() > 4 ? lines.get(i).substring(4).strip() : "";
            if (ext.toUpperCase(Locale.ROOT).split("\\s+")[0].equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** The extensions an EHLO reply lists, for a message. */
    List<String> extensions() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            out.add(lines.get(i).length() > 4 ? lines.get(i).substring(4).strip() : "");
        }
        return out;
    }
}
