package dev.caretaker.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser's cookies over plain HTTP, kept by name whatever their attributes (a test looks at {@code Secure} and the
 * {@code __Host-} prefix itself): every response's {@code Set-Cookie} is taken, every request sends them all, with the extra
 * headers given (a proxy's {@code X-Forwarded-Proto}, a browser's {@code Origin}).
 */
final class CookieJar {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final Map<String, String> cookies = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    private final String base;

    CookieJar(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        b.timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('=')).trim();
            String value = pair.substring(pair.indexOf('=') + 1).trim();
            if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    /** The form token of a page's first form. */
    static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no form token in the page: " + page);
        }
        return m.group(1);
    }

    /** Opens the login form and posts it; the response to the post. */
    HttpResponse<String> login(String user, String password, String next) throws Exception {
        String token = csrf(get("/login").body());
        return post("/login", Map.of("csrf", token, "user", user, "password", password, "next", next));
    }
}
