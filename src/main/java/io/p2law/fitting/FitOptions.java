package io.p2law.fitting;

/**
 * How a fit runs. {@code huberDelta}: the Huber threshold on log residuals; {@code starts}: how many
 * Levenberg-Marquardt starts (best variable-projection seeds first); {@code minTokens}: checkpoints
 * below this many tokens are dropped; {@code bootstrapSamples}: case resamples over runs (0 = none);
 * {@code seed}: makes multi-start and bootstrap deterministic.
 */
public record FitOptions(double huberDelta, int starts, double minTokens, int bootstrapSamples, long seed) {

    public static final FitOptions DEFAULT = new FitOptions(1e-3, 8, 0, 200, 42L);
}
