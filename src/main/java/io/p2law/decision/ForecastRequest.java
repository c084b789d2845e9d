package io.p2law.decision;

/**
 * A forecast asked for a run: up to {@code until} tokens, at {@code points} token counts (log-spaced
 * from the run's last checkpoint), intervals at {@code level}; {@code targetLoss} and
 * {@code slopeThreshold} (loss per billion tokens) are optional (NaN when not given).
 */
public record ForecastRequest(double until, double targetLoss, double slopeThreshold, double level, int points) {

    public static final double LEVEL = 0.9;
    public static final int POINTS = 20;

    public ForecastRequest {
        if (!(until > 0) || Double.isInfinite(until)) {
            throw new IllegalArgumentException("until must be finite and > 0");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0, 1)");
        }
        if (points < 2) {
            throw new IllegalArgumentException("points must be >= 2");
        }
    }

    boolean hasTarget() {
        return !Double.isNaN(targetLoss);
    }

    boolean hasSlopeThreshold() {
        return !Double.isNaN(slopeThreshold);
    }
}
