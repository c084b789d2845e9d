package io.p2law.family;

import java.util.List;

/** A consistent view of one family's runs at one data version. */
public record FamilySnapshot(String family, long dataVersion, List<RunSnapshot> runs) {

    public FamilySnapshot {
        runs = List.copyOf(runs);
    }
}
