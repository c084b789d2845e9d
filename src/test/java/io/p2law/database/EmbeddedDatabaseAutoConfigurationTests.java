package io.p2law.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class EmbeddedDatabaseAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddedDatabaseAutoConfiguration.class, DataSourceAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void aConfiguredDatasourceUrlKeepsTheEmbeddedServerOff() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example:5432/p2law",
                        "p2law.embedded-database.directory=" + directory)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class);
                    assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
                            .isEqualTo("jdbc:postgresql://db.example:5432/p2law");
                    assertThat(directory).isEmptyDirectory();
                });
    }

    @Test
    void anApplicationDataSourceKeepsTheEmbeddedServerOff() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withPropertyValues("p2law.embedded-database.directory=" + directory)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class);
                    assertThat(directory).isEmptyDirectory();
                });
    }

    @Test
    void withoutDatasourceUrlTheEmbeddedServerServesTheDataSourceAndKeepsDataAcrossRestarts() throws IOException {
        int port = freePort();
        ApplicationContextRunner embedded = runner.withPropertyValues(
                "p2law.embedded-database.directory=" + directory, "p2law.embedded-database.port=" + port);

        embedded.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
            jdbc.sql("create table kept (value text)").update();
            jdbc.sql("insert into kept values ('across restarts')").update();
        });
        embedded.run(context -> {
            JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
            assertThat(jdbc.sql("select value from kept").query(String.class).list()).containsExactly("across restarts");
        });
        assertThat(directory.resolve("pgdata/PG_VERSION")).exists();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
