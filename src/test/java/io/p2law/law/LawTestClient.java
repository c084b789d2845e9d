package io.p2law.law;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;


import io.p2law.support.TestApiKey;
import io.p2law.web.ContractValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the law tests talk to the running service: data goes in through the real HTTP upload API;
 * law requests go through MockMvc so that every request and response is checked against
 * {@code openapi.yaml}.
 */
final class LawTestClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    LawTestClient(MockMvc mvc, int port) {
        this.mvc = mvc;
        this.baseUrl = "http://localhost:" + port;
    }

    /** A slug no other test (or earlier run on the same database) uses. */
    static String freshSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Uploads the synthetic depth family (9 runs, 450 checkpoints) under the given slug. */
    void uploadDepthFamily(String family) {
        String csv = read("src/test/resources/data/p2-synthetic-llama3-depth.csv")
                .replaceAll("(?m)^llama3-depth,", family + ",");
        upload(family, "text/csv", csv);
    }

    HttpResponse<String> upload(String family, String contentType, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/families/" + family + "/runs"))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .header("Authorization", TestApiKey.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("upload answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    HttpResponse<String> postHttp(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", TestApiKey.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    void delete(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", TestApiKey.BEARER).DELETE().build());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    /** GET through MockMvc, checked against the contract. */
    MvcResult get(String path, Object... uriVariables) {
        return perform(MockMvcRequestBuilders.get(path, uriVariables).accept(MediaType.APPLICATION_JSON,
                MediaType.valueOf("image/svg+xml"), MediaType.APPLICATION_PROBLEM_JSON), ContractValidation.conformsToContract());
    }

    /** POST of a JSON body through MockMvc, checked against the contract. */
    MvcResult post(String path, String json, Object... uriVariables) {
        return perform(MockMvcRequestBuilders.post(path, uriVariables).contentType(MediaType.APPLICATION_JSON)
                .content(json), ContractValidation.conformsToContract());
    }

    /** POST of a body that breaks the contract on purpose; the answer must still keep it. */
    MvcResult postInvalid(String path, String json, Object... uriVariables) {
        return perform(MockMvcRequestBuilders.post(path, uriVariables).contentType(MediaType.APPLICATION_JSON)
                .content(json), ContractValidation.responseConformsToContract());
    }

    static JsonNode json(MvcResult result) {
        try {
            return JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MvcResult perform(RequestBuilder request, ResultMatcher contract) {
        try {
            return mvc.perform(request).andExpect(contract).andReturn();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
