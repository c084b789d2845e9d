package io.p2law.family;

import java.util.Optional;

/** What other modules may read about families. */
public interface FamilyCatalog {

    /**
     * The family's identity and current data version, or empty if there is no such family. From
     * memory while PostgreSQL's change notifications arrive (a change committed by another instance
     * is seen once its notification does, within milliseconds; one committed by this instance at
     * once), else one indexed read.
     */
    Optional<FamilyVersion> version(String family);

    /**
     * Every run of the family with its checkpoints (sorted by tokens), read in one transaction so
     * that the data version belongs to exactly these runs. Empty if there is no such family.
     */
    Optional<FamilySnapshot> snapshot(String family);
}
