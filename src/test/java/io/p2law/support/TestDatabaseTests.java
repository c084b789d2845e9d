package io.p2law.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.p2law.support.TestDatabase.Connection;

class TestDatabaseTests {

    private static final Connection CONTAINER = new Connection("Testcontainers", "jdbc:postgresql://container/test", "test", "test");
    private static final Connection EMBEDDED = new Connection("embedded", "jdbc:postgresql://127.0.0.1:5/postgres", "postgres", "");

    private static Supplier<Connection> mustNotStart(String what) {
        return () -> fail(what + " must not be started");
    }

    @Test
    void theConfiguredUrlWinsOverDockerAndEmbedded() {
        Connection chosen = TestDatabase.resolve(Map.of(
                        "TEST_DATABASE_URL", "jdbc:postgresql://db:5432/p2law",
                        "TEST_DATABASE_USERNAME", "alice",
                        "TEST_DATABASE_PASSWORD", "secret"),
                () -> fail("Docker must not be probed"), mustNotStart("a container"), mustNotStart("the embedded server"));

        assertThat(chosen).isEqualTo(new Connection("TEST_DATABASE_URL", "jdbc:postgresql://db:5432/p2law", "alice", "secret"));
    }

    @Test
    void theConfiguredUrlDefaultsToUserPostgresWithoutPassword() {
        Connection chosen = TestDatabase.resolve(Map.of("TEST_DATABASE_URL", "jdbc:postgresql://db/p2law"),
                () -> true, mustNotStart("a container"), mustNotStart("the embedded server"));

        assertThat(chosen.username()).isEqualTo("postgres");
        assertThat(chosen.password()).isEmpty();
    }

    @Test
    void aBlankUrlCountsAsUnset() {
        Connection chosen = TestDatabase.resolve(Map.of("TEST_DATABASE_URL", " "),
                () -> true, () -> CONTAINER, mustNotStart("the embedded server"));

        assertThat(chosen).isEqualTo(CONTAINER);
    }

    @Test
    void withoutUrlDockerGivesAContainer() {
        Connection chosen = TestDatabase.resolve(Map.of(), () -> true, () -> CONTAINER, mustNotStart("the embedded server"));

        assertThat(chosen).isEqualTo(CONTAINER);
    }

    @Test
    void withoutUrlOrDockerTheEmbeddedServerIsUsed() {
        Connection chosen = TestDatabase.resolve(Map.of(), () -> false, mustNotStart("a container"), () -> EMBEDDED);

        assertThat(chosen).isEqualTo(EMBEDDED);
    }
}
