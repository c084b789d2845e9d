package io.p2law.law.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
    private final LossCurvePlot renderer = new LossCurvePlot();
    private final Map<Drawn, Plot> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Drawn, Plot> eldest) {
            return size() > RECENT_PLOTS;
        }
    });

    /** Plots kept drawn: at most a few hundred kilobytes each. */
    private static final int RECENT_PLOTS = 32;

    /** What a drawn plot depends on. */
    private record Drawn(String family, long fitId, long dataVersion, Set<String> runs, Overlay overlay) {
    }

    /** A run's forecast to draw up to {@code until} tokens (null: the default) and a target line (null: none). */
    record Overlay(String forecastRunId, Double until, Double target) {

        static final Overlay NONE = new Overlay(null, null, null);
    }

    private final DecisionService decisions;

    LawPlotService(CurrentLaws fits, FamilyCatalog catalog, DecisionService decisions) {
        this.fits = fits;
        this.catalog = catalog;
        this.decisions = decisions;
    }

    /** An SVG document and the entity tag that changes with the fit, the data and the runs drawn. */
    record Plot(String svg, String etag) {
    }

    /** @param runIds the runs to draw, or empty for all of them; an unknown one is a 400 naming it */
    Plot plot(String family, String form, List<String> runIds) {
        return plot(family, form, runIds, Overlay.NONE);
    }

    /**
     * The plot, with run {@code overlay.forecastRunId()}'s forecast (as the forecast endpoint answers
     * it, level 0.9) up to {@code until} tokens, by default ten times its last checkpoint (the
     * family's last when it has none), and a target line.
     */
    Plot plot(String family, String form, List<String> runIds, Overlay overlay) {
        if (overlay.target() != null && !(Double.isFinite(overlay.target()) && overlay.target() > 0)) {
            throw InvalidInputException.of("target", "must be a finite loss above 0");
        }
        if (overlay.forecastRunId() == null && overlay.until() != null) {
            throw InvalidInputException.of("until", "applies only with forecast");
        }
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        StoredFit fit = answer.current().fit();
        Set<String> chosen = new LinkedHashSet<>(runIds);
        // The picture depends only on the fit, the data and the runs asked for: while they stay, it is
        // drawn once (a 100-run family takes a few hundred milliseconds to load and draw).
        Plot drawn = recent.get(new Drawn(family, fit.id(), answer.currentDataVersion(), chosen, overlay));
        if (drawn != null) {
            return drawn;
        }
        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow(() -> new UnknownFamilyException(family));
        List<RunCurve> curves = snapshot.curves();
        Set<String> unknown = new LinkedHashSet<>(chosen);
        curves.forEach(run -> unknown.remove(run.runId()));
        if (!unknown.isEmpty()) {
            throw InvalidInputException.of("runs", "no run " + String.join(", ", unknown) + " in family '" + family + "'");
        }
        List<RunCurve> runs = chosen.isEmpty() ? curves
                : curves.stream().filter(run -> chosen.contains(run.runId())).toList();
        String subtitle = String.format(Locale.ROOT, "R² %.4f · RMSE %.4g · ASD %.4g · %d points, %d runs · data version %d%s",
                fit.r2(), fit.rmse(), fit.asd(), fit.points(), fit.runs(), fit.dataVersion(),
                answer.stale() || fit.dataVersion() < snapshot.dataVersion() ? " (stale)" : "");
        LossCurvePlot.Forecast forecast = overlay.forecastRunId() == null ? null
                : forecast(family, form, overlay, answer, curves);
        String svg = draw(renderer, family + ": " + form + " law", subtitle, answer.current().law(), runs, forecast,
                overlay.target());
        Drawn key = new Drawn(family, fit.id(), snapshot.dataVersion(), chosen, overlay);
        Plot plot = new Plot(svg, "\"plot." + fit.id() + "." + snapshot.dataVersion() + "."
                + Integer.toHexString(chosen.hashCode()) + (overlay.equals(Overlay.NONE) ? ""
                        : "." + Integer.toHexString(overlay.hashCode())) + "\"");
        recent.put(key, plot);
        return plot;
    }

    /** The picture of the runs and the law's curves through them (what the plot benchmark times). */
    static String draw(LossCurvePlot renderer, String title, String subtitle, FittedLaw law, List<RunCurve> runs) {
        return draw(renderer, title, subtitle, law, runs, null, null);
    }

    private static String draw(LossCurvePlot renderer, String title, String subtitle, FittedLaw law,
            List<RunCurve> runs, LossCurvePlot.Forecast forecast, Double target) {
        List<LossCurvePlot.Series> series = new ArrayList<>(runs.size());
        for (RunCurve run : runs) {
            series.add(series(law.form(), law, run));
        }
        return renderer.render(new LossCurvePlot.Chart(title, subtitle, series, forecast, target));
    }

    private LossCurvePlot.Forecast forecast(String family, String form, Overlay overlay, LawAnswer answer,
            List<RunCurve> curves) {
        double horizon;
        if (overlay.until() != null) {
            horizon = overlay.until();
        } else {
            double last = 0;
            double familyLast = 0;
            for (RunCurve run : curves) {
                for (double t : run.tokens()) {
                    familyLast = Math.max(familyLast, t);
                    if (run.runId().equals(overlay.forecastRunId())) {
                        last = Math.max(last, t);
                    }
                }
            }
            horizon = last > 0 ? 10 * last : familyLast;
        }
        Forecast forecast = decisions.forecast(family, form, overlay.forecastRunId(),
                new DecisionRequests.ForecastBody(horizon, overlay.target(), null, null, CURVE_POINTS), answer)
                .forecast();
        List<ForecastPoint> points = forecast.predictions();
        return new LossCurvePlot.Forecast(overlay.forecastRunId(),
                points.stream().mapToDouble(ForecastPoint::tokens).toArray(),
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
        return new LossCurvePlot.Series(run.runId(), tokens, losses, curveTokens, curveLoss, run.model().paramsBefore(),
                run.model().pruningRate());
    }
}
