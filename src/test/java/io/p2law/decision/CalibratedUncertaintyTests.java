package io.p2law.decision;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;
import io.p2law.fitting.TestData;

import static org.assertj.core.api.Assertions.assertThat;

class CalibratedUncertaintyTests {

    /** A real curve band (bootstrap), so that the scale changes with the tokens. */
    private static final FitOptions WITH_BOOTSTRAP = new FitOptions(1e-3, 8, 0, 40, 7L);
    private static final List<Family> FAMILIES = new ArrayList<>();

    private record Family(FittedLaw law, List<RunCurve> runs) {
    }

    @BeforeAll
    static void fit() {
        try (LawFitting fitting = new LawFitting(2)) {
            for (List<RunCurve> runs : List.of(TestData.synthetic(TestData.DEPTH), GeneratedFamily.of(103).runs(),
                    GeneratedFamily.of(104).runs())) {
                FAMILIES.add(new Family(fitting.fit("p2", runs, WITH_BOOTSTRAP).law(), runs));
            }
        }
    }

    @Test
    void theFastRootMeetsTheConfidenceAndAgreesWithTheExactRoot() {
        int cases = 0;
        int fast = 0;
        for (Family family : FAMILIES) {
            FittedLaw law = family.law();
            CalibratedUncertainty uncertainty = new CalibratedUncertainty(law);
            PlanRequest base = PlanCases.of(law, family.runs()).get(0);
            for (double rate : new double[] {base.minRate(), (base.minRate() + base.maxRate()) / 2, base.maxRate()}) {
                PrunedModel model = PruningPlanner.model(base, rate);
                for (double confidence : new double[] {0.3, 0.5, 0.7, 0.9, 0.95}) {
                    BudgetAnswer answer = uncertainty.tokensToTarget(model, base.targetLoss(), confidence);
                    BudgetAnswer exact = uncertainty.exactTokensToTarget(model, base.targetLoss(), confidence);
                    String what = "rate " + rate + " confidence " + confidence;
                    assertThat(answer.reachable()).as(what).isEqualTo(exact.reachable());
                    if (!exact.reachable()) {
                        continue;
                    }
                    double tokens = answer.tokens();
                    double p = law.probabilityAtMost(model, tokens, base.targetLoss());
                    assertThat(p).as(what).isGreaterThanOrEqualTo(confidence);
                    // the fewest such tokens to the solvers' tolerance (the estimate's 6e-8, the exact search's
                    // 1e-7 in ln D): 2e-7 fewer no longer meets the confidence
                    double fewer = tokens * Math.exp(-2e-7);
                    if (confidence == 0.5) {
                        // as likely as not is the median's root: short of it the prediction misses, and so the
                        // probability is below one half
                        assertThat(law.predict(model, fewer)).as(what).isGreaterThan(base.targetLoss());
                        assertThat(law.probabilityAtMost(model, fewer, base.targetLoss())).as(what).isLessThan(0.5);
                    } else {
                        assertThat(law.probabilityAtMost(model, fewer, base.targetLoss())).as(what)
                                .isLessThan(confidence);
                    }
                    assertThat(Math.abs(Math.log(tokens / exact.tokens()))).as(what).isLessThan(2e-7);
                    cases++;
                    OptionalEstimate estimate = new OptionalEstimate(law, model, base.targetLoss(), confidence);
                    if (estimate.used(tokens)) {
                        fast++;
                    }
                }
            }
        }
        // the point of the estimate: the exact search is the exception, not the rule (20 of 26 when written)
        assertThat(fast).isGreaterThanOrEqualTo(cases * 3 / 4);
    }

    @Test
    void aRateTheLawShowsOutOfReachIsOneTheExactSearchCannotReachEither() {
        int unreachable = 0;
        int shown = 0;
        for (Family family : FAMILIES) {
            FittedLaw law = family.law();
            CalibratedUncertainty uncertainty = new CalibratedUncertainty(law);
            PlanRequest base = PlanCases.of(law, family.runs()).get(0);
            // from the family's rates to well past them, where no token count reaches the target
            for (int i = 0; i <= 12; i++) {
                double rate = base.minRate() + (Math.min(0.9, 2 * base.maxRate()) - base.minRate()) * i / 12;
                PrunedModel model = PruningPlanner.model(base, rate);
                for (double confidence : new double[] {0.5, 0.7, 0.9, 0.95}) {
                    String what = "rate " + rate + " confidence " + confidence;
                    boolean cannot = law.cannotReach(model, base.targetLoss(), confidence);
                    BudgetAnswer exact = uncertainty.exactTokensToTarget(model, base.targetLoss(), confidence);
                    BudgetAnswer answer = uncertainty.tokensToTarget(model, base.targetLoss(), confidence);
                    assertThat(answer.reachable()).as(what).isEqualTo(exact.reachable());
                    if (cannot) {
                        assertThat(exact.reachable()).as(what).isFalse();
                        assertThat(answer.reason()).as(what).contains("not met with probability " + confidence);
                    }
                    if (!exact.reachable()) {
                        unreachable++;
                        shown += cannot ? 1 : 0;
                    }
                }
            }
            // below 0.5 the bound says nothing
            assertThat(law.cannotReach(PruningPlanner.model(base, 0.9), base.targetLoss(), 0.3)).isFalse();
        }
        // the point of the bound: an unreachable rate is told without searching up to 1e30 tokens
        assertThat(unreachable).isGreaterThan(20);
        assertThat(shown).isGreaterThanOrEqualTo(unreachable * 3 / 4);
    }

    private record OptionalEstimate(FittedLaw law, PrunedModel model, double target, double confidence) {

        boolean used(double tokens) {
            var estimate = law.tokensAtProbability(model, target, confidence);
            return estimate.isPresent()
                    && Math.exp(estimate.getAsDouble() + CalibratedUncertainty.CHECK_MARGIN) == tokens;
        }
    }
}
