package io.p2law.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The families API over HTTP against the real database. */
@IntegrationTest
class FamilyApiIntegrationTests {

    private static final Path DEPTH = Path.of("src/test/resources/data/p2-synthetic-llama3-depth.csv");

    @Value("${local.server.port}")
    int port;

    @Autowired
    FamilyCatalog catalog;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void storesTheSyntheticDepthFamilyFromCsv() throws Exception {
        String family = uniqueFamily("depth");

        HttpResponse<String> upload = post(family + "/runs", "text/csv", depthCsv(family));

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.headers().firstValue("P2law-Data-Version")).hasValue("1");
        JsonNode shown = json.readTree(get(family).body());
        assertThat(shown.get("runCount").asLong()).isEqualTo(9);
        assertThat(shown.get("checkpointCount").asLong()).isEqualTo(450);
        assertThat(shown.get("dataVersion").asLong()).isEqualTo(1);

        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow();
        assertThat(snapshot.dataVersion()).isEqualTo(1);
        assertThat(snapshot.runs()).hasSize(9).allSatisfy(run -> {
            assertThat(run.tokens()).hasSize(50).isSorted();
            assertThat(run.losses()).hasSize(50);
        });
        assertThat(catalog.version(family).map(FamilyVersion::dataVersion)).hasValue(1L);
        assertThat(catalog.version(family + "-none")).isEmpty();
    }

    @Test
    void aCorruptedRowIsNamedAndLeavesTheFamilyExactlyAsItWas() throws Exception {
        String family = uniqueFamily("atomic");
        assertThat(post(family + "/runs", "text/csv", depthCsv(family)).statusCode()).isEqualTo(200);
        String before = describe(catalog.snapshot(family).orElseThrow());
        String shownBefore = get(family).body();
        // Every other row changes too, so a partial write could not go unnoticed.
        List<String> changed = depthCsv(family).lines()
                .map(row -> row.startsWith("family") ? row : row.replaceFirst(",([0-9.]+)$", ",1$1"))
                .toList();

        String[][] corruptions = {
                {"negative loss", "-2.5"}, {"non-number", "two point five"}, {"missing column", null}};
        for (String[] corruption : corruptions) {
            List<String> rows = new ArrayList<>(changed);
            int line = 7 + ThreadLocalRandom.current().nextInt(400);
            String row = rows.get(line - 1);
            String withoutLoss = row.substring(0, row.lastIndexOf(','));
            rows.set(line - 1, corruption[1] == null ? withoutLoss : withoutLoss + "," + corruption[1]);

            HttpResponse<String> refused = post(family + "/runs", "text/csv", String.join("\n", rows) + "\n");

            assertThat(refused.statusCode()).as(corruption[0]).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode error = json.readTree(refused.body()).get("errors").get(0);
            assertThat(error.get("line").asInt()).as(corruption[0]).isEqualTo(line);
            assertThat(error.get("column").asString()).as(corruption[0]).isEqualTo("loss");
            assertThat(describe(catalog.snapshot(family).orElseThrow())).as(corruption[0]).isEqualTo(before);
            assertThat(get(family).body()).isEqualTo(shownBefore);
        }
    }

    @Test
    void concurrentUploadersLoseNothingAndEveryChangeIsCounted() throws Exception {
        String family = uniqueFamily("concurrent");
        int clients = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            String runId = "run-" + client;
            results.add(pool.submit((Callable<List<Long>>) () -> {
                start.await();
                List<Long> versions = new ArrayList<>();
                for (double loss : new double[] {2.5, 2.4}) {
                    HttpResponse<String> response = post(family + "/runs", "application/json", runs(runId, loss));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    versions.add(json.readTree(response.body()).get("dataVersion").asLong());
                }
                return versions;
            }));
        }
        start.countDown();
        Set<Long> versions = new TreeSet<>();
        for (Future<List<Long>> result : results) {
            versions.addAll(result.get());
        }
        pool.shutdown();

        assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * clients).boxed().toList());
        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow();
        assertThat(snapshot.dataVersion()).isEqualTo(2L * clients);
        assertThat(snapshot.runs()).hasSize(clients).allSatisfy(run -> assertThat(run.losses()).containsOnly(2.4));
    }

    @Test
    void appendingIsIdempotentAndConflictsNeedReplace() throws Exception {
        String family = uniqueFamily("append");
        assertThat(post(family + "/runs", "application/json", runs("r1", 2.5)).statusCode()).isEqualTo(200);
        String checkpoints = family + "/runs/r1/checkpoints";

        JsonNode added = json.readTree(post(checkpoints, "application/json",
                "{\"checkpoints\": [{\"tokens\": 3000, \"loss\": 2.3}]}").body());
        assertThat(added.get("added").asInt()).isEqualTo(1);
        assertThat(added.get("dataVersion").asLong()).isEqualTo(2);

        JsonNode repeated = json.readTree(post(checkpoints, "application/json",
                "{\"checkpoints\": [{\"tokens\": 3000, \"loss\": 2.3}]}").body());
        assertThat(repeated.get("unchanged").asInt()).isEqualTo(1);
        assertThat(repeated.get("dataVersion").asLong()).as("a no-op is not a change").isEqualTo(2);

        HttpResponse<String> conflict = post(checkpoints, "application/json",
                "{\"checkpoints\": [{\"tokens\": 4000, \"loss\": 2.2}, {\"tokens\": 3000, \"loss\": 2.31}]}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json.readTree(conflict.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("checkpoints[1].loss");
        assertThat(catalog.snapshot(family).orElseThrow().runs().get(0).tokens())
                .as("nothing of a refused append is stored").doesNotContain(4000L);

        HttpResponse<String> replaced = post(checkpoints + "?replace=true", "application/json",
                "{\"checkpoints\": [{\"tokens\": 4000, \"loss\": 2.2}, {\"tokens\": 3000, \"loss\": 2.31}]}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        RunSnapshot run = catalog.snapshot(family).orElseThrow().runs().get(0);
        assertThat(run.tokens()).containsExactly(1000, 2000, 3000, 4000);
        assertThat(run.losses()).containsExactly(2.5, 2.5, 2.31, 2.2);
        assertThat(catalog.version(family).map(FamilyVersion::dataVersion)).hasValue(3L);
    }

    @Test
    void runsCanBePutPagedAndDeleted() throws Exception {
        String family = uniqueFamily("crud");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> put = send(HttpRequest.newBuilder(uri(family + "/runs/r" + i))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(run(null, 2.5))).build());
            assertThat(put.statusCode()).isEqualTo(201);
        }
        JsonNode page = json.readTree(get(family + "/runs?page=1&size=2").body());
        assertThat(page.get("totalRuns").asLong()).isEqualTo(3);
        assertThat(page.get("runs").get(0).get("runId").asString()).isEqualTo("r2");

        HttpResponse<String> run = get(family + "/runs/r1");
        String etag = run.headers().firstValue("ETag").orElseThrow();
        assertThat(send(HttpRequest.newBuilder(uri(family + "/runs/r1")).header("If-None-Match", etag).build())
                .statusCode()).isEqualTo(304);

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri(family + "/runs/r1")).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.headers().firstValue("P2law-Data-Version")).hasValue("4");
        assertThat(get(family + "/runs/r1").statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri(family + "/runs/r1")).header("If-None-Match", etag).build())
                .statusCode()).isEqualTo(404);

        assertThat(send(HttpRequest.newBuilder(uri(family)).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(get(family).statusCode()).isEqualTo(404);
        assertThat(catalog.snapshot(family)).isEmpty();
    }

    @Test
    void refusesBodiesOverTheLimitsWhileReadingThem() throws Exception {
        String family = uniqueFamily("limits");
        StringBuilder csv = new StringBuilder("run_id,base_model,pruning_method,params_before,pruning_rate,tokens,loss\n");
        for (int tokens = 0; tokens <= 1_000_000; tokens++) {
            csv.append("r,m,d,9,0,").append(tokens).append(",2\n");
        }
        HttpResponse<String> tooMany = post(family + "/runs", "text/csv", csv.toString());
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(tooMany.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(tooMany.body()).contains("p2law.upload.max-checkpoints");

        // Streamed without a Content-Length: the limit must hold while the body is read.
        byte[] tooBig = new byte[32 * 1024 * 1024 + 100_000];
        Arrays.fill(tooBig, (byte) ' ');
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri(family + "/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooBig))).build());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("p2law.upload.max-bytes");
        assertThat(get(family).statusCode()).isEqualTo(404);
    }

    @Test
    void storesAMillionCheckpointsInOneUpload() throws Exception {
        String family = uniqueFamily("million");
        StringBuilder csv = new StringBuilder("run_id,base_model,pruning_method,params_before,pruning_rate,tokens,loss\n");
        // 100 runs of 10,000 checkpoints in short rows, to stay under the 32 MiB default.
        IntStream.range(0, 1_000_000).forEach(i -> csv.append('r').append(i % 100).append(",m,d,8e9,0.25,")
                .append(1000 * (i / 100 + 1)).append(",2.").append(i % 7 + 1).append('\n'));

        long started = System.nanoTime();
        HttpResponse<String> upload = post(family + "/runs", "text/csv", csv.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(json.readTree(upload.body()).get("checkpointsStored").asLong()).isEqualTo(1_000_000);
        assertThat(json.readTree(get(family).body()).get("checkpointCount").asLong()).isEqualTo(1_000_000);
        System.out.printf(Locale.ROOT, "Uploaded 1,000,000 checkpoints (%d MB of CSV) in %d ms%n",
                csv.length() / 1_000_000, millis);
        send(HttpRequest.newBuilder(uri(family)).DELETE().build());
    }

    @Test
    void refusesOtherMediaTypes() throws Exception {
        HttpResponse<String> refused = post(uniqueFamily("media") + "/runs", "application/xml", "<runs/>");

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** The synthetic depth family, its family column naming {@code family}. */
    private static String depthCsv(String family) throws IOException {
        return Files.readString(DEPTH).replace("\nllama3-depth,", "\n" + family + ",");
    }

    private static String describe(FamilySnapshot snapshot) {
        StringBuilder text = new StringBuilder("v" + snapshot.dataVersion());
        snapshot.runs().forEach(run -> text.append('\n').append(run.runId()).append(' ').append(run.model().paramsAfter())
                .append(' ').append(run.model().pruningRate()).append(' ').append(run.model().lossBefore())
                .append(Arrays.toString(run.tokens())).append(Arrays.toString(run.losses())));
        return text.toString();
    }

    private static String runs(String runId, double loss) {
        return "{\"runs\": [" + run(runId, loss) + "]}";
    }

    private static String run(String runId, double loss) {
        return (runId == null ? "{" : "{\"runId\": \"" + runId + "\", ") + """
                "baseModel": "llama-3.2-1b", "pruningMethod": "depth", "paramsBefore": 1240000000,
                 "pruningRate": 0.25, "checkpoints": [{"tokens": 1000, "loss": %s}, {"tokens": 2000, "loss": %s}]}
                """.formatted(loss, loss);
    }

    private static String uniqueFamily(String purpose) {
        return "it-" + purpose + "-" + Long.toString(System.nanoTime(), 36);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/api/v1/families/" + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).build());
    }

    private HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** Every request carries the test administrator key; a request that sets its own keeps that. */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest authenticated = request.headers().firstValue("Authorization").isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", TestApiKey.BEARER).build();
        return http.send(authenticated, HttpResponse.BodyHandlers.ofString());
    }
}
