package io.p2law.fitting;

/**
 * Which data a fit's calibration (and the held-out part of its adequacy verdict) was measured on:
 * the points and runs of the fit whose held-out refits measured it, and whether this fit measured it
 * itself or, as a warm refit after a small change, took it over from an earlier fit.
 */
public record CalibrationBasis(int points, int runs, boolean reused) {

    /** A calibration measured by the fit itself, on its own points and runs. */
    public static CalibrationBasis own(int points, int runs) {
        return new CalibrationBasis(points, runs, false);
    }
}
