package io.p2law.law.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Service;

import io.p2law.decision.Forecast;
import io.p2law.decision.ForecastPoint;
import io.p2law.error.InvalidInputException;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;
import io.p2law.law.CurrentLaws;
import io.p2law.law.FitSpec;
import io.p2law.law.LawAnswer;
import io.p2law.law.StoredFit;

/** The picture of a family's law: every run's checkpoints with the fitted curve through them. */
@Service
class LawPlotService {

    /** Curve points per run, log-spaced over the run's tokens: smooth at any zoom a browser offers. */
    private static final int CURVE_POINTS = 60;

    private final CurrentLaws fits;
    private final FamilyCatalog catalog;
    private final DecisionService decisions;
    private final LossCurvePlot renderer = new LossCurvePlot();

    LawPlotService(CurrentLaws fits, FamilyCatalog catalog, DecisionService decisions) {
        this.fits = fits;
        this.catalog = catalog;
        this.decisions = decisions;
    }

    String plot(String family, String form) {
        return plot(family, form, null, null, null);
    }

    /**
     * The plot, with run {@code forecastRunId}'s forecast up to {@code until} tokens (default: ten
     * times its last checkpoint, or the family's last when it has none) when given, and a target line.
     */
    String plot(String family, String form, String forecastRunId, Double until, Double target) {
        if (target != null && !(Double.isFinite(target) && target > 0)) {
            throw InvalidInputException.of("target", "must be a finite loss above 0");
        }
        if (forecastRunId == null && until != null) {
            throw InvalidInputException.of("until", "applies only with forecast");
        }
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        LossCurvePlot.Forecast forecast = forecastRunId == null ? null
                : overlay(family, form, forecastRunId, until, target, answer);
        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow(() -> new UnknownFamilyException(family));
        StoredFit fit = answer.current().fit();
        FittedLaw law = answer.current().law();
        List<LossCurvePlot.Series> series = new ArrayList<>();
        for (RunCurve run : snapshot.curves()) {
            series.add(series(law.form(), law, run));
        }
        String subtitle = String.format(Locale.ROOT, "R² %.4f · RMSE %.4g · ASD %.4g · %d points, %d runs · data version %d%s",
                fit.r2(), fit.rmse(), fit.asd(), fit.points(), fit.runs(), fit.dataVersion(),
                answer.stale() || fit.dataVersion() < snapshot.dataVersion() ? " (stale)" : "");
        return renderer.render(new LossCurvePlot.Chart(family + ": " + form + " law", subtitle, series, forecast,
                target));
    }

    private LossCurvePlot.Forecast overlay(String family, String form, String runId, Double until, Double target,
            LawAnswer answer) {
        double horizon;
        if (until != null) {
            horizon = until;
        } else {
            double last = 0;
            double familyLast = 0;
            for (RunCurve run : decisions.curves(family, answer)) {
                for (double t : run.tokens()) {
                    familyLast = Math.max(familyLast, t);
                    if (run.runId().equals(runId)) {
                        last = Math.max(last, t);
                    }
                }
            }
            horizon = last > 0 ? 10 * last : familyLast;
        }
        Forecast forecast = decisions.forecast(family, form, runId,
                new DecisionRequests.ForecastBody(horizon, target, null, null, CURVE_POINTS), answer).forecast();
        List<ForecastPoint> points = forecast.predictions();
        return new LossCurvePlot.Forecast(runId, points.stream().mapToDouble(ForecastPoint::tokens).toArray(),
                points.stream().mapToDouble(ForecastPoint::loss).toArray(),
                points.stream().mapToDouble(ForecastPoint::lower).toArray(),
                points.stream().mapToDouble(ForecastPoint::upper).toArray(), forecast.level());
    }

    private static LossCurvePlot.Series series(LawForm form, FittedLaw law, RunCurve run) {
        int observed = 0;
        for (double t : run.tokens()) {
            if (t > 0) {
                observed++;
            }
        }
        double[] tokens = new double[observed];
        double[] losses = new double[observed];
        for (int i = 0, j = 0; i < run.tokens().length; i++) {
            if (run.tokens()[i] > 0) {
                tokens[j] = run.tokens()[i];
                losses[j++] = run.losses()[i];
            }
        }
        double[] curveTokens = new double[0];
        double[] curveLoss = new double[0];
        // A run the form refuses (or one without post-training checkpoints) is drawn without a curve.
        if (observed > 0 && form.refusal(run).isEmpty()) {
            PrunedModel model = run.model();
            curveTokens = LogScale.points(tokens[0], tokens[observed - 1], CURVE_POINTS);
            curveLoss = new double[curveTokens.length];
            for (int i = 0; i < curveTokens.length; i++) {
                curveLoss[i] = law.predict(model, curveTokens[i]);
            }
        }
        return new LossCurvePlot.Series(run.runId(), tokens, losses, curveTokens, curveLoss);
    }
}
