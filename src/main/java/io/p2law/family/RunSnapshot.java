package io.p2law.family;

import java.util.Arrays;

import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/**
 * One stored run: its pruned model as uploaded (raw counts, {@code pruningRate} and
 * {@code paramsAfter} both present, one of them derived; {@code lossBefore} null when not given) and
 * its checkpoints, {@code tokens} ascending and parallel to {@code losses}; a checkpoint at 0 tokens
 * is included. The arrays are the snapshot's own: copied in and out.
 */
public record RunSnapshot(String runId, String baseModel, String pruningMethod, PrunedModel model, long[] tokens,
        double[] losses) {

    public RunSnapshot {
        tokens = tokens.clone();
        losses = losses.clone();
    }

    @Override
    public long[] tokens() {
        return tokens.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    public int checkpointCount() {
        return tokens.length;
    }

    /** The run as the fitting engine takes it. */
    public RunCurve curve() {
        return new RunCurve(runId, model, Arrays.stream(tokens).asDoubleStream().toArray(), losses.clone());
    }
}
