package io.p2law.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL server owned by this process: its cluster lives in {@code directory/pgdata},
 * its log in {@code directory/postgresql.log}, and it listens on 127.0.0.1 only (user
 * {@code postgres}, trust authentication, no Unix socket). The cluster is created on first start and
 * kept afterwards, so data survives restarts.
 *
 * <p>PostgreSQL refuses to run as root. When this process is root, every PostgreSQL binary runs
 * inside a new user namespace ({@code unshare --user --map-user=1000}): there it is an ordinary
 * user, while the files it writes stay owned by root outside, so no other account and no
 * {@code chown} is needed.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The user PostgreSQL runs as inside the namespace; any non-zero id works. */
    private static final String NAMESPACE_UID = "1000";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final Path cluster;
    private final Path logFile;
    private final Path binaries;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean running;

    private EmbeddedPostgresServer(Path directory, int port, Path binaries, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.cluster = directory.resolve("pgdata");
        this.logFile = directory.resolve("postgresql.log");
        this.binaries = binaries;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code directory}, creating the cluster if
     * the directory holds none, and waits until it accepts connections.
     *
     * @throws IllegalStateException if another process of this kind uses the directory, or the server
     *                               does not come up (the message quotes its log)
     */
    public static EmbeddedPostgresServer start(Path directory, int port, Duration startupTimeout) {
        long began = System.nanoTime();
        Path home = directory.toAbsolutePath().normalize();
        Path binaries = PostgresBinaries.unpacked(Path.of(System.getProperty("java.io.tmpdir"), "p2law-postgres"));
        EmbeddedPostgresServer server = locked(home, port, binaries);
        try {
            server.initializeClusterIfMissing();
            server.stopLeftover();
            server.startServer(startupTimeout);
        } catch (RuntimeException e) {
            server.releaseLock();
            throw e;
        }
        log.info("Embedded PostgreSQL ready on 127.0.0.1:{} with data in {} ({} ms)", port, server.cluster,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return server;
    }

    /** The lock held for the server's lifetime tells a later start whether a running server is ours. */
    private static EmbeddedPostgresServer locked(Path home, int port, Path binaries) {
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve("p2law.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("the embedded database directory " + home
                        + " is in use by another running p2law; stop it or choose another directory");
            }
            return new EmbeddedPostgresServer(home, port, binaries, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock the embedded database directory " + home, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String username() {
        return "postgres";
    }

    /** Stops the server with a fast shutdown (open transactions roll back, data is checkpointed). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            pgCtl(STOP_TIMEOUT, "stop", "-m", "fast");
            log.info("Embedded PostgreSQL on port {} stopped", port);
        } catch (RuntimeException e) {
            log.warn("Embedded PostgreSQL on port {} did not stop cleanly", port, e);
        } finally {
            releaseLock();
        }
    }

    private void initializeClusterIfMissing() {
        if (Files.exists(cluster.resolve("PG_VERSION"))) {
            return;
        }
        // initdb into a fresh directory, then rename: an interrupted first start leaves no half cluster.
        Path staging = directory.resolve("pgdata.initializing");
        try {
            FileSystemUtils.deleteRecursively(staging);
            run(Duration.ofMinutes(2), binary("initdb"), "-D", staging.toString(), "-U", username(), "-A", "trust",
                    "-E", "UTF-8", "--locale=C");
            Files.move(staging, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the PostgreSQL cluster in " + cluster, e);
        }
        log.info("Created a PostgreSQL cluster in {}", cluster);
    }

    /** A server still running on our directory was orphaned by a killed process: we hold the lock. */
    private void stopLeftover() {
        if (Files.exists(cluster.resolve("postmaster.pid")) && exitCode(binary("pg_ctl"), "status", "-D", cluster.toString()) == 0) {
            log.warn("Stopping a PostgreSQL left running on {} by an earlier process", cluster);
            pgCtl(STOP_TIMEOUT, "stop", "-m", "fast");
        }
    }

    private void startServer(Duration timeout) {
        pgCtl(timeout, "start", "-l", logFile.toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        running = true;
    }

    private void pgCtl(Duration timeout, String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binary("pg_ctl"), action, "-D", cluster.toString(), "-w",
                "-t", Long.toString(Math.max(1, timeout.toSeconds()))));
        command.addAll(List.of(options));
        run(timeout.plusSeconds(10), command.toArray(String[]::new));
    }

    private void run(Duration timeout, String... command) {
        int exit = exitCode(timeout, command);
        if (exit != 0) {
            String hint = RunningUser.isRoot() ? " (running as root, PostgreSQL runs through 'unshare --user', which"
                    + " needs user namespaces; else run as a non-root user or set SPRING_DATASOURCE_URL)" : "";
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit + hint
                    + "; end of " + logFile + ":\n" + logTail());
        }
    }

    private int exitCode(String... command) {
        return exitCode(Duration.ofSeconds(30), command);
    }

    /** Runs a PostgreSQL binary as a non-root user, its output appended to the server log. */
    private int exitCode(Duration timeout, String... command) {
        List<String> full = new ArrayList<>();
        if (RunningUser.isRoot()) {
            full.addAll(List.of("unshare", "--user", "--map-user=" + NAMESPACE_UID, "--"));
        }
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within " + timeout
                        + "; end of " + logFile + ":\n" + logTail());
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private String binary(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Could not release the lock on {}", directory, e);
        }
    }
}
