package io.p2law.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.p2law.support.IntegrationTest;

/**
 * The first start without a configured key, on the shared test database: inside a transaction that
 * revokes every key and is rolled back at the end, so no other test sees a change.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AdminKeyBootstrapTests {

    private static final ApiKeySettings NO_KEY = new ApiKeySettings(true, "", Duration.ofMillis(500));

    @Autowired
    ApiKeyRepository repository;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @TempDir
    Path directory;

    @Test
    void theFirstStartWithoutKeysGeneratesOneLogsItOnceAndWritesItForItsOwnerOnly(CapturedOutput output) {
        Path file = directory.resolve("data").resolve(AdminKeyBootstrap.KEY_FILE);
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("update api_key set revoked_at = now() where revoked_at is null").update();
            AdminKeyBootstrap bootstrap = new AdminKeyBootstrap(repository, NO_KEY, new TransactionTemplate(transactions),
                    Optional.of(file));

            bootstrap.afterSingletonsInstantiated();
            String key = read(file);
            long keysAfterFirstStart = jdbc.sql("select count(*) from api_key").query(Long.class).single();
            bootstrap.afterSingletonsInstantiated();

            assertThat(key).startsWith("p2law.");
            assertThat(permissions(file)).isEqualTo("rw-------");
            assertThat(output.getAll().split(Pattern.quote(key), -1)).hasSize(2);
            ApiKeyRepository.StoredKey stored = repository.find(ApiKeyToken.idOf(key)).orElseThrow();
            assertThat(stored.scopes()).containsExactly(ApiKeyScope.ADMIN);
            assertThat(ApiKeyToken.matches(key, stored.secretHash())).isTrue();
            assertThat(jdbc.sql("select count(*) from api_key").query(Long.class).single())
                    .as("a second start generates nothing").isEqualTo(keysAfterFirstStart);
            assertThat(read(file)).isEqualTo(key);
        });
    }

    @Test
    void aConfiguredKeyMustBeLongEnough() {
        AdminKeyBootstrap bootstrap = new AdminKeyBootstrap(repository, new ApiKeySettings(true, "short", Duration.ZERO),
                new TransactionTemplate(transactions), Optional.empty());

        assertThatIllegalStateException().isThrownBy(bootstrap::afterSingletonsInstantiated)
                .withMessageContaining("at least 24 characters").withMessageNotContaining("short");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
