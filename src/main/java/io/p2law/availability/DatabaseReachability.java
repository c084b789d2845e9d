package io.p2law.availability;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database's health as seen by a background probe ({@code isValid} with a short timeout, every
 * {@code p2law.database.probe-interval}), so that readiness answers at once even while the database
 * is frozen: a probe that has not succeeded for two intervals (plus its own timeout) is DOWN. Shown as the {@code db}
 * component of health and part of readiness, never of liveness.
 */
@Component("dbHealthIndicator")
class DatabaseReachability implements HealthIndicator, DatabaseAvailability, DisposableBean {

    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final long staleAfterNanos;
    private final ScheduledExecutorService probe;
    private volatile long lastSuccess;
    private volatile String product = "unknown";
    private volatile String lastFailure = "not probed yet";

    DatabaseReachability(DataSource dataSource, @Value("${p2law.database.probe-interval:1s}") Duration interval) {
        this.dataSource = dataSource;
        this.staleAfterNanos = interval.toNanos() * 2 + TimeUnit.SECONDS.toNanos(PROBE_TIMEOUT_SECONDS);
        this.lastSuccess = System.nanoTime() - staleAfterNanos - 1;
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "database-probe");
            thread.setDaemon(true);
            return thread;
        });
        probeOnce();
        probe.scheduleWithFixedDelay(this::probeOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probeOnce() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(PROBE_TIMEOUT_SECONDS)) {
                product = connection.getMetaData().getDatabaseProductName();
                lastSuccess = System.nanoTime();
            } else {
                lastFailure = "the connection did not answer within " + PROBE_TIMEOUT_SECONDS + " s";
            }
        } catch (SQLException | RuntimeException e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Override
    public boolean reachable() {
        return System.nanoTime() - lastSuccess <= staleAfterNanos;
    }

    @Override
    public Health health() {
        long quiet = System.nanoTime() - lastSuccess;
        if (quiet <= staleAfterNanos) {
            return Health.up().withDetail("database", product).build();
        }
        return Health.down().withDetail("database", product)
                .withDetail("unreachableForMillis", TimeUnit.NANOSECONDS.toMillis(quiet))
                .withDetail("error", lastFailure).build();
    }

    @Override
    public void destroy() {
        probe.shutdownNow();
    }
}
