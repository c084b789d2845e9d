package io.p2law.family.internal;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/** A run as sent (JSON body or CSV rows), before validation: any field may be missing. */
public record RunInput(
        String runId,
        String baseModel,
        String pruningMethod,
        Long paramsBefore,
        Long paramsAfter,
        Double pruningRate,
        Double lossBefore,
        ObjectNode tags,
        List<CheckpointInput> checkpoints) {
}
