package io.p2law.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process runs as root, the one user PostgreSQL refuses to run as. */
final class RunningUser {

    private RunningUser() {
    }

    static boolean isRoot() {
        // /proc/self belongs to the process's effective user; where there is no /proc there is no root problem.
        Path self = Path.of("/proc/self");
        try {
            return Files.exists(self) && Integer.valueOf(0).equals(Files.getAttribute(self, "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
