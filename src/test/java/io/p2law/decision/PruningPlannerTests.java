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
import io.p2law.fitting.TestData;

import static org.assertj.core.api.Assertions.assertThat;

class PruningPlannerTests {

    private static final FitOptions NO_BOOTSTRAP = new FitOptions(1e-3, 8, 0, 0, 42L);
    private static final List<Family> FAMILIES = new ArrayList<>();

    record Family(String name, FittedLaw law, List<RunCurve> runs, LossUncertainty uncertainty) {
    }

    @BeforeAll
    static void fit() {
        try (LawFitting fitting = new LawFitting(2)) {
            add(fitting, "depth", TestData.synthetic(TestData.DEPTH));
            for (long seed = 101; seed <= 102; seed++) {
                add(fitting, "generated " + seed, GeneratedFamily.of(seed).runs());
            }
        }
    }

    private static void add(LawFitting fitting, String name, List<RunCurve> runs) {
        FittedLaw law = fitting.fit("p2", runs, NO_BOOTSTRAP).law();
        FAMILIES.add(new Family(name, law, runs, new CalibratedUncertainty(law)));
    }

    @Test
    void bestCostsNoMoreThanHalfAPercentAboveABruteForceGridAndMeetsTheTarget() {
        for (Family family : FAMILIES) {
            for (PlanRequest base : PlanCases.of(family.law(), family.runs())) {
                BruteForcePlan grid = BruteForcePlan.of(family.uncertainty(), base, 201);
                for (double inference : new double[] {0, 1e12}) {
                    PlanRequest request = base.withInferenceTokens(inference);
                    PlanAnswer answer = new PruningPlanner(family.uncertainty()).plan(request, ExtrapolationCheck.NONE);
                    assertThat(answer.reachable()).as(family.name()).isTrue();
                    double brute = grid.cost(inference);
                    // the grid finds a plan too: a comparison with +infinity would prove nothing
                    assertThat(brute).as(family.name() + " " + request).isFinite();
                    assertThat(answer.best().totalFlops()).as(family.name() + " " + request)
                            .isLessThanOrEqualTo(brute * 1.005);
                    assertThat(BruteForcePlan.meets(family.uncertainty(), request, answer.best())).as(family.name())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void raisingServingVolumeNeverLowersTheChosenRate() {
        for (Family family : FAMILIES) {
            for (PlanRequest base : PlanCases.of(family.law(), family.runs())) {
                double previous = 0;
                for (double inference : new double[] {0, 1e10, 1e11, 1e12, 1e13, 1e14}) {
                    PlanAnswer answer = new PruningPlanner(family.uncertainty())
                            .plan(base.withInferenceTokens(inference), ExtrapolationCheck.NONE);
                    double rate = answer.best().rate();
                    assertThat(rate).as(family.name() + " at " + inference + " inference tokens")
                            .isGreaterThanOrEqualTo(previous - PruningPlanner.RATE_TOLERANCE);
                    previous = rate;
                }
            }
        }
    }

    @Test
    void servingVolumeMovesTheBestRateUpOnTheDepthFamily() {
        Family depth = FAMILIES.get(0);
        PlanRequest request = PlanCases.of(depth.law(), depth.runs()).get(0);
        PruningPlanner planner = new PruningPlanner(depth.uncertainty());
        Plan none = planner.plan(request, ExtrapolationCheck.NONE).best();
        Plan heavy = planner.plan(request.withInferenceTokens(1e14), ExtrapolationCheck.NONE).best();
        assertThat(heavy.rate()).isGreaterThan(none.rate());
        assertThat(heavy.servingFlops()).isPositive();
        assertThat(none.servingFlops()).isZero();
        assertThat(none.totalFlops()).isEqualTo(none.postTrainingFlops());
    }

    @Test
    void aTargetBelowEveryRatesAsymptoteIsAnAnswerWithTheClosestPlan() {
        Family depth = FAMILIES.get(0);
        PlanRequest reachable = PlanCases.of(depth.law(), depth.runs()).get(0);
        PrunedModel lowest = PruningPlanner.model(reachable, reachable.minRate());
        double target = depth.law().asymptote(lowest) * 0.99;
        PlanRequest request = new PlanRequest(reachable.paramsBefore(), reachable.lossBefore(), target,
                Double.POSITIVE_INFINITY, reachable.minRate(), reachable.maxRate(), 1e12, 0, 0.5, 0.9, 6, 2, 11);
        PlanAnswer answer = new PruningPlanner(depth.uncertainty()).plan(request, ExtrapolationCheck.NONE);
        assertThat(answer.reachable()).isFalse();
        assertThat(answer.best()).isNull();
        assertThat(answer.closest().rate()).isEqualTo(reachable.minRate());
        assertThat(answer.closest().tokens()).isEqualTo(1e12);
        assertThat(answer.reason()).contains("not reached").contains("asymptote");
        assertThat(answer.frontier()).hasSize(11).allSatisfy(p -> assertThat(p.reachable()).isFalse());
    }

    @Test
    void aTokenCapTooSmallForEveryRateSaysHowManyTokensTheClosestNeeds() {
        Family depth = FAMILIES.get(0);
        PlanRequest base = PlanCases.of(depth.law(), depth.runs()).get(0);
        PlanRequest request = new PlanRequest(base.paramsBefore(), base.lossBefore(), base.targetLoss(),
                Double.POSITIVE_INFINITY, base.minRate(), base.maxRate(), 1e6, 0, 0.5, 0.9, 6, 2, 11);
        PlanAnswer answer = new PruningPlanner(depth.uncertainty()).plan(request, ExtrapolationCheck.NONE);
        assertThat(answer.reachable()).isFalse();
        assertThat(answer.reason()).contains("maxTokens").contains("needs");
        assertThat(answer.frontier()).allSatisfy(p -> assertThat(p.withinLimits()).isFalse());
    }

    @Test
    void aSizeLimitRaisesTheRateAndOneAboveMaxRateIsUnreachable() {
        Family depth = FAMILIES.get(0);
        PlanRequest base = PlanCases.of(depth.law(), depth.runs()).get(0);
        PruningPlanner planner = new PruningPlanner(depth.uncertainty());
        double free = planner.plan(base, ExtrapolationCheck.NONE).best().rate();
        double limitRate = Math.min(base.maxRate(), free + 0.05);
        double limit = base.paramsBefore() * (1 - limitRate);
        PlanRequest limited = new PlanRequest(base.paramsBefore(), base.lossBefore(), base.targetLoss(), limit,
                base.minRate(), base.maxRate(), base.maxTokens(), 0, 0.5, 0.9, 6, 2, 11);
        Plan plan = planner.plan(limited, ExtrapolationCheck.NONE).best();
        assertThat(plan.paramsAfter()).isLessThanOrEqualTo(limit);
        assertThat(plan.rate()).isCloseTo(limitRate, org.assertj.core.data.Offset.offset(1e-6));

        PlanRequest impossible = new PlanRequest(base.paramsBefore(), base.lossBefore(), base.targetLoss(),
                base.paramsBefore() * (1 - base.maxRate()) / 2, base.minRate(), base.maxRate(), base.maxTokens(), 0,
                0.5, 0.9, 6, 2, 11);
        PlanAnswer answer = planner.plan(impossible, ExtrapolationCheck.NONE);
        assertThat(answer.reachable()).isFalse();
        assertThat(answer.reason()).contains("maxParamsAfter");
    }

    @Test
    void higherConfidenceNeedsMoreTokensAndReportsItsProbability() {
        Family depth = FAMILIES.get(0);
        List<PlanRequest> cases = PlanCases.of(depth.law(), depth.runs());
        PruningPlanner planner = new PruningPlanner(depth.uncertainty());
        Plan even = planner.plan(cases.get(0), ExtrapolationCheck.NONE).best();
        Plan sure = planner.plan(cases.get(1), ExtrapolationCheck.NONE).best();
        assertThat(even.probability()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(sure.probability()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(sure.totalFlops()).isGreaterThan(even.totalFlops());
        assertThat(sure.lower()).isLessThan(sure.loss());
        assertThat(sure.upper()).isGreaterThan(sure.loss());
    }

    @Test
    void warningsComeFromTheExtrapolationCheckForTheBestPlan() {
        Family depth = FAMILIES.get(0);
        PlanRequest request = PlanCases.of(depth.law(), depth.runs()).get(0);
        List<double[]> asked = new ArrayList<>();
        PlanAnswer answer = new PruningPlanner(depth.uncertainty()).plan(request, (model, tokens) -> {
            asked.add(new double[] {model.pruningRate(), tokens[0]});
            return List.of("beyond the data");
        });
        assertThat(answer.warnings()).containsExactly("beyond the data");
        assertThat(asked).singleElement().satisfies(a -> {
            assertThat(a[0]).isEqualTo(answer.best().rate());
            assertThat(a[1]).isEqualTo(answer.best().tokens());
        });
    }
}
