package io.p2law.family;

import java.time.Instant;

/** A stored family with its counts. */
record FamilyRow(FamilyState state, String slug, String displayName, String description, String pruningMethod,
        long runCount, long checkpointCount, Instant createdAt) {

    FamilyView view() {
        return new FamilyView(slug, displayName, description, pruningMethod, state.dataVersion(), runCount,
                checkpointCount, createdAt, state.updatedAt());
    }
}
