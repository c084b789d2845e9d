package io.p2law.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer is not ready yet (work the request needs is still under way, or failed and may be
 * tried again): asking again after {@code retryAfterSeconds} may succeed. {@code properties} are
 * extra members of the problem, such as the id of the work to follow.
 */
public class UnavailableException extends RefusalException {

    private final long retryAfterSeconds;
    private final transient Map<String, Object> properties;

    public UnavailableException(String detail, List<FieldProblem> problems, long retryAfterSeconds,
            Map<String, Object> properties) {
        super(detail, problems);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be at least 1, got " + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
        this.properties = Map.copyOf(new LinkedHashMap<>(properties));
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
