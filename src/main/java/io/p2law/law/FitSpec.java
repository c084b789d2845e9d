package io.p2law.law;

import io.p2law.fitting.FitOptions;

/** What a fit is asked for: a form and its options. Two equal specs on one data version give one fit. */
public record FitSpec(String form, FitOptions options) {

    public static FitSpec defaults(String form) {
        return new FitSpec(form, FitOptions.DEFAULT);
    }

    /** The options in one canonical string, so that "same options" is a single equality in SQL. */
    String optionsKey() {
        return "huberDelta=" + options.huberDelta()
                + ";starts=" + options.starts()
                + ";minTokens=" + options.minTokens()
                + ";bootstrapSamples=" + options.bootstrapSamples()
                + ";seed=" + options.seed();
    }
}
