package io.p2law;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;

@IntegrationTest
class OperationsTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Value("${server.tomcat.threads.max}")
    int requestThreads;

    private RestClient management() {
        return RestClient.create("http://127.0.0.1:" + managementPort);
    }

    @Test
    void healthIsUpAndIncludesTheDatabase() {
        String health = management().get().uri("/actuator/health").header("Authorization", TestApiKey.BEARER)
                .retrieve().body(String.class);

        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.details.database")).isEqualTo("PostgreSQL");
        assertThat(managementPort).isNotEqualTo(port);
    }

    @Test
    void prometheusExposesServiceAndConnectionPoolMetrics() {
        String metrics = management().get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(metrics).contains("jvm_memory_used_bytes").contains("hikaricp_connections_max{")
                .contains("pool=\"p2law\"");
    }

    /**
     * Requests are timed as a whole, but Spring Security's spans around each of its filters are not
     * made (about a sixth of a cheap request's CPU, BENCHMARKS.md "Service load").
     */
    @Test
    void requestsAreTimedWithoutSpansAroundEachSecurityFilter() {
        RestClient.create("http://127.0.0.1:" + port).get().uri("/api/v1/laws").retrieve().body(String.class);

        String metrics = management().get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(metrics).contains("http_server_requests_seconds_count{").contains("uri=\"/api/v1/laws\"")
                .doesNotContain("spring_security_");
    }

    /** Slow uploads hold every request thread of the service's port; the probes have threads of their own. */
    @Test
    void livenessAndReadinessAnswerWhileSlowClientsHoldEveryRequestThread() throws Exception {
        List<Socket> slowClients = new ArrayList<>();
        try {
            for (int k = 0; k < requestThreads + 2; k++) {
                Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/families/slow-" + k + "/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: text/csv\r\nContent-Length: 100000\r\n\r\nrun_id,")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slowClients.add(socket);
            }
            Thread.sleep(300);
            RestClient impatient = RestClient.builder().baseUrl("http://127.0.0.1:" + managementPort)
                    .requestFactory(timeout(1000)).build();
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                long started = System.nanoTime();
                String answer = impatient.get().uri(probe).retrieve().body(String.class);
                assertThat(JsonPath.<String>read(answer, "$.status")).isEqualTo("UP");
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1000);
            }
            RestClient service = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                    .requestFactory(timeout(500)).build();
            // the check that the threads really are held: the service's own port does not answer in time
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.get().uri("/api/v1/laws").retrieve()
                    .body(String.class)).hasRootCauseInstanceOf(java.net.http.HttpTimeoutException.class);
        } finally {
            for (Socket socket : slowClients) {
                socket.close();
            }
        }
    }

    private static JdkClientHttpRequestFactory timeout(int millis) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory();
        factory.setReadTimeout(java.time.Duration.ofMillis(millis));
        return factory;
    }
}
