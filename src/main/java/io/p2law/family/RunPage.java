package io.p2law.family;

import java.util.List;

record RunPage(String family, long dataVersion, int page, int size, long totalRuns, long totalPages,
        List<RunSummary> runs) {
}
