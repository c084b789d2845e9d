package io.p2law.family.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.family.FamilyVersion;

/**
 * Listens to the family version announcements of migration V52 on a connection of its own (outside
 * the pool: a pooled connection would carry the LISTEN to its next borrower) and tells
 * {@link FamilyVersions}. Whenever the connection is lost, or a quiet one stops answering its
 * heartbeat, every remembered version is dropped and nothing is remembered until listening again:
 * a change announced meanwhile may have been missed.
 */
@Component
@EnableConfigurationProperties(ChangeNotificationSettings.class)
public class FamilyChangeListener implements SmartLifecycle {

    static final String CHANNEL = "p2law_family_versions";
    /** Shown in pg_stat_activity, so operators (and tests) can tell this connection apart. */
    static final String APPLICATION_NAME = "p2law-family-changes";
    private static final int POLL_MILLIS = 250;
    private static final int VALIDATION_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(FamilyChangeListener.class);

    private final JdbcConnectionDetails database;
    private final FamilyVersions versions;
    private final ChangeNotificationSettings settings;
    private volatile boolean running;
    private Thread thread;

    FamilyChangeListener(JdbcConnectionDetails database, FamilyVersions versions, ChangeNotificationSettings settings,
            MeterRegistry meters) {
        this.database = database;
        this.versions = versions;
        this.settings = settings;
        Gauge.builder("p2law.family.versions.listening", versions, v -> v.trusted() ? 1 : 0)
                .description("1 while data versions are kept in memory on PostgreSQL's change notifications")
                .register(meters);
    }

    @Override
    public void start() {
        running = true;
        if (!settings.enabled()) {
            log.info("Change notifications are off (p2law.change-notifications.enabled=false): every request "
                    + "reads the family's data version from the database");
            return;
        }
        thread = new Thread(this::listen, "p2law-family-changes");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread listening = thread;
        if (listening != null) {
            listening.interrupt();
            try {
                listening.join(2 * POLL_MILLIS + 1000L * VALIDATION_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        versions.forgetAll(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Early in, late out: listening before the web server takes requests, until after it stops. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("listen " + CHANNEL);
                versions.forgetAll(true);
                log.info("Listening to family changes on {}: data versions are kept in memory", CHANNEL);
                relay(connection.unwrap(PGConnection.class), connection);
            } catch (SQLException | RuntimeException e) {
                versions.forgetAll(false);
                if (running) {
                    log.warn("Not listening to family changes ({}); data versions are read from the database "
                            + "until listening again in {}", e.getMessage(), settings.retry());
                    pause();
                }
            }
        }
    }

    private void relay(PGConnection notifications, Connection connection) throws SQLException {
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
            if (received != null && received.length > 0) {
                for (PGNotification notification : received) {
                    tell(notification.getParameter());
                }
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > settings.heartbeat().toNanos()) {
                if (!connection.isValid(VALIDATION_SECONDS)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** One announcement: {@code <id> <version> <slug>}, {@code <id> deleted <slug>} or {@code *}. */
    private void tell(String announcement) {
        String[] parts = announcement.split(" ", 3);
        try {
            if (parts.length == 3 && "deleted".equals(parts[1])) {
                versions.deleted(parts[2], Long.parseLong(parts[0]));
                return;
            }
            if (parts.length == 3) {
                versions.changed(parts[2], new FamilyVersion(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
                return;
            }
        } catch (NumberFormatException unreadable) {
            // below: forget everything
        }
        if (!"*".equals(announcement)) {
            log.warn("Unreadable family announcement '{}': every remembered data version is read again", announcement);
        }
        versions.forgetAll(true);
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return DriverManager.getConnection(database.getJdbcUrl(), properties);
    }

    private void pause() {
        try {
            Thread.sleep(settings.retry().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
