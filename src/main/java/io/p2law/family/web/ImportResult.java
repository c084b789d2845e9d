package io.p2law.family.web;

import java.util.List;

import io.p2law.family.internal.UploadResult;

/**
 * The answer to an import: what was stored, as for an upload, and what of the export was left out:
 * logged points at steps at or below 0, NaN or infinite values, and runs not described (with
 * {@code skipUnmapped=true}).
 */
record ImportResult(String family, long dataVersion, boolean familyCreated, int runsCreated, int runsReplaced,
        long checkpointsStored, String format, String metric, int skippedSteps, int skippedValues,
        List<String> skippedRuns) {

    ImportResult {
        skippedRuns = List.copyOf(skippedRuns);
    }

    static ImportResult of(UploadResult stored, String format, ImportReader.Imported imported) {
        return new ImportResult(stored.family(), stored.dataVersion(), stored.familyCreated(), stored.runsCreated(),
                stored.runsReplaced(), stored.checkpointsStored(), format, imported.metric(), imported.skippedSteps(),
                imported.skippedValues(), imported.skippedRuns());
    }
}
