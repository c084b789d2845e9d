package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;

/**
 * What generated clients send: an Accept that names JSON or problems (or both) gets an answer or a
 * problem from every kind of operation, never a 406 for that reason.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcceptNegotiationTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String family = "accept-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void uploadFamily() throws Exception {
        String csv = Files.readString(Path.of("src/test/resources/data/p2-synthetic-llama3-depth.csv"))
                .replaceAll("(?m)^llama3-depth,", family + ",");
        HttpResponse<String> upload = send(HttpRequest.newBuilder(uri("/api/v1/families/" + family + "/runs"))
                .header("Content-Type", "text/csv").header("Authorization", TestApiKey.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(csv)), "application/json");
        assertThat(upload.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/problem+json", "application/json", "application/json, application/problem+json",
            "application/problem+json;q=0.5, text/html"})
    void aReadAnswersJson(String accept) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/families/" + family)).GET(), accept);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/problem+json", "application/json"})
    void aPredictionAnswersJson(String accept) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/families/" + family + "/predictions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"paramsBefore\":3210000000,\"pruningRate\":0.25,\"lossBefore\":2.12,\"tokens\":[1e9]}")), accept);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/problem+json", "application/json", "image/svg+xml, application/problem+json"})
    void thePlotIsDrawnForAClientThatNamesOnlyJsonOrProblems(String accept) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/families/" + family + "/law/plot.svg")).GET(), accept);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(response.body()).contains("<svg", family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/problem+json", "application/json"})
    void aMistakeIsAProblem(String accept) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/families/no-such-family/law/plot.svg")).GET(), accept);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String accept) throws IOException, InterruptedException {
        return http.send(request.header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }
}
