package io.p2law.database;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded default database, used only when {@code spring.datasource.url} is not set.
 *
 * @param directory      where the cluster and its log live; kept across restarts
 * @param port           the TCP port on 127.0.0.1
 * @param startupTimeout how long to wait for the server to accept connections
 */
@ConfigurationProperties("p2law.embedded-database")
record EmbeddedDatabaseProperties(
        @DefaultValue("data") Path directory,
        @DefaultValue("15432") int port,
        @DefaultValue("60s") Duration startupTimeout) {
}
