package io.p2law.family;

import java.util.Optional;
import java.util.OptionalLong;

/** What other modules may read about families. */
public interface FamilyCatalog {

    /** The family's current data version, or empty if there is no such family. One indexed read. */
    OptionalLong dataVersion(String family);

    /**
     * Every run of the family with its checkpoints (sorted by tokens), read in one transaction so
     * that the data version belongs to exactly these runs. Empty if there is no such family.
     */
    Optional<FamilySnapshot> snapshot(String family);
}
