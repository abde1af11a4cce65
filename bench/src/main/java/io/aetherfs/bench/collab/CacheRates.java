package io.aetherfs.bench.collab;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issue 11's cache benchmark: knowledge-cache get and set rates at a fixed concurrency beside the 4 KiB
 * file read and write rates of the same server in the same run (the baseline). Both sides work on 1,000
 * prefilled 4 KiB items in one session each: sets overwrite random keys ({@code PUT S/cache/{key}}, JSON
 * with the value in base64), writes overwrite random files ({@code PUT S/files}, raw body), gets and reads
 * fetch random ones.
 */
final class CacheRates {
    static final int ITEMS = 1000;
    static final int SIZE = 4096;

    private CacheRates() {}

    static List<ClosedLoop.Rate> run(Http http, int concurrency, int warmupSeconds, int seconds) throws Exception {
        byte[] value = new byte[SIZE];
        ThreadLocalRandom.current().nextBytes(value);
        String json = "{\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\"}";
        byte[] setBody = json.getBytes(StandardCharsets.UTF_8);
        String cache = "/v1/sessions/" + http.newSession("cache-bench") + "/cache/";
        String filesSession = "/v1/sessions/" + http.newSession("files-bench");
        String files = filesSession + "/files?createParents=true&path=";
        String reads = filesSession + "/files?path=";
        for (int i = 0; i < ITEMS; i++) {
            check(http.send("PUT", cache + "k" + i, setBody, "application/json"), "prefill cache");
            check(http.send("PUT", files + "f%2F" + i, value, "application/octet-stream"), "prefill files");
        }
        return List.of(
                ClosedLoop.run(
                        "cache set (PUT S/cache/{key})",
                        concurrency,
                        warmupSeconds,
                        seconds,
                        (t, n) -> http.send("PUT", cache + "k" + random(), setBody, "application/json")),
                ClosedLoop.run(
                        "file write (PUT S/files)",
                        concurrency,
                        warmupSeconds,
                        seconds,
                        (t, n) -> http.send("PUT", files + "f%2F" + random(), value, "application/octet-stream")),
                ClosedLoop.run(
                        "cache get (GET S/cache/{key})",
                        concurrency,
                        warmupSeconds,
                        seconds,
                        (t, n) -> http.send("GET", cache + "k" + random(), null, null)),
                ClosedLoop.run(
                        "file read (GET S/files)",
                        concurrency,
                        warmupSeconds,
                        seconds,
                        (t, n) -> http.send("GET", reads + "f%2F" + random(), null, null)));
    }

    private static int random() {
        return ThreadLocalRandom.current().nextInt(ITEMS);
    }

    private static void check(int status, String what) {
        if (status != 200) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }
}
