package io.p2law.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.p2law.database.EmbeddedPostgresServer;

/**
 * The PostgreSQL the tests use, chosen once per JVM and shared by every test class:
 * <ol>
 * <li>{@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USERNAME}, default {@code postgres}, and
 * {@code TEST_DATABASE_PASSWORD}, default empty) when set;</li>
 * <li>otherwise a Testcontainers {@code postgres:17} when Docker is available;</li>
 * <li>otherwise the embedded PostgreSQL of {@code io.p2law.database} in a temporary directory.</li>
 * </ol>
 * Never skipped: if the chosen database cannot start, the test fails.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    private static Connection connection;

    private TestDatabase() {
    }

    record Connection(String source, String url, String username, String password) {
    }

    static synchronized Connection connection() {
        if (connection == null) {
            connection = resolve(System.getenv(), () -> DockerClientFactory.instance().isDockerAvailable(),
                    TestDatabase::startContainer, TestDatabase::startEmbedded);
            log.info("Tests use the {} PostgreSQL at {}", connection.source(), connection.url());
        }
        return connection;
    }

    /** The resolution order, with the environment and the two fallbacks given. */
    static Connection resolve(Map<String, String> environment, BooleanSupplier dockerAvailable,
            Supplier<Connection> container, Supplier<Connection> embedded) {
        String url = environment.get("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new Connection("TEST_DATABASE_URL", url,
                    environment.getOrDefault("TEST_DATABASE_USERNAME", "postgres"),
                    environment.getOrDefault("TEST_DATABASE_PASSWORD", ""));
        }
        return dockerAvailable.getAsBoolean() ? container.get() : embedded.get();
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static Connection startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
        container.start();
        return new Connection("Testcontainers", container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Connection startEmbedded() {
        try {
            Path directory = Files.createTempDirectory("p2law-test-db-");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, freePort(), Duration.ofSeconds(60));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                deleteQuietly(directory);
            }, "test-database-stop"));
            return new Connection("embedded", server.jdbcUrl(), server.username(), "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the embedded test database", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            log.warn("Could not delete the test database directory {}", directory, e);
        }
    }

    /** Points {@code spring.datasource.*} at the test database. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Connection db = connection();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", Map.of(
                    "spring.datasource.url", db.url(),
                    "spring.datasource.username", db.username(),
                    "spring.datasource.password", db.password())));
        }
    }
}
