package io.p2law.family.web;

import tools.jackson.databind.node.ObjectNode;

/**
 * What an import's {@code runs} part says about one run of the export: the fields a run needs that
 * a training tool does not log, and {@code tokensPerStep} for logs that count steps, not tokens.
 */
record RunDescription(
        String runId,
        String baseModel,
        String pruningMethod,
        Long paramsBefore,
        Long paramsAfter,
        Double pruningRate,
        Double lossBefore,
        Long tokensPerStep,
        ObjectNode tags) {
}
