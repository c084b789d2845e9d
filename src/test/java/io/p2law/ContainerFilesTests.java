package io.p2law;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.p2law.support.IntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/** The Dockerfile's health check works against the running service; compose insists on a password and a memory limit. */
@IntegrationTest
class ContainerFilesTests {

    @LocalServerPort
    int port;

    @Test
    void theDockerHealthCheckPassesAgainstARunningServiceAndFailsWithoutOne() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher healthcheck = Pattern.compile("(?m)^HEALTHCHECK .*\\\\\\n\\s*CMD (\\[.*])$").matcher(dockerfile);
        assertThat(healthcheck.find()).as("the Dockerfile has a HEALTHCHECK in exec form").isTrue();
        List<String> command = new ArrayList<>(List.of(JsonMapper.builder().build().readValue(healthcheck.group(1), String[].class)));

        assertThat(run(command, port)).as("exit status against the service").isZero();
        assertThat(run(command, 1)).as("exit status without a service").isNotZero();
        assertThat(dockerfile).doesNotContainPattern("(?m)^VOLUME");
    }

    @Test
    void composeRequiresADatabasePasswordAndLimitsMemory() throws Exception {
        String compose = Files.readString(Path.of("docker-compose.yml"));

        assertThat(compose).contains("POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?")
                .contains("SPRING_DATASOURCE_PASSWORD: ${POSTGRES_PASSWORD:?")
                .doesNotContainPattern("PASSWORD: \\$\\{[A-Z_]+:-");
        assertThat(Pattern.compile("(?m)^    mem_limit: \\d+[mg]$").matcher(compose).results().count()).isEqualTo(2);
    }

    private static int run(List<String> command, int port) throws Exception {
        List<String> local = command.stream().map(part -> part.replace("127.0.0.1/8080", "127.0.0.1/" + port)).toList();
        Process process = new ProcessBuilder(local).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        process.getInputStream().readAllBytes();
        return process.exitValue();
    }
}
