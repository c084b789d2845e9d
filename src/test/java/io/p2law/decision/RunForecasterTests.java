package io.p2law.decision;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class RunForecasterTests {

    private static final RunForecaster FORECASTER = new RunForecaster();
    private static GeneratedFamily family;
    private static List<RunCurve> known;
    private static RunCurve early;
    private static RunCurve full;
    private static FittedLaw law;

    /** Family 1's first run, shown up to 30 % of its checkpoints, the rest of the family in full. */
    @BeforeAll
    static void fit() {
        family = GeneratedFamily.of(1);
        full = family.runs().get(0);
        early = GeneratedFamily.firstPart(full, 0.3);
        known = new ArrayList<>(family.runs());
        known.set(0, early);
        try (LawFitting fitting = new LawFitting(2)) {
            law = fitting.fit("p2", known, new FitOptions(1e-3, 8, 0, 30, 42L)).law();
        }
    }

    private static ForecastRequest ask(double until, double target, double slope) {
        return new ForecastRequest(until, target, slope, 0.9, ForecastRequest.POINTS);
    }

    private static RunCurve withoutCheckpoints(RunCurve run) {
        return new RunCurve(run.runId(), run.model(), new double[0], new double[0]);
    }

    @Test
    void withoutCheckpointsTheForecastIsTheLawsPrediction() {
        Forecast forecast = FORECASTER.forecast(law, known, withoutCheckpoints(full), ask(1e10, Double.NaN, Double.NaN));
        PrunedModel model = full.model();
        assertThat(forecast.offset()).isZero();
        assertThat(forecast.trust()).isZero();
        assertThat(forecast.checkpoints()).isZero();
        assertThat(forecast.predictions()).hasSize(ForecastRequest.POINTS).allSatisfy(p -> {
            assertThat(p.loss()).isEqualTo(law.predict(model, p.tokens()));
            assertThat(p.lower()).isLessThan(p.loss());
            assertThat(p.upper()).isGreaterThan(p.loss());
        });
        assertThat(forecast.predictions().get(ForecastRequest.POINTS - 1).tokens()).isEqualTo(1e10);
        assertThat(forecast.warnings()).anyMatch(w -> w.contains("no checkpoints"));
    }

    @Test
    void trustGrowsWithCheckpointsAndTheOffsetFollowsTheRun() {
        RunCurve few = GeneratedFamily.firstPart(full, 0.1);
        Forecast fromFew = FORECASTER.forecast(law, known, few, ask(1e10, Double.NaN, Double.NaN));
        Forecast fromMore = FORECASTER.forecast(law, known, early, ask(1e10, Double.NaN, Double.NaN));
        assertThat(fromFew.trust()).isPositive().isLessThan(fromMore.trust());
        assertThat(fromMore.trust()).isLessThan(1);
        assertThat(Math.abs(fromMore.offset())).isLessThanOrEqualTo(Math.abs(fromMore.observedOffset()));
        assertThat(Math.signum(fromMore.offset())).isEqualTo(Math.signum(fromMore.observedOffset()));
        assertThat(fromMore.currentTokens()).isEqualTo(early.tokens()[early.tokens().length - 1]);
        assertThat(fromMore.predictions().get(0).tokens()).isGreaterThan(fromMore.currentTokens());
    }

    @Test
    void aRunWellAboveTheLawIsForecastCloserThanTheLawOnItsHiddenCheckpoints() {
        double[] losses = full.losses().clone();
        for (int j = 0; j < losses.length; j++) {
            losses[j] += 0.05;
        }
        RunCurve shifted = new RunCurve(full.runId(), full.model(), full.tokens(), losses);
        RunCurve shown = GeneratedFamily.firstPart(shifted, 0.3);
        int n = shown.tokens().length;
        double[] hidden = java.util.Arrays.copyOfRange(full.tokens(), n, full.tokens().length);
        Forecast forecast = FORECASTER.forecastAt(law, known, shown, ask(hidden[hidden.length - 1], Double.NaN,
                Double.NaN), hidden);
        PrunedModel model = full.model();
        double forecastError = 0;
        double lawError = 0;
        for (int j = 0; j < hidden.length; j++) {
            forecastError += Math.abs(forecast.predictions().get(j).loss() - losses[n + j]);
            lawError += Math.abs(law.predict(model, hidden[j]) - losses[n + j]);
        }
        assertThat(forecastError).isLessThan(lawError / 2);
        assertThat(forecast.offset()).isPositive();
    }

    @Test
    void adviceFollowsTheTargetThenTheSlope() {
        double current = early.tokens()[early.tokens().length - 1];
        Forecast base = FORECASTER.forecast(law, known, early, ask(1e11, Double.NaN, Double.NaN));
        double now = base.predictions().get(0).loss();
        double atEnd = base.predictions().get(base.predictions().size() - 1).loss();

        Forecast reached = FORECASTER.forecast(law, known, early, ask(1e11, now + 0.05, Double.NaN));
        assertThat(reached.advice()).isEqualTo(Advice.STOP_TARGET_REACHED);
        assertThat(reached.targetTokens()).isLessThanOrEqualTo(current);

        Forecast onTheWay = FORECASTER.forecast(law, known, early, ask(1e11, (now + atEnd) / 2, Double.NaN));
        assertThat(onTheWay.advice()).isEqualTo(Advice.CONTINUE);
        assertThat(onTheWay.targetTokens()).isBetween(current, 1e11);
        assertThat(onTheWay.reason()).contains("reaches the target");

        Forecast tooLate = FORECASTER.forecast(law, known, early, ask(current * 1.5, (now + atEnd) / 2, Double.NaN));
        assertThat(tooLate.advice()).isEqualTo(Advice.STOP_UNREACHABLE);
        assertThat(tooLate.reason()).contains("beyond until");

        double floor = law.asymptote(early.model()) * Math.exp(base.offset());
        Forecast never = FORECASTER.forecast(law, known, early, ask(1e11, floor * 0.99, Double.NaN));
        assertThat(never.advice()).isEqualTo(Advice.STOP_UNREACHABLE);
        assertThat(never.targetReachable()).isFalse();
        assertThat(never.reason()).contains("levels off");

        Forecast flat = FORECASTER.forecast(law, known, early, ask(1e11, Double.NaN, 1e3));
        assertThat(flat.advice()).isEqualTo(Advice.STOP_DIMINISHING_RETURNS);
        Forecast steep = FORECASTER.forecast(law, known, early, ask(1e11, Double.NaN, 1e-9));
        assertThat(steep.advice()).isEqualTo(Advice.CONTINUE);
        assertThat(steep.diminishingReturnsTokens()).isGreaterThan(current);
    }

    @Test
    void theIntervalWidensWithTheLevel() {
        ForecastPoint narrow = FORECASTER.forecast(law, known, early,
                new ForecastRequest(1e10, Double.NaN, Double.NaN, 0.5, 5)).predictions().get(4);
        ForecastPoint wide = FORECASTER.forecast(law, known, early,
                new ForecastRequest(1e10, Double.NaN, Double.NaN, 0.99, 5)).predictions().get(4);
        assertThat(narrow.loss()).isCloseTo(wide.loss(), offset(1e-12));
        assertThat(wide.upper() - wide.lower()).isGreaterThan(narrow.upper() - narrow.lower());
    }

    @Test
    void untilMustLieBeyondTheLastCheckpoint() {
        double current = early.tokens()[early.tokens().length - 1];
        assertThatThrownBy(() -> FORECASTER.forecast(law, known, early, ask(current, Double.NaN, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("until");
    }
}
