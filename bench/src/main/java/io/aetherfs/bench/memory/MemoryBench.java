package io.aetherfs.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one running afs-server through the memory scenarios of the hardening issue and reads the
 * server's memory after each step: a 100,000-file directory synced, listed, exported and forked; 32 bus
 * subscribers that stop reading while large messages are published; a 5 GiB file uploaded and
 * downloaded; 10,000 small sessions left idle. Prints one line per step and writes them as JSON.
 *
 * <p>Usage: {@code MemoryBench --url URL --pid PID --out FILE [--token BEARER] [--files N] [--big-bytes N]
 * [--sessions N] [--subscribers N] [--only PHASES] [--jcmd PATH]}
 */
public final class MemoryBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private String auth;
    private final ServerMemory memory;
    private final String jcmd;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<Map<String, Object>> steps = new ArrayList<>();

    private MemoryBench(String base, String auth, long pid, String jcmd) {
        this.base = base;
        this.auth = auth;
        this.pid = pid;
        this.jcmd = jcmd;
        this.memory = new ServerMemory(pid, base);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        MemoryBench b = new MemoryBench(
                a.getOrDefault("url", "http://127.0.0.1:8080"),
                a.getOrDefault("token", "Bearer 3f0c8a9e-1111-4a5b-9c2d-1234567890ab:memory"),
                Long.parseLong(a.get("pid")),
                a.getOrDefault("jcmd", "jcmd"));
        String only = a.getOrDefault("only", "bigdir,bus,bigfile,sessions");
        b.record("idle", "after start", 0);
        if (only.contains("bigdir")) {
            b.bigDirectory(Integer.parseInt(a.getOrDefault("files", "100000")));
        }
        if (only.contains("bus")) {
            b.stalledSubscribers(Integer.parseInt(a.getOrDefault("subscribers", "32")));
        }
        if (only.contains("bigfile")) {
            b.bigFile(Long.parseLong(a.getOrDefault("big-bytes", Long.toString(5L << 30))));
        }
        if (only.contains("sessions")) {
            b.idleSessions(Integer.parseInt(a.getOrDefault("sessions", "10000")));
        }
        Files.writeString(
                Path.of(a.getOrDefault("out", "memory.json")),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(b.steps));
    }

    private void bigDirectory(int files) throws Exception {
        String s = session("big-directory");
        memory.resetPeak();
        long t = System.nanoTime();
        post("/v1/sessions/" + s + ":syncFromTarball", Payloads.tarOfFiles("big", files), "application/x-tar");
        record("bigdir", "sync of a tar with " + files + " files in one directory", t);
        memory.resetPeak();
        t = System.nanoTime();
        int listed = 0;
        String token = "";
        do {
            JsonNode page = getJson("/v1/sessions/" + s + "/manifest?pathPrefix=big&pageSize=1000&pageToken=" + token);
            listed += page.get("entries").size();
            token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        record("bigdir", "manifest of the directory, " + listed + " entries in pages of 1,000", t);
        memory.resetPeak();
        t = System.nanoTime();
        long exported = drain("/v1/sessions/" + s + ":export?format=tar.gz", null);
        record("bigdir", "export as tar.gz (" + exported / 1024 + " KiB)", t);
        memory.resetPeak();
        t = System.nanoTime();
        post("/v1/sessions/" + s + "/fork", "{}");
        record("bigdir", "fork", t);
    }

    private void stalledSubscribers(int subscribers) throws Exception {
        String s = session("stalled-subscribers");
        memory.resetPeak();
        long t = System.nanoTime();
        List<Socket> stalled = new ArrayList<>();
        URI u = URI.create(base);
        for (int i = 0; i < subscribers; i++) {
            Socket sock = new Socket();
            sock.setReceiveBufferSize(4096); // a subscriber that stops reading: its window fills at once
            sock.connect(new InetSocketAddress(u.getHost(), u.getPort()));
            String req = "GET /v1/sessions/" + s + "/bus?topics=load HTTP/1.1\r\nHost: " + u.getAuthority()
                    + "\r\nAuthorization: " + auth + "\r\nAccept: application/x-ndjson\r\n\r\n";
            sock.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            stalled.add(sock);
        }
        byte[] payload = new byte[256 * 1024];
        String body = "{\"topic\":\"load\",\"contentType\":\"application/octet-stream\",\"payload\":\""
                + Base64.getEncoder().encodeToString(payload) + "\"}";
        for (int i = 0; i < 1500; i++) {
            post("/v1/sessions/" + s + "/bus:publish", body);
        }
        record("bus", subscribers + " stalled subscribers, 1,500 messages of 256 KiB published", t);
        for (Socket sock : stalled) {
            sock.close();
        }
    }

    private void bigFile(long size) throws Exception {
        String s = session("big-file");
        memory.resetPeak();
        long t = System.nanoTime();
        MessageDigest up = MessageDigest.getInstance("SHA-256");
        send(request("/v1/sessions/" + s + "/files?path=big.bin")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> Payloads.unique(size, up))));
        record("bigfile", "upload of " + (size >> 20) + " MiB", t);
        memory.resetPeak();
        t = System.nanoTime();
        MessageDigest down = MessageDigest.getInstance("SHA-256");
        long read = drain("/v1/sessions/" + s + "/files?path=big.bin", down);
        boolean same = read == size && MessageDigest.isEqual(up.digest(), down.digest());
        record("bigfile", "download of " + (read >> 20) + " MiB, " + (same ? "identical" : "DIFFERENT"), t);
        if (!same) {
            throw new IllegalStateException("the downloaded file differs from the uploaded one");
        }
    }

    private void idleSessions(int n) throws Exception {
        // a tenant of its own: the other phases' sessions would count against the per-tenant quota
        auth = auth.replaceFirst("^Bearer [0-9a-f]{8}", "Bearer 5e551075");
        gc();
        record("sessions", "before, after a full GC", 0);
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String s = session("idle-" + i);
            send(request("/v1/sessions/" + s + "/files?path=README.md")
                    .PUT(HttpRequest.BodyPublishers.ofString("session " + i + "\n")));
        }
        record("sessions", n + " sessions with one file each", t);
        gc();
        record("sessions", n + " idle sessions, after a full GC", 0);
    }

    /** Runs two full GCs a few seconds apart, so G1 has returned the heap it no longer needs to the OS. */
    private void gc() throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor();
            Thread.sleep(3_000);
        }
    }

    private void record(String phase, String step, long startNanos) {
        ServerMemory.Reading r = memory.read();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", phase);
        m.put("step", step);
        m.put("seconds", startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9);
        m.put("rssBytes", r.rss());
        m.put("peakRssBytes", r.peakRss());
        m.put("heapUsedBytes", r.heapUsed());
        m.put("heapCommittedBytes", r.heapCommitted());
        m.put("heapMaxBytes", r.heapMax());
        steps.add(m);
        System.out.printf(
                "%-9s %-62s %7.1f s  RSS %6d MiB (peak %6d)  heap %5d / %5d / %5d MiB%n",
                phase,
                step,
                (double) m.get("seconds"),
                r.rss() >> 20,
                r.peakRss() >> 20,
                r.heapUsed() >> 20,
                r.heapCommitted() >> 20,
                r.heapMax() >> 20);
    }

    private String session(String name) {
        return post("/v1/sessions", "{\"displayName\":\"" + name + "\"}")
                .get("id")
                .asText();
    }

    private JsonNode post(String path, String json) {
        return parse(send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    private void post(String path, InputStream body, String contentType) {
        send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)));
    }

    private JsonNode getJson(String path) {
        return parse(send(request(path).GET()));
    }

    /** Streams a GET body to nowhere (through {@code digest} if given) and returns its length. */
    private long drain(String path, MessageDigest digest) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
        }
        long n = 0;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = r.body()) {
            for (int k; (k = in.read(buf)) > 0; ) {
                if (digest != null) {
                    digest.update(buf, 0, k);
                }
                n += k;
            }
        }
        return n;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", auth);
    }

    private byte[] send(HttpRequest.Builder b) {
        HttpRequest req = b.build();
        try {
            HttpResponse<byte[]> rsp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (rsp.statusCode() / 100 != 2) {
                String text = new String(rsp.body(), StandardCharsets.UTF_8);
                throw new IllegalStateException(req.method() + " " + req.uri().getPath() + " answered "
                        + rsp.statusCode() + ": " + text.substring(0, Math.min(500, text.length())));
            }
            return rsp.body();
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
