package dev.caretaker.web;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * The web tests' system: a gateway on a port nothing listens on (so a run opens a P1 incident) and an action that restarts
 * it only with a person's approval (so the run files an approval request), posting to {@code restartUrl}.
 */
final class DownGateway {
    private DownGateway() {
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The config of system {@code system}; {@code headers} is YAML for the check's headers ({@code {}} for none). */
    static String config(String system, String headers, String restartUrl) throws IOException {
        return """
                system: %s
                checks:
                  gateway: {type: http, url: "http://127.0.0.1:%d/", headers: %s}
                suites:
                  nightly: {schedule: "0 3 * * *", checks: [gateway]}
                actions:
                  restart-gateway:
                    type: http
                    policy: approval
                    when: http.down
                    url: "%s"
                """.formatted(system, closedPort(), headers, restartUrl);
    }
}
