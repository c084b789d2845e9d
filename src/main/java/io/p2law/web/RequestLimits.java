package io.p2law.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodyBytes       largest body of any request that is not an upload of runs or
 *                           checkpoints (those have {@code p2law.upload.max-bytes})
 * @param bodyReadTimeout    how long such a body may take to arrive; a slower client gets a 408
 * @param uploadReadTimeout  how long an upload's body may take to arrive
 * @param concurrentRequests how many API requests are worked on at once once their bodies are in;
 *                           the others wait their turn (request threads only wait for bodies).
 *                           Uploads of runs and checkpoints take turns of their own instead
 * @param concurrentWrites   how many uploads of runs and checkpoints (and imports) are worked on at
 *                           once: writes of one family queue on its row lock in the database, and a
 *                           write waiting there must not hold a turn a prediction could use
 * @param queueTimeout       how long a request waits for its turn before it is answered 503
 */
@ConfigurationProperties("p2law.limits")
record RequestLimits(
        @DefaultValue("1MB") DataSize maxBodyBytes,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("300s") Duration uploadReadTimeout,
        @DefaultValue("6") int concurrentRequests,
        @DefaultValue("4") int concurrentWrites,
        @DefaultValue("30s") Duration queueTimeout) {
}
