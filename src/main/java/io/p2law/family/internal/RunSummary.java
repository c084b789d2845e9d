package io.p2law.family.internal;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** A run without its checkpoints, as listed in a page. */
public record RunSummary(
        String runId,
        String baseModel,
        String pruningMethod,
        long paramsBefore,
        long paramsAfter,
        double pruningRate,
        Double lossBefore,
        JsonNode tags,
        long checkpointCount,
        Instant createdAt,
        Instant updatedAt) {
}
