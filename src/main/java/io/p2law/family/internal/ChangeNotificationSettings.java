package io.p2law.family.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code p2law.change-notifications.*}: whether data versions are kept in memory on the strength of
 * PostgreSQL's change notifications ({@code enabled}; switch it off where LISTEN does not work, such
 * as behind a transaction-pooling PgBouncer, and every request reads the version from the database),
 * how long a quiet listening connection goes unchecked ({@code heartbeat}), and how long to wait
 * before connecting again after losing it ({@code retry}).
 */
@ConfigurationProperties("p2law.change-notifications")
public record ChangeNotificationSettings(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("1s") Duration retry) {
}
