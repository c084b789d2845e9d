package io.p2law;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A migration that has shipped never changes: Flyway keeps each applied migration's checksum, and a
 * database migrated by an earlier release refuses to start the next one if a file it applied was
 * edited ("Migration checksum mismatch"). A fresh test database cannot notice that, so the contents
 * are pinned here; a change to the schema is a new migration, recorded below with its hash.
 */
class MigrationsTests {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Every migration by file name, with the SHA-256 of its text (line ends as \n). */
    private static final Map<String, String> SHIPPED = Map.ofEntries(
            Map.entry("V1__families_runs_checkpoints.sql",
                    "428f0779f3f9179fe665a9c5c94883769ec855f6bf660ea85f97c61b176d8993"),
            Map.entry("V2__family_change_notifications.sql",
                    "0c948d34661a444cf33e94f1437db2a29850e62cc29852d7f399f68eedf1b735"),
            Map.entry("V20__law_fits.sql",
                    "bbd82388179b980f55682ec9417a48a84532e920d6e796b06bf363870af2ab80"),
            Map.entry("V30__api_keys.sql",
                    "ead67e1c1ed039025b252010f75e852bac7b8a9482e7f4a41ef11f8f7e6c0e36"),
            Map.entry("V40__fit_jobs.sql",
                    "1fe16c8d67701f8d417eb4578e27def6e5918ef1e820f023d77563cfa3a02c7a"),
            Map.entry("V41__checkpoint_run_check_per_statement.sql",
                    "bb36513cdbf03455184bff2c0b2f63834a84911adfa7e34d097fe7a51a54145e"),
            Map.entry("V50__law_fit_calibration.sql",
                    "06f39fbf37e6257e9cb0d4cfd45eed62316b93f83448004287381c9b5b9660c7"),
            Map.entry("V51__law_fit_calibration_basis.sql",
                    "2f522ecf6d578511409606e7fbd824a7608c47fe63366474e9db42000d8ff98d"),
            Map.entry("V52__family_version_notifications.sql",
                    "dcfbda2698a6d11cf769edc192c8dbab25c1d43b737149e237cd0b412520daf7"),
            Map.entry("V53__one_trigger_for_family_announcements.sql",
                    "b80c167f02dca009ea1601fd31d93cb1e1e86a5dc2c75d76b5b1f093c84e7a09"));

    @Test
    void noMigrationThatShippedHasChanged() throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (String name : SHIPPED.keySet()) {
            Path file = MIGRATIONS.resolve(name);
            found.put(name, Files.exists(file) ? sha256(file) : "missing");
        }
        assertThat(found).as("migrations are never edited or removed once shipped: add a new one instead")
                .isEqualTo(new TreeMap<>(SHIPPED));
    }

    @Test
    void everyMigrationIsRecordedHere() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("a new migration is recorded in SHIPPED with its hash")
                    .allMatch(SHIPPED::containsKey);
        }
    }

    private static String sha256(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
