package dev.caretaker.demo.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Blob Storage's Blob service on 127.0.0.1, read-only, as Microsoft's REST reference documents it; the account is the
 * first path segment, as for the storage emulator ("List Blobs", "Emulated storage service URI":
 * {@code http://127.0.0.1:10000/devstoreaccount1/mycontainer?restype=container&comp=list}), so the Azure SDK reads it
 * path-style.
 * <ul>
 * <li>"List Blobs": {@code GET /ACCOUNT/CONTAINER?restype=container&comp=list} with {@code prefix}, {@code marker} and
 * {@code maxresults} (1 to 5,000, default 5,000; 0 or less is 400 OutOfRangeQueryParameterValue, "Listing Blob storage
 * resources"): the {@code EnumerationResults} XML (ServiceEndpoint, ContainerName, Prefix, Marker, MaxResults,
 * {@code Blobs/Blob} with Name and Properties — Creation-Time and Last-Modified in RFC 1123, Etag, Content-Length,
 * Content-Type, BlobType BlockBlob, AccessTier, LeaseStatus, LeaseState, ServerEncrypted — and NextMarker, empty on the
 * last page), in alphabetical order;</li>
 * <li>"Get Blob": {@code GET /ACCOUNT/CONTAINER/BLOB} answers 200 with the bytes and Content-Length, Content-Type,
 * Last-Modified, ETag, Accept-Ranges, x-ms-blob-type, x-ms-creation-time, x-ms-lease-state, x-ms-server-encrypted; a
 * {@code x-ms-range} or {@code Range} of {@code bytes=START-} or {@code bytes=START-END} ("Specify the range header for
 * Blob service operations", x-ms-range winning) answers 206 with Content-Range, 416 InvalidRange past the end; an
 * {@code If-Match} that is not the blob's ETag answers 412 ConditionNotMet ("Specifying conditional headers");
 * "Get Blob Properties": {@code HEAD} answers the same headers without a body;</li>
 * <li>"Create a service SAS": the request's query carries the SAS token ({@code sv}, {@code sr=c}, {@code sp}, {@code st},
 * {@code se}, {@code spr}, {@code sig}); a missing or different {@code sig} is 403 AuthenticationFailed, a request outside
 * {@code st}–{@code se} 403 AuthenticationFailed, a listing without {@code l} or a read without {@code r} 403
 * AuthorizationPermissionMismatch;</li>
 * <li>"Status and error codes": an error is the {@code <Error><Code/><Message/></Error>} XML (with
 * {@code AuthenticationErrorDetail} for AuthenticationFailed) and the {@code x-ms-error-code} header; "Blob service error
 * codes": 404 ContainerNotFound, BlobNotFound; "Common REST API error codes": 404 ResourceNotFound for another account;</li>
 * <li>every answer carries {@code x-ms-request-id} and {@code x-ms-version} ("Versioning for the Azure Storage services":
 * the version the request asked for).</li>
 * </ul>
 * The body of an answer is made of bytes: every body here is a string of ISO-8859-1 characters, one per byte.
 */
public final class AzureBlobStandIn extends ApiStandIn {
    /** The version answered when the request names none. */
    static final String VERSION = "2025-01-05";
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** One blob as it is kept: its bytes and when it was last written. */
    private record Blob(byte[] bytes, Instant modified) {
        String etag() {
            return "\"0x" + HexFormat.of().toHexDigits(modified.toEpochMilli() * 31 + bytes.length).toUpperCase() + "\"";
        }
    }

    private final String account;
    private final String signature;
    private final Instant start;
    private final Instant expiry;
    private final Map<String, NavigableMap<String, Blob>> containers = new ConcurrentHashMap<>();

    /** Account {@code devstoreaccount1} on any free port. */
    public AzureBlobStandIn() throws IOException {
        this("devstoreaccount1", 0);
    }

    /** Account {@code account} on {@code port} of 127.0.0.1 (0: any free port), with a SAS made for it alone. */
    public AzureBlobStandIn(String account, int port) throws IOException {
        super("azure-blob", port);
        this.account = account;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.signature = Base64.getEncoder().encodeToString(key);
        this.start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        this.expiry = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        start();
    }

    /** An empty container (one that {@link #put} fills needs no call). */
    public AzureBlobStandIn container(String name) {
        containers.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
        return this;
    }

    /** Writes a block blob {@code name} in {@code container} (made if new), last modified at {@code modified}. */
    public AzureBlobStandIn put(String container, String name, byte[] bytes, Instant modified) {
        containers.computeIfAbsent(container, n -> new ConcurrentSkipListMap<>()).put(name, new Blob(bytes.clone(),
                modified.truncatedTo(ChronoUnit.SECONDS)));
        return this;
    }

    /** The account URL a client takes: {@code http://127.0.0.1:PORT/ACCOUNT}. */
    public String accountUrl() {
        return url() + "/" + account;
    }

    @Override
    public String clientUrl() {
        return accountUrl();
    }

    /** The SAS this stand-in made: its clients are given that, whatever token the demo issued. */
    @Override
    public String credential(String token) {
        return sasToken();
    }

    /**
     * A service SAS for the account's containers as the portal or {@code az storage container generate-sas} gives one, without
     * the leading {@code ?}: read and list ({@code sp=rl}), valid from an hour ago for a week, over HTTPS or HTTP (the
     * stand-in speaks HTTP).
     */
    public String sasToken() {
        return "sv=" + VERSION + "&st=" + enc(start.toString()) + "&se=" + enc(expiry.toString()) + "&sr=c&sp=rl&spr=https%2Chttp&sig="
                + enc(signature);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    protected boolean authorized(Request r) {
        return refusal(r).isEmpty();
    }

    @Override
    protected Reply unauthorized(Request r) {
        return refusal(r).orElseThrow();
    }

    /** Why the request's SAS does not let it through, as Azure answers it; empty when it does. */
    private Optional<Reply> refusal(Request r) {
        String sig = r.param("sig", null);
        if (sig == null) {
            return Optional.of(error(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of "
                    + "Authorization header is formed correctly including the signature.", "Signature fields not well formed."));
        }
        if (!sig.equals(signature)) {
            return Optional.of(error(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of "
                    + "Authorization header is formed correctly including the signature.", "Signature did not match."));
        }
        Instant now = Instant.now();
        if (now.isBefore(instant(r.param("st", null), Instant.MIN)) || now.isAfter(instant(r.param("se", null), Instant.MIN))) {
            return Optional.of(error(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of "
                    + "Authorization header is formed correctly including the signature.", "Signature not valid in the specified time "
                    + "frame: Start [" + RFC_1123.format(start) + "] - Expiry [" + RFC_1123.format(expiry) + "] - Current ["
                    + RFC_1123.format(now) + "]"));
        }
        String needed = "list".equals(r.param("comp", null)) ? "l" : "r";
        if (!r.param("sp", "").contains(needed)) {
            return Optional.of(error(403, "AuthorizationPermissionMismatch",
                    "This request is not authorized to perform this operation using this permission.", null));
        }
        return Optional.empty();
    }

    private static Instant instant(String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    @Override
    protected Reply rateLimited(Request r) {
        return error(503, "ServerBusy", "The server is busy.", null); // Azure throttles with 503 ServerBusy and Retry-After
    }

    @Override
    protected Reply notFound(Request r) {
        return error(404, "ResourceNotFound", "The specified resource does not exist.", null);
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        String version = r.header("x-ms-version");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-ms-request-id", UUID.randomUUID().toString());
        h.put("x-ms-version", version == null ? VERSION : version);
        h.put("server", "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0");
        if (r.header("x-ms-client-request-id") != null) {
            h.put("x-ms-client-request-id", r.header("x-ms-client-request-id"));
        }
        return h;
    }

    @Override
    protected Reply answer(Request r) {
        String[] parts = r.path().substring(1).split("/", 3);
        if (!parts[0].equals(account) || parts.length < 2 || parts[1].isEmpty()) {
            return null;
        }
        NavigableMap<String, Blob> container = containers.get(parts[1]);
        if (container == null) {
            return error(404, "ContainerNotFound", "The specified container does not exist.", null);
        }
        if (parts.length == 2) {
            return "container".equals(r.param("restype", null)) && "list".equals(r.param("comp", null)) ? list(r, parts[1], container)
                    : null;
        }
        Blob blob = container.get(parts[2]);
        if (blob == null) {
            return error(404, "BlobNotFound", "The specified blob does not exist.", null);
        }
        String ifMatch = r.header("if-match");
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(blob.etag())) {
            return error(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.", null);
        }
        return read(r, blob);
    }

    private Reply list(Request r, String name, NavigableMap<String, Blob> container) {
        String prefix = r.param("prefix", "");
        String marker = r.param("marker", "");
        int max;
        try {
            max = Integer.parseInt(r.param("maxresults", "5000"));
        } catch (NumberFormatException e) {
            max = 0;
        }
        if (max <= 0) {
            return error(400, "OutOfRangeQueryParameterValue", "One of the query parameters specified in the request URI is outside the "
                    + "permissible range.", null);
        }
        max = Math.min(max, 5000);
        List<Map.Entry<String, Blob>> matching = (marker.isEmpty() ? container : container.tailMap(marker, true)).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)).limit(max + 1L).toList();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
                .append("<EnumerationResults ServiceEndpoint=\"").append(escape(url() + "/" + account + "/")).append("\" ContainerName=\"")
                .append(escape(name)).append("\">");
        if (!prefix.isEmpty()) {
            xml.append("<Prefix>").append(escape(prefix)).append("</Prefix>");
        }
        if (!marker.isEmpty()) {
            xml.append("<Marker>").append(escape(marker)).append("</Marker>");
        }
        if (r.param("maxresults", null) != null) {
            xml.append("<MaxResults>").append(max).append("</MaxResults>");
        }
        xml.append("<Blobs>");
        for (Map.Entry<String, Blob> e : matching.subList(0, Math.min(max, matching.size()))) {
            xml.append(blobXml(e.getKey(), e.getValue()));
        }
        xml.append("</Blobs>");
        xml.append(matching.size() > max ? "<NextMarker>" + escape(matching.get(max).getKey()) + "</NextMarker>" : "<NextMarker />");
        xml.append("</EnumerationResults>");
        return new Reply(200, Map.of("content-type", "application/xml"), bytes(xml.toString()));
    }

    private static String blobXml(String name, Blob b) {
        return "<Blob><Name>" + escape(name) + "</Name><Properties>"
                + "<Creation-Time>" + RFC_1123.format(b.modified()) + "</Creation-Time>"
                + "<Last-Modified>" + RFC_1123.format(b.modified()) + "</Last-Modified>"
                + "<Etag>" + b.etag().replace("\"", "") + "</Etag>"
                + "<Content-Length>" + b.bytes().length + "</Content-Length>"
                + "<Content-Type>application/octet-stream</Content-Type><Content-Encoding /><Content-Language /><Content-MD5 />"
                + "<Cache-Control /><Content-Disposition /><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier>"
                + "<AccessTierInferred>true</AccessTierInferred><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
                + "<ServerEncrypted>true</ServerEncrypted></Properties><OrMetadata /></Blob>";
    }

    private static Reply read(Request r, Blob blob) {
        byte[] all = blob.bytes();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/octet-stream");
        h.put("last-modified", RFC_1123.format(blob.modified()));
        h.put("etag", blob.etag());
        h.put("accept-ranges", "bytes");
        h.put("x-ms-blob-type", "BlockBlob");
        h.put("x-ms-creation-time", RFC_1123.format(blob.modified()));
        h.put("x-ms-lease-status", "unlocked");
        h.put("x-ms-lease-state", "available");
        h.put("x-ms-server-encrypted", "true");
        String range = r.header("x-ms-range") != null ? r.header("x-ms-range") : r.header("range");
        int from = 0;
        int to = all.length - 1;
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches()) {
                return error(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.", null);
            }
            from = (int) Math.min(Long.parseLong(m.group(1)), Integer.MAX_VALUE);
            if (from >= all.length) {
                return error(416, "InvalidRange", "The range specified is invalid for the current size of the resource.", null)
                        .with("content-range", "bytes */" + all.length);
            }
            if (!m.group(2).isEmpty()) {
                to = (int) Math.min(Long.parseLong(m.group(2)), all.length - 1L);
            }
            status = 206;
            h.put("content-range", "bytes " + from + "-" + to + "/" + all.length);
        }
        h.put("content-length", String.valueOf(to - from + 1));
        byte[] part = java.util.Arrays.copyOfRange(all, from, to + 1);
        return new Reply(status, h, "HEAD".equals(r.method()) ? null : new String(part, StandardCharsets.ISO_8859_1));
    }

    /** Azure's error answer: the XML body of "Status and error codes" and the {@code x-ms-error-code} header. */
    private static Reply error(int status, String code, String message, String authenticationDetail) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + escape(message)
                + "\nRequestId:" + UUID.randomUUID() + "\nTime:" + Instant.now() + "</Message>"
                + (authenticationDetail == null ? "" : "<AuthenticationErrorDetail>" + escape(authenticationDetail) + "</AuthenticationErrorDetail>")
                + "</Error>";
        return new Reply(status, Map.of("content-type", "application/xml", "x-ms-error-code", code), bytes(body));
    }

    /** Text as this stand-in's bodies are kept: its UTF-8 bytes, one ISO-8859-1 character each. */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    protected byte[] encode(String body) {
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }
}
