package io.p2law.family.internal;

public record UploadResult(String family, long dataVersion, boolean familyCreated, int runsCreated, int runsReplaced,
        long checkpointsStored) {
}
