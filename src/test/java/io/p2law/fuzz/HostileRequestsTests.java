package io.p2law.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the whole {@link HostileRequests} corpus (more than 300 requests, raw over a socket so that
 * no client library tidies them up) to the running service and checks: no 5xx, every error an
 * {@code application/problem+json} problem of bounded size, and afterwards every family's data
 * version, runs and checkpoints exactly as before.
 */
@IntegrationTest
class HostileRequestsTests {

    private static final int MAX_ERROR_BYTES = 64 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    record Answer(int status, String head, String body) {
    }

    @Test
    void theCorpusGetsNo5xxOnlyProblemsAndChangesNothing() throws Exception {
        String family = "fuzz-" + Long.toString(System.nanoTime(), 36);
        upload(family);
        get("/api/v1/families/" + family + "/law");
        List<String> before = state();
        List<HostileRequests.Hostile> corpus = new HostileRequests(family, "llama-3.2-1b-depth-15", TestApiKey.ADMIN).all();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);

        List<String> failures = new ArrayList<>();
        int errors = 0;
        for (HostileRequests.Hostile request : corpus) {
            Answer answer = send(request.bytes());
            if (answer == null) {
                continue; // the server closed the connection without answering: nothing to check
            }
            if (answer.status() >= 500) {
                failures.add(request + ": " + answer.status() + " " + abbreviate(answer.body()));
            } else if (answer.status() >= 400) {
                errors++;
                String problem = problemViolation(answer);
                if (problem != null) {
                    failures.add(request + ": " + answer.status() + " " + problem);
                }
            }
        }

        assertThat(failures).as("requests answered wrongly").isEmpty();
        assertThat(errors).as("the corpus is refused, not accepted").isGreaterThan(corpus.size() * 8 / 10);
        assertThat(state()).as("every family's data version, runs and checkpoints").isEqualTo(before);
    }

    /** Every family with its data version, run count, checkpoint count and loss sum. */
    private List<String> state() {
        return jdbc.sql("""
                select f.slug || ' v' || f.data_version || ' runs ' || count(distinct r.id) || ' checkpoints '
                       || count(c.run_id) || ' sum ' || coalesce(round(sum(c.loss)::numeric, 9), 0)
                  from family f left join run r on r.family_id = f.id left join checkpoint c on c.run_id = r.id
                 group by f.slug, f.data_version order by f.slug
                """).query(String.class).list();
    }

    private String problemViolation(Answer answer) {
        String type = headerValue(answer.head(), "content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "Content-Type " + type + ": " + abbreviate(answer.body());
        }
        if (answer.body().length() > MAX_ERROR_BYTES) {
            return "a problem of " + answer.body().length() + " bytes";
        }
        try {
            JsonNode problem = json.readTree(answer.body());
            if (problem.path("status").asInt() != answer.status()) {
                return "status " + problem.path("status") + " in the body";
            }
            if (problem.path("errors").size() > 100) {
                return problem.path("errors").size() + " errors";
            }
        } catch (RuntimeException e) {
            return "not JSON: " + abbreviate(answer.body());
        }
        return null;
    }

    private Answer send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException refusedEarly) {
                // The server answered (and closed) before the whole request was sent: read what it said.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                in.transferTo(received);
            } catch (SocketException reset) {
                // A reset after the answer (unread request bytes left): keep what arrived.
            }
            byte[] bytes = received.toByteArray();
            if (bytes.length == 0) {
                return null;
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(text).as("an HTTP answer").startsWith("HTTP/1.");
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            byte[] body = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
            if ("chunked".equalsIgnoreCase(headerValue(head, "transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < body.length) {
            int line = latin.indexOf("\r\n", at);
            if (line < 0) {
                break;
            }
            String sizeText = latin.substring(at, line).trim();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText.split(";")[0], 16);
            if (size == 0) {
                break;
            }
            out.write(body, line + 2, Math.min(size, body.length - line - 2));
            at = line + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static String headerValue(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private void upload(String family) throws Exception {
        String csv = Files.readString(Path.of("src/test/resources/data/p2-synthetic-llama3-depth.csv"))
                .replaceAll("(?m)^llama3-depth,", family + ",");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/families/" + family + "/runs"))
                .header("Content-Type", "text/csv").header("Authorization", TestApiKey.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
