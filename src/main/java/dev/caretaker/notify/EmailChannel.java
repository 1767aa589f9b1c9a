package dev.caretaker.notify;

import dev.caretaker.config.NotifyConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Email: plain text and HTML alternatives, sent over SMTP (STARTTLS or TLS) or, when no SMTP server is
 * configured, written as an {@code .eml} file. The Message-ID derives from the dedup key, so a message sent
 * twice after a crash is recognisably the same message.
 */
final class EmailChannel implements Channel {
    static final int TIMEOUT_MS = 20_000;

    private final NotifyConfig.Smtp smtp;
    private final List<String> to;
    private final Path emlDir;
    private final String domain;

    EmailChannel(NotifyConfig.Smtp smtp, List<String> to, Path emlDir) {
        this.smtp = smtp;
        this.to = to;
        this.emlDir = emlDir;
        this.domain = smtp == null ? "caretaker.local" : smtp.host();
    }

    @Override
    public void deliver(OutboxMessage m) throws DeliveryException {
        try {
            MimeMessage mail = compose(m);
            if (smtp == null) {
                write(mail, m);
            } else {
                send(mail);
            }
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP: " + deepest(e), e);
        } catch (IOException e) {
            throw new DeliveryException("cannot write the email to " + emlDir + ": " + e.getMessage(), e);
        }
    }

    MimeMessage compose(OutboxMessage m) throws MessagingException {
        String messageId = "<" + m.dedupKey().replaceAll("[^A-Za-z0-9._-]", "_") + "@" + domain + ">";
        MimeMessage mail = new MimeMessage(session()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress(smtp == null ? "caretaker@" + domain : smtp.from()));
        for (String address : to) {
            mail.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(address));
        }
        mail.setSubject(m.get("subject"), "UTF-8");
        mail.setSentDate(new Date());
        MimeMultipart alternatives = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(m.get("text"), "UTF-8");
        alternatives.addBodyPart(text);
        if (!m.get("html").isEmpty()) {
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(m.get("html"), "text/html; charset=UTF-8");
            alternatives.addBodyPart(html);
        }
        mail.setContent(alternatives);
        mail.saveChanges();
        return mail;
    }

    /** Over the transport the URL names: Transport.send would pick plain smtp by address type, ignoring smtps. */
    private void send(MimeMessage mail) throws MessagingException {
        String proto = smtp.tls() ? "smtps" : "smtp";
        try (Transport t = mail.getSession().getTransport(proto)) {
            t.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
            t.sendMessage(mail, mail.getAllRecipients());
        }
    }

    private Session session() {
        Properties p = new Properties();
        if (smtp == null) {
            return Session.getInstance(p);
        }
        String proto = smtp.tls() ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", smtp.host());
        p.put("mail." + proto + ".port", String.valueOf(smtp.port()));
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + proto + ".timeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + proto + ".writetimeout", String.valueOf(TIMEOUT_MS));
        if (smtp.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (smtp.insecure()) {
            p.put("mail." + proto + ".ssl.trust", "*"); // any certificate, as with insecure: true on an http check
            p.put("mail." + proto + ".ssl.checkserveridentity", "false");
        } else if (smtp.tls() || smtp.starttls()) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        if (smtp.user() != null) {
            p.put("mail." + proto + ".auth", "true");
            return Session.getInstance(p, new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.user(), smtp.password());
                }
            });
        }
        return Session.getInstance(p);
    }

    private void write(MimeMessage mail, OutboxMessage m) throws IOException, MessagingException {
        Files.createDirectories(emlDir);
        String name = m.dedupKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml";
        Path tmp = Files.createTempFile(emlDir, ".mail-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            mail.writeTo(out);
        }
        Files.move(tmp, emlDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String deepest(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
