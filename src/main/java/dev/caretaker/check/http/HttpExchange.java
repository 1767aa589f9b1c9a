package dev.caretaker.check.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One HTTP request whose deadline covers the whole exchange: connecting, the headers and the body. The JDK's own request
 * timeout stops at the headers, so a server that sends headers and then one byte a second would hold a caller for as long
 * as it likes; here the exchange is abandoned at the deadline. The body is read up to a bound and the rest discarded.
 * Checks, channels, ticket systems and http actions all send through it.
 */
public final class HttpExchange {
    private HttpExchange() {
    }

    /** What came back: status, the (bounded) body, whether it was cut at the bound, and the time to the whole answer. */
    public record Answer(HttpResponse<byte[]> response, boolean truncated, Duration latency) {
        public int status() {
            return response.statusCode();
        }

        public String text() {
            return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code request} and waits at most {@code deadline} for the complete answer; throws {@link HttpTimeoutException}
     * when it does not come in time (and abandons the exchange).
     */
    public static Answer send(HttpClient client, HttpRequest request, Duration deadline, int maxBody) throws IOException, InterruptedException {
        return send(client, request, deadline, maxBody, deadline);
    }

    private static Answer send(HttpClient client, HttpRequest request, Duration deadline, int maxBody, Duration whole)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Limited body = new Limited(maxBody);
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> body);
        try {
            HttpResponse<byte[]> response = future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(response, body.truncated, Duration.ofNanos(System.nanoTime() - start));
        } catch (TimeoutException e) {
            future.cancel(true);
            body.cancel();
            String got = body.received() > 0 ? " (" + body.received() + " bytes of the body had come)" : "";
            throw new HttpTimeoutException("timeout: no complete answer within " + dev.caretaker.config.Units.formatDuration(whole) + got);
        } catch (InterruptedException e) {
            future.cancel(true);
            body.cancel();
            throw e;
        } catch (CancellationException e) {
            throw new IOException("the exchange was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof java.net.http.HttpConnectTimeoutException)) {
                // the client's own request timeout (the same length) came first: the same words as ours
                body.cancel();
                String got = body.received() > 0 ? " (" + body.received() + " bytes of the body had come)" : "";
                throw new HttpTimeoutException("timeout: no complete answer within " + dev.caretaker.config.Units.formatDuration(whole) + got);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "the exchange failed" : cause.toString(), cause);
        }
    }

    /** A redirect Caretaker will not follow: a loop, too many, or to an address that is not http(s). */
    public static final class RedirectException extends IOException {
        RedirectException(String message) {
            super(message);
        }
    }

    /** Header names that always carry credentials. */
    private static final java.util.Set<String> CREDENTIAL_HEADERS = java.util.Set.of("authorization", "proxy-authorization", "cookie");

    /**
     * Sends {@code request} (with {@code client} set never to follow redirects itself) and follows at most {@code maxRedirects}
     * redirects by hand, all within one {@code deadline}. Headers that carry credentials — {@code Authorization},
     * {@code Proxy-Authorization}, {@code Cookie}, and any whose value holds a secret of the config ({@code secret}) — are sent
     * only to the origin (scheme, host, port) of the first request. 303, and 301/302 after a POST, continue as GET without the
     * body, as browsers do. A loop, one redirect too many, or a redirect to a scheme other than http(s) throws
     * {@link RedirectException}; with {@code maxRedirects} 0 the redirect itself is the answer.
     */
    public static Answer sendFollowing(HttpClient client, HttpRequest request, Duration deadline, int maxBody, int maxRedirects,
                                       java.util.function.Predicate<String> secret) throws IOException, InterruptedException {
        long start = System.nanoTime();
        java.net.URI origin = request.uri();
        java.util.List<String> seen = new java.util.ArrayList<>(java.util.List.of(request.uri().toString()));
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            Duration left = deadline.minusNanos(System.nanoTime() - start);
            if (left.isNegative() || left.isZero()) {
                throw new HttpTimeoutException("timeout: no complete answer within " + dev.caretaker.config.Units.formatDuration(deadline)
                        + " after " + hop + " redirect(s)");
            }
            Answer a = send(client, current, left, maxBody, deadline);
            int status = a.status();
            java.util.Optional<String> location = a.response().headers().firstValue("Location");
            if (maxRedirects == 0 || !java.util.Set.of(301, 302, 303, 307, 308).contains(status) || location.isEmpty()) {
                return new Answer(a.response(), a.truncated(), Duration.ofNanos(System.nanoTime() - start));
            }
            java.net.URI next;
            try {
                next = current.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                throw new RedirectException("HTTP " + status + " redirects to '" + location.get() + "', which is not an address");
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new RedirectException("HTTP " + status + " redirects to " + next.getScheme() + ": (" + next
                        + "), not to an http(s) address; Caretaker does not follow it");
            }
            if (seen.contains(next.toString())) {
                seen.add(next.toString());
                throw new RedirectException("redirect loop: " + String.join(" → ", seen));
            }
            seen.add(next.toString());
            if (hop + 1 > maxRedirects) {
                throw new RedirectException("more than " + maxRedirects + " redirect(s) (max_redirects): " + String.join(" → ", seen));
            }
            current = redirected(current, next, status, sameOrigin(origin, next), secret);
        }
    }

    private static HttpRequest redirected(HttpRequest previous, java.net.URI next, int status, boolean sameOrigin,
                                          java.util.function.Predicate<String> secret) {
        boolean toGet = status == 303 && !previous.method().equals("HEAD")
                || (status == 301 || status == 302) && previous.method().equals("POST");
        HttpRequest.Builder b = HttpRequest.newBuilder(next);
        previous.timeout().ifPresent(b::timeout);
        b.method(toGet ? "GET" : previous.method(), toGet ? HttpRequest.BodyPublishers.noBody()
                : previous.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
        previous.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (toGet && (lower.equals("content-type") || lower.equals("content-length"))) {
                return;
            }
            for (String v : values) {
                if (sameOrigin || !CREDENTIAL_HEADERS.contains(lower) && !secret.test(v)) {
                    b.header(name, v);
                }
            }
        });
        return b.build();
    }

    private static boolean sameOrigin(java.net.URI a, java.net.URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(java.net.URI u) {
        return u.getPort() > 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Collects the body up to {@code max} bytes, then stops reading. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean truncated;

        Limited(int max) {
            this.max = max;
        }

        synchronized int received() {
            return out.size();
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            synchronized (this) {
                for (ByteBuffer b : items) {
                    int take = Math.min(b.remaining(), max - out.size());
                    byte[] chunk = new byte[take];
                    b.get(chunk);
                    out.write(chunk, 0, take);
                    if (out.size() >= max && (b.hasRemaining() || items.size() > 1)) {
                        truncated = true;
                    }
                }
                if (out.size() >= max) {
                    truncated = true;
                    subscription.cancel();
                    result.complete(out.toByteArray());
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                result.complete(out.toByteArray());
            }
        }
    }

    /**
     * Why a request to {@code host} got no answer, in words. The java.net.http client wraps a name that does not resolve
     * (UnresolvedAddressException, UnknownHostException) in a ConnectException, so the whole chain is read for it first.
     */
    public static String noAnswer(Exception e, String host) {
        Throwable t = e;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "the host name " + host + " does not resolve";
            }
        }
        if (t instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return t.getMessage() == null ? "no answer within the timeout" : t.getMessage();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof SSLException || c instanceof GeneralSecurityException) {
                return "TLS failure: " + deepest(c);
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String deepest(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
