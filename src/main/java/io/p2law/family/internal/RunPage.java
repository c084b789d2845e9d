package io.p2law.family.internal;

import java.util.List;

public record RunPage(String family, long dataVersion, int page, int size, long totalRuns, long totalPages,
        List<RunSummary> runs) {
}
