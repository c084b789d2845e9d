package io.p2law.fitting;

/**
 * One run's post-training curve as the fitter sees it: the pruned model and its checkpoints in raw
 * counts. {@code tokens} and {@code losses} are parallel arrays; points at 0 tokens are never fitted.
 */
public record RunCurve(String runId, PrunedModel model, double[] tokens, double[] losses) {
}
