package io.p2law.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTests {

    @TempDir
    Path directory;

    @Test
    void aSecondServerOnTheSameDirectoryIsRefusedWhileTheFirstRuns() throws IOException {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(directory, freePort(), Duration.ofSeconds(60))) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory, freePort(), Duration.ofSeconds(60)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running p2law");
            assertThat(accepts(first.port())).isTrue();
        }
    }

    @Test
    void closingStopsTheServer() throws IOException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, freePort(), Duration.ofSeconds(60));
        server.close();

        assertThat(accepts(server.port())).isFalse();
        assertThat(directory.resolve("pgdata/postmaster.pid")).doesNotExist();
    }

    @Test
    void aPortInUseFailsWithTheServerLog() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory, taken.getLocalPort(), Duration.ofSeconds(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("postgresql.log");
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
