package io.p2law.family.internal;

import tools.jackson.databind.node.ObjectNode;

/**
 * A validated run ready to store: both {@code paramsAfter} and {@code pruningRate} present, tags an
 * object (possibly empty), checkpoints sorted by tokens with distinct tokens.
 */
public record NewRun(
        String runId,
        String baseModel,
        String pruningMethod,
        long paramsBefore,
        long paramsAfter,
        double pruningRate,
        Double lossBefore,
        ObjectNode tags,
        long[] tokens,
        double[] losses) {

    int checkpointCount() {
        return tokens.length;
    }
}
