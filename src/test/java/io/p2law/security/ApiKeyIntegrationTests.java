package io.p2law.security;

import static io.p2law.web.ContractValidation.conformsToContract;
import static io.p2law.web.ContractValidation.responseConformsToContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keys end to end: over real HTTP where the absence of a header matters, through MockMvc (checked against the contract) otherwise. */
@IntegrationTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyIntegrationTests {

    private static final String RUN = """
            {"runs": [{"runId": "r1", "baseModel": "m", "pruningMethod": "depth", "paramsBefore": 1000,
              "pruningRate": 0.25, "checkpoints": [{"tokens": 10, "loss": 2.5}]}]}""";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    ApiKeyRepository repository;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWriteWithoutAKeyIs401AndStoresNothing() throws Exception {
        String family = "keys-none-" + System.nanoTime();

        HttpResponse<String> refused = send("POST", "/api/v1/families/" + family + "/runs", null, RUN);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json.readTree(refused.body()).path("status").asInt()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/families/" + family, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aReadKeyCanReadButWritingIs403() throws Exception {
        String readKey = createKey("dashboard", "read");
        String family = "keys-read-" + System.nanoTime();

        HttpResponse<String> write = send("PUT", "/api/v1/families/" + family, readKey, "{}");
        HttpResponse<String> delete = send("DELETE", "/api/v1/families/" + family, readKey, null);
        HttpResponse<String> fit = send("POST", "/api/v1/families/" + family + "/fits", readKey, "{}");
        HttpResponse<String> read = send("GET", "/api/v1/families", readKey, null);

        for (HttpResponse<String> refused : List.of(write, delete, fit)) {
            assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.request().uri()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/families/" + family, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aWriteKeyWritesButCannotAdministerKeys() throws Exception {
        String writeKey = createKey("ci", "write");
        String family = "keys-write-" + System.nanoTime();

        assertThat(send("PUT", "/api/v1/families/" + family, writeKey, "{}").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/api/v1/keys", writeKey, null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/keys", writeKey, "{\"name\":\"x\",\"scopes\":[\"admin\"]}").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/families/" + family, writeKey, null).statusCode()).isEqualTo(204);
    }

    @Test
    void anUnknownMalformedOrRevokedKeyIs401EvenForAnonymousReads() throws Exception {
        String key = createKey("short-lived", "read");
        String id = json.readTree(mvc.perform(get("/api/v1/keys")).andReturn().getResponse().getContentAsString())
                .path("keys").valueStream().filter(k -> key.contains("." + k.path("id").asString() + "."))
                .findFirst().orElseThrow().path("id").asString();

        mvc.perform(delete("/api/v1/keys/{id}", id)).andExpect(status().isNoContent()).andExpect(conformsToContract());

        assertThat(send("GET", "/api/v1/families", key, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/families", key.substring(0, key.length() - 1) + "x", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/families", "not-a-key-at-all", null).statusCode()).isEqualTo(401);
        HttpResponse<String> basic = send("GET", "/api/v1/families", null, null, "Basic dXNlcjpwYXNz");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(send("GET", "/api/v1/families", null, null).statusCode()).isEqualTo(200);
        mvc.perform(delete("/api/v1/keys/{id}", id)).andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/keys/{id}", "no-such-key")).andExpect(status().isNotFound())
                .andExpect(conformsToContract());
    }

    @Test
    void keysAreCreatedOnceListedWithoutTheirTextAndNeverLogged(CapturedOutput output) throws Exception {
        String body = mvc.perform(post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"nightly\", \"scopes\": [\"read\", \"write\"]}"))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.scopes[0]").value("read"))
                .andExpect(conformsToContract())
                .andReturn().getResponse().getContentAsString();
        String key = json.readTree(body).path("key").asString();
        String id = json.readTree(body).path("id").asString();

        assertThat(send("PUT", "/api/v1/families/keys-log-" + System.nanoTime(), key, "{}").statusCode()).isEqualTo(201);
        String list = mvc.perform(get("/api/v1/keys")).andExpect(status().isOk()).andExpect(conformsToContract())
                .andReturn().getResponse().getContentAsString();

        assertThat(list).contains(id).doesNotContain(key);
        assertThat(output.getAll()).doesNotContain(key).doesNotContain(TestApiKey.ADMIN);
        assertThat(repository.find(id).orElseThrow().secretHash()).isEqualTo(ApiKeyToken.hash(key));
    }

    @Test
    void badKeyRequestsNameTheField() throws Exception {
        mvc.perform(post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"scopes\": [\"root\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[1].field").value("scopes[0]"))
                .andExpect(responseConformsToContract());
    }

    @Test
    void aRevocationReachesAnotherInstanceWithinItsCacheLifetime() throws Exception {
        String key = createKey("two-instances", "read");
        ApiKeys otherInstance = new ApiKeys(repository, Duration.ofMillis(500), System::nanoTime);
        assertThat(otherInstance.authenticate(key)).isPresent();
        String id = ApiKeyToken.idOf(key);

        mvc.perform(delete("/api/v1/keys/{id}", id)).andExpect(status().isNoContent());
        long revokedAt = System.nanoTime();
        while (otherInstance.authenticate(key).isPresent()) {
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
            Thread.sleep(20);
        }
    }

    @Test
    void healthShowsDetailsOnlyToKeyHolders() throws Exception {
        JsonNode anonymous = json.readTree(send("GET", "/actuator/health", null, null).body());
        JsonNode authorised = json.readTree(send("GET", "/actuator/health", TestApiKey.ADMIN, null).body());

        assertThat(anonymous.path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(authorised.path("components").path("db").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void theUnauthorizedAnswerKeepsTheContract() throws Exception {
        mvc.perform(put("/api/v1/families/{family}", "keys-contract").header("Authorization", "Bearer p2law.nope.nope")
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(responseConformsToContract());
    }

    private String createKey(String name, String scope) throws Exception {
        String body = mvc.perform(post("/api/v1/keys").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"" + name + "\", \"scopes\": [\"" + scope + "\"]}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(body).path("key").asString();
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws IOException, InterruptedException {
        return send(method, path, key, body, null);
    }

    private HttpResponse<String> send(String method, String path, String key, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        } else if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
