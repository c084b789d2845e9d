package io.p2law.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTests {

    @TempDir
    Path cache;

    @Test
    void concurrentUnpackersAgreeOnOneCompleteTree() {
        List<CompletableFuture<Path>> unpackers = List.of(
                CompletableFuture.supplyAsync(() -> PostgresBinaries.unpacked(cache)),
                CompletableFuture.supplyAsync(() -> PostgresBinaries.unpacked(cache)));

        List<Path> roots = unpackers.stream().map(CompletableFuture::join).distinct().toList();

        assertThat(roots).hasSize(1);
        assertThat(roots.get(0).resolve("bin/postgres")).isExecutable();
        assertThat(roots.get(0).resolve("bin/initdb")).isExecutable();
        assertThat(cache).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("unpacking-"));
    }

    @Test
    void aDamagedTreeIsUnpackedAgain() throws Exception {
        Path root = PostgresBinaries.unpacked(cache);
        Files.delete(root.resolve("bin/postgres"));

        assertThat(PostgresBinaries.unpacked(cache)).isEqualTo(root);
        assertThat(root.resolve("bin/postgres")).isExecutable();
    }
}
