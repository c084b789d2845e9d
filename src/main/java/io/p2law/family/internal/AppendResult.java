package io.p2law.family.internal;

public record AppendResult(String family, String runId, long dataVersion, int added, int replaced, int unchanged,
        long checkpointCount) {
}
