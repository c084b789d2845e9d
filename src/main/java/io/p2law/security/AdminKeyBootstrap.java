package io.p2law.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure somebody can administer keys. {@code P2LAW_ADMIN_KEY} is stored (as its hash) at every
 * start. Without it, the first start on a database without an active admin key generates one,
 * prints it once in the log and, with the embedded database, writes it to {@code admin.key} in the
 * embedded database's directory, readable by its owner only; only its hash is kept.
 */
@Component
class AdminKeyBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);
    static final String KEY_FILE = "admin.key";

    private final ApiKeyRepository repository;
    private final ApiKeySettings settings;
    private final TransactionTemplate transactions;
    private final Optional<Path> keyFile;

    @Autowired
    AdminKeyBootstrap(ApiKeyRepository repository, ApiKeySettings settings, TransactionTemplate transactions,
            Environment environment) {
        this(repository, settings, transactions, embeddedKeyFile(environment));
    }

    AdminKeyBootstrap(ApiKeyRepository repository, ApiKeySettings settings, TransactionTemplate transactions,
            Optional<Path> keyFile) {
        this.repository = repository;
        this.settings = settings;
        this.transactions = transactions;
        this.keyFile = keyFile;
    }

    /** With the embedded database (no datasource URL), the key file sits beside its cluster. */
    private static Optional<Path> embeddedKeyFile(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(environment.getProperty("p2law.embedded-database.directory", "data")).resolve(KEY_FILE));
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (settings.hasAdminKey()) {
            if (settings.adminKey().strip().length() < ApiKeySettings.MIN_ADMIN_KEY_LENGTH) {
                throw new IllegalStateException("P2LAW_ADMIN_KEY (p2law.security.admin-key) must be at least "
                        + ApiKeySettings.MIN_ADMIN_KEY_LENGTH + " characters long");
            }
            repository.upsertConfigured(ApiKeyToken.hash(settings.adminKey().strip()));
            log.info("The administrator key from P2LAW_ADMIN_KEY is active (API key id '{}')", ApiKeyToken.CONFIGURED_ID);
            return;
        }
        Optional<ApiKeyToken.Generated> generated = transactions.execute(status -> {
            repository.lockBootstrap();
            if (repository.anyActiveAdminKey()) {
                return Optional.<ApiKeyToken.Generated>empty();
            }
            ApiKeyToken.Generated key = ApiKeyToken.generate();
            repository.insert(key.id(), "generated at first start", EnumSet.of(ApiKeyScope.ADMIN),
                    ApiKeyToken.hash(key.text()));
            return Optional.of(key);
        });
        generated.ifPresent(this::announce);
    }

    private void announce(ApiKeyToken.Generated key) {
        // The one time a key's text is logged: nobody could administer the service otherwise.
        log.warn("No API key was configured or stored, so an administrator key was generated. It is shown this once"
                + " and only its hash is kept:\n\n    {}\n\nCreate further keys with POST /api/v1/keys.", key.text());
        keyFile.ifPresent(file -> {
            write(file, key.text());
            log.warn("The generated administrator key is also in {} (readable by its owner only): "
                    + "export P2LAW_API_KEY=$(cat {})", file.toAbsolutePath(), file);
        });
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated administrator key to " + file, e);
        }
    }
}
