package io.p2law.family.internal;

import java.time.Instant;

/** A family as shown by the API. */
public record FamilyView(
        String slug,
        String displayName,
        String description,
        String pruningMethod,
        long dataVersion,
        long runCount,
        long checkpointCount,
        Instant createdAt,
        Instant updatedAt) {
}
