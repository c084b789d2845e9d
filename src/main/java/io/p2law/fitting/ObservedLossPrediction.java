package io.p2law.fitting;

/**
 * The law's loss after {@code tokens} tokens; [{@code lower}, {@code upper}] holds the loss a run of
 * the model will measure with probability {@code level}; [{@code curveLower}, {@code curveUpper}] is
 * the 95 % bootstrap band of the law's curve itself.
 */
public record ObservedLossPrediction(double tokens, double loss, double lower, double upper, double curveLower,
        double curveUpper, double level) {
}
