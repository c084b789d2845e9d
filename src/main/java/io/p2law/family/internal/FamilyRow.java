package io.p2law.family.internal;

import java.time.Instant;

/** A stored family with its counts. */
public record FamilyRow(FamilyState state, String slug, String displayName, String description, String pruningMethod,
        long runCount, long checkpointCount, Instant createdAt) {

    FamilyView view() {
        return new FamilyView(slug, displayName, description, pruningMethod, state.dataVersion(), runCount,
                checkpointCount, createdAt, state.updatedAt());
    }
}
