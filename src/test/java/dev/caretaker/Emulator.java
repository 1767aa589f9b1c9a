package dev.caretaker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A storage server the tests run on 127.0.0.1 for real: s3rver (the S3 API) or Azurite (Azure Blob), from the npm packages
 * scripts/test installs into {@code emulators/node_modules} (pinned in emulators/package-lock.json). Each test starts its own
 * on a free port over its own folder, and stops it.
 */
public final class Emulator implements AutoCloseable {
    /** s3rver's fixed credentials: it checks every request's signature against them. */
    public static final String S3_ACCESS_KEY = "S3RVER";
    public static final String S3_SECRET_KEY = "S3RVER";
    /** Azurite's well-known development account and key (its README, "Default Storage Account"). */
    public static final String AZURE_ACCOUNT = "devstoreaccount1";
    public static final String AZURE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;
    private final Path log;

    private Emulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** s3rver over {@code folder}, answering path-style requests at {@link #url()}. */
    public static Emulator s3(Path folder) throws IOException {
        return start(folder, "s3rver", java.util.Map.of(), port -> List.of("-d", folder.resolve("data").toString(), "-a", "127.0.0.1", "-p",
                String.valueOf(port), "--silent"));
    }

    /** Azurite's Blob service over {@code folder}; the account's URL is {@link #url()}{@code /devstoreaccount1}. */
    public static Emulator azurite(Path folder) throws IOException {
        return azurite(folder, java.util.Map.of());
    }

    /** Azurite with more environment, e.g. {@code NODE_OPTIONS} preloading a script that sets the server's clock. */
    public static Emulator azurite(Path folder, java.util.Map<String, String> env) throws IOException {
        return start(folder, "azurite-blob", env, port -> List.of("--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port), "--location",
                folder.resolve("data").toString(), "--silent", "--skipApiVersionCheck", "--disableTelemetry"));
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private interface Args {
        List<String> of(int port);
    }

    private static Emulator start(Path folder, String tool, java.util.Map<String, String> env, Args args) throws IOException {
        Path bin = Path.of(System.getProperty("user.dir"), "emulators", "node_modules", ".bin", tool);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(tool + " is not installed at " + bin + ": scripts/test installs it (or run "
                    + "'npm ci' in emulators/)");
        }
        Files.createDirectories(folder.resolve("data"));
        Path log = folder.resolve(tool + ".log");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(bin.toString()));
            cmd.addAll(args.of(port));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (tool.equals("s3rver")) {
                // s3rver's ListObjectsV2 continuation tokens are DES-encrypted, a cipher Node.js 17+ keeps in OpenSSL's legacy provider
                pb.environment().put("NODE_OPTIONS", "--openssl-legacy-provider");
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && p.isAlive()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return new Emulator(p, port, log);
                } catch (IOException e) {
                    last = e;
                    sleep();
                }
            }
            p.destroyForcibly();
        }
        throw new IOException(tool + " did not start; its log: " + (Files.exists(log) ? Files.readString(log) : "(none)"), last);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the server printed, for a failing test's message. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
