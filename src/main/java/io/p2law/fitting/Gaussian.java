package io.p2law.fitting;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution's quantile function, without an RNG-carrying distribution object. */
final class Gaussian {

    private Gaussian() {
    }

    static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            return p >= 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }
}
