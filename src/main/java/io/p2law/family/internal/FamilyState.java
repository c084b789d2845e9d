package io.p2law.family.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.p2law.family.FamilyVersion;

/** Where a family stands: its identity, data version and last change. */
public record FamilyState(long id, long dataVersion, Instant updatedAt) {

    FamilyVersion version() {
        return new FamilyVersion(id, dataVersion);
    }

    /**
     * Changes whenever anything shown about the family or its runs may have changed. The id
     * keeps a re-created family from matching tags of the deleted one.
     */
    String etag() {
        return "\"" + id + "." + dataVersion + "." + ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt) + "\"";
    }
}
