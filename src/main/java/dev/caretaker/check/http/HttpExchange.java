package dev.caretaker.check.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
            throw new HttpTimeoutException("timeout: no complete answer within " + dev.caretaker.config.Units.formatDuration(deadline) + got);
        } catch (InterruptedException e) {
            future.cancel(true);
            body.cancel();
            throw e;
        } catch (CancellationException e) {
            throw new IOException("the exchange was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "the exchange failed" : cause.toString(), cause);
        }
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
}
