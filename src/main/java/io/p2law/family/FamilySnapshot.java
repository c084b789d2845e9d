package io.p2law.family;

import java.util.List;

import io.p2law.fitting.RunCurve;

/** A consistent view of one family's runs at one data version. */
public record FamilySnapshot(String family, long dataVersion, List<RunSnapshot> runs) {

    public FamilySnapshot {
        runs = List.copyOf(runs);
    }

    /** Every run as the fitting engine takes it. */
    public List<RunCurve> curves() {
        return runs.stream().map(RunSnapshot::curve).toList();
    }
}
