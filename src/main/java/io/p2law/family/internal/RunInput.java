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

    /** The same run under the given id (a PUT names its run in the path). */
    public RunInput withRunId(String id) {
        return new RunInput(id, baseModel, pruningMethod, paramsBefore, paramsAfter, pruningRate, lossBefore, tags,
                checkpoints);
    }
}
