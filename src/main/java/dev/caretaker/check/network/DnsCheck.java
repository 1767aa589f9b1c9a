package dev.caretaker.check.network;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.DnsCheckConfig;
import dev.caretaker.config.DnsCondition;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** {@code type: dns}: asks a resolver one question with dnsjava and judges the response code, the answers and the time. */
public final class DnsCheck extends ConfiguredCheck<DnsCheckConfig> {
    public DnsCheck(DnsCheckConfig config) {
        super(config);
    }

    private String subject() {
        return config.domain() + " " + config.record();
    }

    private String resolverName() {
        return config.systemResolver() ? "the system's resolver"
                : "resolver " + Hosts.address(config.resolverHost(), config.resolverPort());
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(config.domain(), Name.root), Type.value(config.record()), DClass.IN));
        } catch (TextParseException e) {
            return out.error("'" + config.domain() + "' is not a DNS name: " + e.getMessage()).build();
        }
        Resolver resolver;
        if (config.systemResolver()) {
            resolver = new ExtendedResolver();
        } else {
            InetSocketAddress at = new InetSocketAddress(config.resolverHost(), config.resolverPort());
            if (at.isUnresolved()) {
                return out.error("the resolver's host name " + config.resolverHost() + " does not resolve").build();
            }
            resolver = new SimpleResolver(at);
        }
        resolver.setTimeout(config.timeout());
        long start = System.nanoTime();
        Message response;
        try { // one deadline for the whole question, whatever the resolvers' own retries
            response = resolver.sendAsync(query).toCompletableFuture().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            failed("no answer from " + resolverName() + " within " + Units.formatDuration(config.timeout()), out);
            return out.build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failed(noAnswer(cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause)), out);
            return out.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.error("interrupted").build();
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            failed(switch (rcode) {
                case Rcode.NXDOMAIN -> config.domain() + " does not exist (NXDOMAIN from " + resolverName() + ")";
                case Rcode.SERVFAIL -> resolverName() + " could not answer for " + config.domain() + " (SERVFAIL: often its "
                        + "authoritative servers cannot be reached or its DNSSEC signatures do not verify)";
                default -> resolverName() + " answered " + Rcode.string(rcode) + " for " + config.domain();
            }, out);
            return out.build();
        }
        List<String> answers = answers(response, Type.value(config.record()));
        if (answers.isEmpty()) {
            failed(config.domain() + " has no " + config.record() + " record (the name exists; " + resolverName() + " answered none)", out);
            return out.build();
        }
        out.measure("dns.up", 1, "check", name());
        out.measure("dns.latency_ms", latency.toMillis(), "check", name());
        out.measure("dns.answers", answers.size(), "check", name());
        judge(answers, latency, out);
        return out.build();
    }

    /** Why the resolver gave no answer, in words. */
    private String noAnswer(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PortUnreachableException) {
                return "nothing answers DNS at " + resolverName() + " (port unreachable)";
            }
            if (c instanceof SocketTimeoutException || String.valueOf(c.getMessage()).contains("imed out")) {
                return "no answer from " + resolverName() + " within " + Units.formatDuration(config.timeout());
            }
        }
        Throwable d = e;
        while (d.getCause() != null && d.getCause() != d && d.getMessage() == null) {
            d = d.getCause();
        }
        return resolverName() + " could not be asked: " + (d.getMessage() == null ? d.getClass().getSimpleName() : d.getMessage());
    }

    private void failed(String reason, ResultBuilder out) {
        out.measure("dns.up", 0, "check", name());
        out.find(new Finding("dns.failed", Severity.CRITICAL, subject(), "the DNS look-up " + subject() + " of " + name() + " failed: "
                + reason, Map.of("name", config.domain(), "record", config.record(), "resolver", resolverName(), "reason", reason)));
    }

    private void judge(List<String> answers, Duration latency, ResultBuilder out) {
        List<String> failed = new ArrayList<>();
        boolean answerFailed = false;
        boolean latencyRule = false;
        for (DnsCondition c : config.expect()) {
            latencyRule |= c.subject() == DnsCondition.Subject.LATENCY;
            if (!c.holds(answers, latency)) {
                failed.add(c.text());
                answerFailed |= c.subject() != DnsCondition.Subject.LATENCY;
            }
        }
        if (!latencyRule && latency.compareTo(DnsCheckConfig.DEFAULT_SLOW) > 0) {
            failed.add("latency <= " + Units.formatDuration(DnsCheckConfig.DEFAULT_SLOW));
        }
        if (failed.isEmpty()) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", config.domain());
        e.put("record", config.record());
        e.put("resolver", resolverName());
        e.put("answers", answers);
        e.put("latency_ms", latency.toMillis());
        e.put("failed", failed);
        String got = answerFailed ? "answered " + String.join(", ", answers) : "answered in " + latency.toMillis() + " ms";
        out.find(new Finding("dns.unexpected_answer", answerFailed ? Severity.CRITICAL : Severity.WARNING, subject(), subject() + " of "
                + name() + " " + got + ", but expected " + String.join("; ", failed), e));
    }

    /** The answer's records of {@code type} as written in the README: an address, a name, "10 mx1.example.com", a TXT's text. */
    static List<String> answers(Message response, int type) {
        List<String> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() != type) {
                continue;
            }
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            } else if (r instanceof AAAARecord a) {
                out.add(compressed(a.getAddress().getHostAddress()));
            } else if (r instanceof CNAMERecord c) {
                out.add(c.getTarget().toString(true));
            } else if (r instanceof MXRecord m) {
                out.add(m.getPriority() + " " + m.getTarget().toString(true));
            } else if (r instanceof NSRecord n) {
                out.add(n.getTarget().toString(true));
            } else if (r instanceof TXTRecord t) {
                out.add(String.join("", t.getStrings()));
            } else {
                out.add(r.rdataToString());
            }
        }
        return out;
    }

    /** An IPv6 address as RFC 5952 writes it: the longest run of zero groups (two or more) as "::". */
    static String compressed(String full) {
        String[] g = full.split("%")[0].split(":");
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < g.length; i++) {
            int j = i;
            while (j < g.length && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
        }
        if (best < 0) {
            return String.join(":", g);
        }
        return String.join(":", Arrays.copyOfRange(g, 0, best)) + "::"
                + String.join(":", Arrays.copyOfRange(g, best + bestLen, g.length));
    }

    /** Nothing is sent: the resolver's host name is looked up, or the system's resolvers are named. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        if (!config.systemResolver()) {
            return Hosts.preflight(name(), config.resolverHost());
        }
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers.isEmpty() ? List.of(Readiness.problem(name(), "this machine has no DNS resolver configured (/etc/resolv.conf); "
                + "name one in 'resolver'"))
                : List.of(Readiness.ok(name(), "the system's resolvers: " + servers.stream().map(a -> a.getAddress().getHostAddress())
                .toList() + " (nothing sent)"));
    }
}
