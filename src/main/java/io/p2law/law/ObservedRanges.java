package io.p2law.law;

import java.util.ArrayList;
import java.util.List;

import io.p2law.fitting.LawForm;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/** What a fit's data covers: the model sizes, pruning rates and fitted tokens of its runs. */
public record ObservedRanges(Range paramsBefore, Range pruningRate, Range tokens) {

    public record Range(double min, double max) {

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
                paramsMin = Math.min(paramsMin, run.model().paramsBefore());
                paramsMax = Math.max(paramsMax, run.model().paramsBefore());
                rateMin = Math.min(rateMin, run.model().pruningRate());
                rateMax = Math.max(rateMax, run.model().pruningRate());
            }
        }
        return new ObservedRanges(new Range(paramsMin, paramsMax), new Range(rateMin, rateMax),
                new Range(tokensMin, tokensMax));
    }

    /** One warning per dimension in which the model or the tokens lie outside this data. */
    public List<String> extrapolations(PrunedModel model, double... tokens) {
        List<String> warnings = new ArrayList<>();
        if (!paramsBefore.contains(model.paramsBefore())) {
            warnings.add(outside("paramsBefore " + number(model.paramsBefore()), paramsBefore, "parameters"));
        }
        if (!pruningRate.contains(model.pruningRate())) {
            warnings.add(outside("pruningRate " + number(model.pruningRate()), pruningRate, "pruning rate"));
        }
        // Name only the token counts outside the data: a range of asked counts would blame those inside too.
        int beyond = 0;
        for (double t : tokens) {
            if (!this.tokens.contains(t)) {
                beyond++;
            }
        }
        if (beyond > 0) {
            StringBuilder asked = new StringBuilder("tokens ");
            if (beyond <= 3) {
                String separator = "";
                for (double t : tokens) {
                    if (!this.tokens.contains(t)) {
                        asked.append(separator).append(number(t));
                        separator = ", ";
                    }
                }
            } else {
                asked.append(beyond).append(" of the ").append(tokens.length).append(" token counts");
            }
            warnings.add(outside(asked.toString(), this.tokens, "tokens"));
        }
        return warnings;
    }

    private static String outside(String asked, Range observed, String unit) {
        return asked + ": outside the family's data (" + number(observed.min()) + " to "
                + number(observed.max()) + " " + unit + "), extrapolating";
    }

    private static String number(double value) {
        return FourSignificantDigits.format(value);
    }
}
