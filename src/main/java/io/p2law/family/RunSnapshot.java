package io.p2law.family;

/**
 * One stored run: raw counts as uploaded, {@code pruningRate} and {@code paramsAfter} both present
 * (one of them derived), {@code lossBefore} null when not given. {@code tokens} ascending, parallel
 * to {@code losses}; a checkpoint at 0 tokens is included.
 */
public record RunSnapshot(
        String runId,
        String baseModel,
        String pruningMethod,
        long paramsBefore,
        long paramsAfter,
        double pruningRate,
        Double lossBefore,
        long[] tokens,
        double[] losses) {
}
