package dev.caretaker.notify.channels;

import dev.caretaker.config.ChannelSettings;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Section;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.ChannelKind;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.notify.Texts;
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
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code type: email}: plain text and HTML alternatives, sent over SMTP (STARTTLS or TLS) or, when no SMTP server is
 * configured, written as an {@code .eml} file under Caretaker's home. The Message-ID derives from the dedup key, so a
 * message sent twice after a crash is recognisably the same message. The whole SMTP exchange keeps to its deadline.
 */
public final class EmailChannel implements ChannelKind {
    static final int TIMEOUT_MS = 20_000;
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caretaker-smtp");
        t.setDaemon(true);
        return t;
    });

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static Map<String, String> images(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable images of a report in the outbox", e);
        }
    }

    /** The addresses. */
    public record Settings(List<String> to) implements ChannelSettings {
    }

    @Override
    public boolean groups() {
        return true;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public List<String> keys() {
        return List.of("to");
    }

    @Override
    public ChannelSettings read(Section s) {
        List<String> to = s.strings("to");
        if (to.isEmpty()) {
            s.problem("to", "a channel of type email needs 'to', a list of addresses");
        }
        for (String address : to) {
            try {
                new InternetAddress(address, true);
            } catch (jakarta.mail.internet.AddressException e) {
                s.problem("to", "'" + address + "' is not an email address: " + e.getMessage());
            }
        }
        return new Settings(to);
    }

    @Override
    public Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice) {
        if (notice instanceof Notice.IncidentNotice ack && ack.kind() == dev.caretaker.notify.MessageKind.INCIDENT_ACKNOWLEDGED) {
            return Optional.empty(); // an acknowledgement stops a page; people were told of the incident already
        }
        Map<String, String> p = new LinkedHashMap<>();
        if (notice instanceof Notice.IncidentNotice n) {
            p.put("subject", Texts.incidentSubject(n));
            p.put("text", Texts.incidentText(n));
            p.put("html", Texts.preformatted(Texts.incidentText(n)));
        } else if (notice instanceof Notice.IncidentGroupNotice g) {
            p.put("subject", Texts.groupSubject(g));
            p.put("text", Texts.groupText(g));
            p.put("html", Texts.preformatted(Texts.groupText(g)));
        } else if (notice instanceof Notice.ActionNotice n) {
            p.put("subject", Texts.actionSubject(n));
            p.put("text", Texts.actionText(n));
            p.put("html", Texts.preformatted(Texts.actionText(n)));
        } else if (notice instanceof Notice.ReportNotice n) {
            p.put("subject", n.subject());
            p.put("text", n.text());
            p.put("html", n.html());
            if (!n.images().isEmpty()) {
                try {
                    p.put("images", JSON.writeValueAsString(n.images()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.of(p);
    }

    @Override
    public Channel open(NotifyConfig.Channel channel, NotifyConfig notify, Path emlDir) {
        return new Sender(notify.email().orElse(null), ((Settings) channel.settings()).to(), emlDir);
    }

    /**
     * A sender to {@code to} through {@code smtp} (null: {@code .eml} files under {@code emlDir}): status-page subscriber mail. A
     * message with {@code list_unsubscribe} in its payload carries it as RFC 8058's {@code List-Unsubscribe} with
     * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}.
     */
    public static Channel sender(NotifyConfig.Smtp smtp, List<String> to, Path emlDir) {
        return new Sender(smtp, to, emlDir);
    }

    /** Sends one configured email channel's messages. */
    static final class Sender implements Channel {
        private final NotifyConfig.Smtp smtp;
        private final List<String> to;
        private final Path emlDir;
        private final String domain;

        Sender(NotifyConfig.Smtp smtp, List<String> to, Path emlDir) {
            this.smtp = smtp;
            this.to = to;
            this.emlDir = emlDir;
            this.domain = smtp == null ? "caretaker.local" : smtp.host();
        }

        @Override
        public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
            try {
                MimeMessage mail = compose(m);
                if (smtp == null) {
                    write(mail, m);
                } else {
                    send(mail, deadline);
                }
            } catch (MessagingException e) {
                throw new DeliveryException("SMTP: " + deepest(e), e);
            } catch (IOException e) {
                throw new DeliveryException("cannot write the email to " + emlDir + ": " + e.getMessage(), e);
            }
        }

        MimeMessage compose(OutboxMessage m) throws MessagingException {
            String messageId = "<" + m.dedupKey().replaceAll("[^A-Za-z0-9._-]", "_") + "@" + domain + ">";
            MimeMessage mail = new MimeMessage(session(Duration.ofMillis(TIMEOUT_MS))) {
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
            if (!m.get("list_unsubscribe").isEmpty()) {
                mail.setHeader("List-Unsubscribe", "<" + m.get("list_unsubscribe") + ">");
                mail.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            MimeMultipart alternatives = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(m.get("text"), "UTF-8");
            alternatives.addBodyPart(text);
            if (!m.get("html").isEmpty()) {
                MimeBodyPart html = new MimeBodyPart();
                html.setContent(m.get("html"), "text/html; charset=UTF-8");
                if (m.get("images").isEmpty()) {
                    alternatives.addBodyPart(html);
                } else {
                    // the HTML and its charts as one multipart/related part: the images are cid: parts of the message
                    MimeMultipart related = new MimeMultipart("related");
                    related.addBodyPart(html);
                    for (Map.Entry<String, String> image : images(m.get("images")).entrySet()) {
                        MimeBodyPart png = new MimeBodyPart();
                        png.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(
                                java.util.Base64.getDecoder().decode(image.getValue()), "image/png")));
                        png.setContentID("<" + image.getKey() + ">");
                        png.setDisposition(MimeBodyPart.INLINE);
                        png.setFileName(image.getKey() + ".png");
                        related.addBodyPart(png);
                    }
                    MimeBodyPart wrapper = new MimeBodyPart();
                    wrapper.setContent(related);
                    alternatives.addBodyPart(wrapper);
                }
            }
            mail.setContent(alternatives);
            mail.saveChanges();
            return mail;
        }

        /**
         * Over the transport the URL names (Transport.send would pick plain smtp by address type, ignoring smtps), on a
         * thread of its own: at the deadline the transport is closed, which ends a server that trickles its answers.
         */
        private void send(MimeMessage mail, Duration deadline) throws MessagingException, DeliveryException {
            String proto = smtp.tls() ? "smtps" : "smtp";
            Session session = session(deadline);
            AtomicReference<Transport> open = new AtomicReference<>();
            Future<?> f = SENDERS.submit(() -> {
                try (Transport t = session.getTransport(proto)) {
                    open.set(t);
                    t.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
                    t.sendMessage(mail, mail.getAllRecipients());
                }
                return null;
            });
            try {
                f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                closeQuietly(open.get());
                throw new DeliveryException("SMTP: no complete exchange with " + smtp.host() + ":" + smtp.port() + " within "
                        + dev.caretaker.config.Units.formatDuration(deadline));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                closeQuietly(open.get());
                throw new DeliveryException("SMTP: interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MessagingException me) {
                    throw me;
                }
                throw new DeliveryException("SMTP: " + deepest(e.getCause()), e.getCause());
            }
        }

        private static void closeQuietly(Transport t) {
            try {
                if (t != null) {
                    t.close();
                }
            } catch (MessagingException ignored) {
                // already broken
            }
        }

        private Session session(Duration deadline) {
            Properties p = new Properties();
            if (smtp == null) {
                return Session.getInstance(p);
            }
            String timeout = String.valueOf(Math.max(1000, Math.min(TIMEOUT_MS, deadline.toMillis())));
            String proto = smtp.tls() ? "smtps" : "smtp";
            p.put("mail.transport.protocol", proto);
            p.put("mail." + proto + ".host", smtp.host());
            p.put("mail." + proto + ".port", String.valueOf(smtp.port()));
            p.put("mail." + proto + ".connectiontimeout", timeout);
            p.put("mail." + proto + ".timeout", timeout);
            p.put("mail." + proto + ".writetimeout", timeout);
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
            while (c != null && c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            return c == null || c.getMessage() == null ? String.valueOf(c) : c.getMessage();
        }
    }
}
