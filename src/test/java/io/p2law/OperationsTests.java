package io.p2law;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import io.p2law.support.IntegrationTest;
import io.p2law.support.TestApiKey;

@IntegrationTest
class OperationsTests {

    @LocalServerPort
    int port;

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    @Test
    void healthIsUpAndIncludesTheDatabase() {
        String health = client().get().uri("/actuator/health").header("Authorization", TestApiKey.BEARER)
                .retrieve().body(String.class);

        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.details.database")).isEqualTo("PostgreSQL");
    }

    @Test
    void prometheusExposesServiceAndConnectionPoolMetrics() {
        String metrics = client().get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(metrics).contains("jvm_memory_used_bytes").contains("hikaricp_connections_max{")
                .contains("pool=\"p2law\"");
    }
}
