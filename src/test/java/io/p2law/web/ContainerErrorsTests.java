package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;

/**
 * Requests refused by Tomcat or the security firewall before any controller runs are answered as
 * problems, not HTML; written over a raw socket so that nothing tidies the request up first.
 */
@IntegrationTest
class ContainerErrorsTests {

    @LocalServerPort
    int port;

    record Answer(int status, String head, String body) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/v1/families/a%2Fb HTTP/1.1",
            "GET /api/v1/families/a%00b HTTP/1.1",
            "GET /api/v1/families/a%5Cb HTTP/1.1",
            "GET /api/v1/families/..%2F..%2Fetc HTTP/1.1",
            "GET /api/v1/families/% HTTP/1.1",
            "GET /api/v1/families/a;b HTTP/1.1",
            "GET /api/v1/families/a;jsessionid=1/runs HTTP/1.1",
            "GET /api/v1/families//x HTTP/1.1",
            "GET /api/v1/fam\u0001ilies HTTP/1.1",
            "NOT-HTTP"})
    void aPathOrRequestLineTheContainerRefusesIsAProblem(String requestLine) throws IOException {
        Answer answer = send(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertProblem(answer);
    }

    @Test
    void aHugeUrlIsAProblem() throws IOException {
        Answer answer = send("GET /api/v1/families/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isBetween(400, 499);
        assertProblem(answer);
    }

    @Test
    void aNegativeContentLengthIsAProblem() throws IOException {
        Answer answer = send("POST /api/v1/families/x/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertProblem(answer);
    }

    @Test
    void aHeaderLineWithoutColonIsAProblem() throws IOException {
        Answer answer = send("GET /api/v1/families HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertProblem(answer);
    }

    @Test
    void aPathParameterWithASemicolonCreatesNothing() throws IOException {
        String family = "semi" + System.nanoTime() % 100_000;
        Answer put = send("PUT /api/v1/families/" + family + ";b HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + TestApiKey.BEARER + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        Answer get = send("GET /api/v1/families/" + family + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(put.status()).isEqualTo(400);
        assertProblem(put);
        assertThat(get.status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data", "multipart/form-data; boundary", "multipart/form-data; boundary=\"",
            "multipart/mixed; boundary=x", "application/json; charset=nonsense", "text/csv; charset=\u00ff"})
    void aMalformedOrUnusedContentTypeIsAProblemOnEveryPath(String contentType) throws IOException {
        for (String target : new String[] {"POST /api/v1/families/x/predictions", "POST /api/v1/families/x/runs",
                "GET /api/v1/families", "PUT /api/v1/families/x"}) {
            Answer answer = send(target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestApiKey.BEARER
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nx=1");

            assertThat(answer.status()).as(target + " with " + contentType).isLessThan(500);
            if (answer.status() >= 400) {
                assertProblem(answer);
            }
        }
    }

    private static void assertProblem(Answer answer) {
        assertThat(answer.head().toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer.body()).contains("\"status\":" + answer.status()).doesNotContain("<html");
    }

    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
        }
    }
}
