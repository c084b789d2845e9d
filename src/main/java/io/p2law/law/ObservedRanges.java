package io.p2law.law;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.p2law.fitting.LawForm;
import io.p2law.fitting.PlannedModel;
import io.p2law.fitting.RunCurve;

/** What a fit's data covers: the model sizes, pruning rates and fitted tokens of its runs. */
record ObservedRanges(Range paramsBefore, Range pruningRate, Range tokens) {

    record Range(double min, double max) {

        boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    /** The ranges of the runs the form accepts, counting checkpoints above {@code minTokens} (and above 0). */
    static ObservedRanges of(LawForm form, List<RunCurve> runs, double minTokens) {
        double paramsMin = Double.POSITIVE_INFINITY, paramsMax = Double.NEGATIVE_INFINITY;
        double rateMin = Double.POSITIVE_INFINITY, rateMax = Double.NEGATIVE_INFINITY;
        double tokensMin = Double.POSITIVE_INFINITY, tokensMax = Double.NEGATIVE_INFINITY;
        for (RunCurve run : runs) {
            if (form.refusal(run).isPresent()) {
                continue;
            }
            boolean fitted = false;
            for (double tokens : run.tokens()) {
                if (tokens > 0 && tokens >= minTokens) {
                    fitted = true;
                    tokensMin = Math.min(tokensMin, tokens);
                    tokensMax = Math.max(tokensMax, tokens);
                }
            }
            if (fitted) {
                paramsMin = Math.min(paramsMin, run.paramsBefore());
                paramsMax = Math.max(paramsMax, run.paramsBefore());
                rateMin = Math.min(rateMin, run.pruningRate());
                rateMax = Math.max(rateMax, run.pruningRate());
            }
        }
        return new ObservedRanges(new Range(paramsMin, paramsMax), new Range(rateMin, rateMax),
                new Range(tokensMin, tokensMax));
    }

    /** One warning per dimension in which the model or the tokens lie outside this data. */
    List<String> extrapolations(PlannedModel model, double... tokens) {
        List<String> warnings = new ArrayList<>();
        if (!paramsBefore.contains(model.paramsBefore())) {
            warnings.add(outside("paramsBefore " + number(model.paramsBefore()), paramsBefore, "parameters"));
        }
        if (!pruningRate.contains(model.pruningRate())) {
            warnings.add(outside("pruningRate " + number(model.pruningRate()), pruningRate, "pruning rate"));
        }
        // Name only the token counts outside the data: a range of asked counts would blame those inside too.
        double[] beyond = Arrays.stream(tokens).filter(t -> !this.tokens.contains(t)).toArray();
        if (beyond.length > 0) {
            String asked = beyond.length <= 3
                    ? Arrays.stream(beyond).mapToObj(ObservedRanges::number).collect(Collectors.joining(", "))
                    : beyond.length + " of the " + tokens.length + " token counts";
            warnings.add(outside("tokens " + asked, this.tokens, "tokens"));
        }
        return warnings;
    }

    private static String outside(String asked, Range observed, String unit) {
        return asked + ": outside the family's data (" + number(observed.min()) + " to "
                + number(observed.max()) + " " + unit + "), extrapolating";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
