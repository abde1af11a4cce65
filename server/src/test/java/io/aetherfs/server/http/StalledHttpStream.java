package io.aetherfs.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A streamed HTTP/1.1 GET over a raw socket whose reader pauses: it sends the request and reads nothing
 * until {@link #readToEnd} is called, so the server's writes back up into the kernel buffers (kept small
 * by the given receive buffer) and then into the server. {@link #readToEnd} then reads the whole response
 * (status, headers and the chunked body) and says how it ended: with the last chunk, or cut off.
 */
public final class StalledHttpStream implements AutoCloseable {
    private final Socket socket;

    private StalledHttpStream(Socket socket) {
        this.socket = socket;
    }

    /** Connects with a receive buffer of {@code receiveBuffer} bytes and sends {@code GET target}. */
    public static StalledHttpStream open(int port, String target, Map<String, String> headers, int receiveBuffer)
            throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer); // before connect, so the TCP window is small from the start
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new StalledHttpStream(s);
    }

    /** What the client read once it resumed: the status, the body, and whether the last chunk came. */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean complete, String cutOffBy) {
        /** Returns the body's lines (without line ends), in order. */
        public List<String> lines() {
            String text = new String(body, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!out.isEmpty() && out.getLast().isEmpty()) {
                out.removeLast();
            }
            return out;
        }
    }

    /**
     * Resumes reading and reads the response to its end, waiting at most {@code idle} for each read: the
     * response is complete when the terminating zero-length chunk arrived, cut off when the connection
     * ended (or went quiet) before it.
     */
    public Response readToEnd(Duration idle) throws IOException {
        socket.setSoTimeout((int) idle.toMillis());
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body.write(in.readAllBytes());
                return new Response(status, headers, body.toByteArray(), true, null);
            }
            while (true) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    return new Response(status, headers, body.toByteArray(), true, null);
                }
                body.write(in.readNBytes(n));
                if (!line(in).isEmpty()) {
                    throw new IOException("malformed chunk");
                }
            }
        } catch (SocketTimeoutException e) {
            return new Response(status, headers, body.toByteArray(), false, "no data for " + idle);
        } catch (IOException | RuntimeException e) {
            return new Response(status, headers, body.toByteArray(), false, e.toString());
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-line");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
