package dev.caretaker.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The login form as a browser fills it in: open {@code /login} for its token and cookies, post name and password back. */
final class LoginForms {
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private LoginForms() {
    }

    /** A form's token and the cookies that came with it ({@code name=value; …}). */
    record Form(String csrf, String cookies) {
    }

    static Form open(String base, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/login")).timeout(Duration.ofSeconds(60));
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> page = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no login form at " + base + "/login: " + page.statusCode());
        }
        return new Form(m.group(1), cookies(page));
    }

    static String cookies(HttpResponse<?> response) {
        List<String> out = new ArrayList<>();
        for (String c : response.headers().allValues("Set-Cookie")) {
            out.add(c.split(";", 2)[0]);
        }
        return String.join("; ", out);
    }

    /** Opens a form and posts it; the answer, not followed (a 302 with a session cookie is a login). */
    static HttpResponse<String> login(String base, String user, String password, String forwardedFor) throws Exception {
        Form form = open(base, forwardedFor);
        return post(base, form, user, password, forwardedFor);
    }

    static HttpResponse<String> post(String base, Form form, String user, String password, String forwardedFor) throws Exception {
        String body = "csrf=" + enc(form.csrf()) + "&user=" + enc(user) + "&password=" + enc(password) + "&next=%2F";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/login")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", form.cookies())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean loggedIn(HttpResponse<String> r) {
        return r.statusCode() == 302 && r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.contains("session"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
