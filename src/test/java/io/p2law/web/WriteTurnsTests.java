package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;

/** Uploads take turns of their own: writers waiting for theirs never hold a turn a read could use. */
@IntegrationTest
@TestPropertySource(properties = {"p2law.limits.concurrent-writes=2", "p2law.limits.queue-timeout=1s"})
class WriteTurnsTests {

    private static final String RUN = "run_id,base_model,pruning_method,params_before,params_after,pruning_rate,"
            + "loss_before,tokens,loss\nr1,m,depth,1000000000,750000000,0.25,2.1,10000000,2.9\n";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void readsAreAnsweredWhileUploadsHoldEveryWriteTurnAndTheNextUploadWaitsForOne() throws Exception {
        List<Socket> slowUploads = new ArrayList<>();
        try {
            for (int k = 0; k < 2; k++) {
                Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/families/turns-slow-" + k + "/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: " + TestApiKey.BEARER + "\r\nContent-Type: text/csv\r\n"
                        + "Content-Length: 100000\r\n\r\nrun_id,").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slowUploads.add(socket);
            }
            Thread.sleep(300);

            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/laws"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);

            HttpResponse<String> upload = upload("turns-waiting");
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(503);
            assertThat(upload.headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            for (Socket socket : slowUploads) {
                socket.close();
            }
        }
        int status = 0;
        for (int attempt = 0; attempt < 20 && status / 100 != 2; attempt++) {
            status = upload("turns-after").statusCode();
        }
        assertThat(status / 100).as("an upload once the slow ones are gone: %d", status).isEqualTo(2);
    }

    private HttpResponse<String> upload(String family) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/families/" + family + "/runs"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", TestApiKey.BEARER)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(RUN)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
