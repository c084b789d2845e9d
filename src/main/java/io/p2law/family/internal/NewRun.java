package io.p2law.family.internal;

import io.p2law.fitting.PrunedModel;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated run ready to store: its pruned model with both {@code paramsAfter} (a whole number)
 * and {@code pruningRate}, tags an object (possibly empty), checkpoints sorted by tokens with
 * distinct tokens. The arrays are the run's own: copied in and out.
 */
public record NewRun(String runId, String baseModel, String pruningMethod, PrunedModel model, ObjectNode tags,
        long[] tokens, double[] losses) {

    public NewRun {
        tokens = tokens.clone();
        losses = losses.clone();
        tags = tags.deepCopy();
    }

    @Override
    public long[] tokens() {
        return tokens.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public ObjectNode tags() {
        return tags.deepCopy();
    }

    int checkpointCount() {
        return tokens.length;
    }
}
