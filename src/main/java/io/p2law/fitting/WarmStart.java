package io.p2law.fitting;

import java.util.Arrays;

/**
 * Where a refit may begin: a previous fit's constants, its bootstrap replicates and how many points
 * and runs it fitted, and (when known) its calibration, adequacy verdict and the data they were
 * measured on. After a small change (a few checkpoints appended) the constants are the only
 * start: the previous fit's race among the usual starts chose that optimum's basin on nearly the
 * same data, and running the race again costs a fifth of a cold fit by itself. After a larger
 * change they are one more start beside the usual ones. Replicate {@code b} starts from its
 * previous value when the previous fit kept all of its replicates, so that the indices still match.
 */
public record WarmStart(double[] optimum, double[][] bootstrapValues, int points, int runs,
        PredictiveCalibration calibration, Adequacy adequacy, CalibrationBasis calibrationBasis) {

    /** Past this share of points added or removed (or any run more or less) the usual starts race too. */
    static final double SMALL_CHANGE = 0.01;

    public WarmStart {
        optimum = optimum.clone();
        bootstrapValues = bootstrapValues == null ? new double[0][]
                : Arrays.stream(bootstrapValues).map(double[]::clone).toArray(double[][]::new);
        if (calibration == null || adequacy == null || calibrationBasis == null) {
            calibration = null;
            adequacy = null;
            calibrationBasis = null;
        }
    }

    /** A warm start without a calibration to take over: the refit measures its own. */
    public WarmStart(double[] optimum, double[][] bootstrapValues, int points, int runs) {
        this(optimum, bootstrapValues, points, runs, null, null, null);
    }

    /** The previous fit as a warm start, its calibration included. */
    public static WarmStart of(FitReport previous) {
        return new WarmStart(previous.law().values(), previous.law().bootstrapValues(), previous.points(),
                previous.runs(), previous.law().calibration(), previous.adequacy(), previous.calibrationBasis());
    }

    @Override
    public double[] optimum() {
        return optimum.clone();
    }

    @Override
    public double[][] bootstrapValues() {
        return Arrays.stream(bootstrapValues).map(double[]::clone).toArray(double[][]::new);
    }

    /** Replicate {@code b}'s previous value, or null when there is none to trust. */
    double[] replicate(int b, int samples) {
        return bootstrapValues.length == samples && bootstrapValues[b].length == optimum.length
                ? bootstrapValues[b] : null;
    }

    double[] start() {
        return optimum;
    }

    /**
     * Whether the data moved so little since the previous fit that its race need not be run again:
     * the same number of fitted runs and at most {@link #SMALL_CHANGE} of the points more or fewer.
     */
    boolean smallChange(int points, int runs) {
        return smallChange(points, runs, this.points, this.runs);
    }

    /**
     * Whether the calibration may be taken over by a refit of {@code points} and {@code runs}: the
     * same number of runs as the data it was measured on, and at most {@link #SMALL_CHANGE} of those
     * points more or fewer. Measured against the data of the calibration, not of the previous fit,
     * so that many small changes in a row add up to a full recalibration once they amount to a large one.
     */
    boolean calibrationReusable(int points, int runs) {
        return calibration != null && smallChange(points, runs, calibrationBasis.points(), calibrationBasis.runs());
    }

    private static boolean smallChange(int points, int runs, int fromPoints, int fromRuns) {
        return runs == fromRuns && Math.abs(points - fromPoints) <= SMALL_CHANGE * fromPoints;
    }
}
