package io.p2law.decision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.Interval;
import io.p2law.fitting.PrunedModel;

/**
 * The cheapest pruning plan for a target loss. For one rate the tokens that meet the target at the
 * confidence are a root of the law (the budget solver); the total cost is then a function of the
 * rate alone, minimised in two steps: a grid of {@link #GRID} rates finds the basin of the least
 * cost (and where the limits cut the range), Brent's method then narrows it to
 * {@link #RATE_TOLERANCE} in the rate. The rate set allowed is [max(minRate, 1 - maxParamsAfter /
 * paramsBefore), maxRate] intersected with the rates whose root is at most maxTokens; where a limit
 * cuts a bracket, bisection finds the cut so that Brent only sees finite costs.
 */
public final class PruningPlanner {

    /** 21 rates: with the default 11 frontier rates over the same range, every other one is a frontier rate, known already. */
    static final int GRID = 21;
    static final double RATE_TOLERANCE = 1e-7;
    private static final int CUT_BISECTIONS = 50;

    private final LossUncertainty uncertainty;

    public PruningPlanner(LossUncertainty uncertainty) {
        this.uncertainty = uncertainty;
    }

    public PlanAnswer plan(PlanRequest request, ExtrapolationCheck extrapolations) {
        Costing costing = new Costing(request);
        List<FrontierPoint> frontier = frontier(request, costing);
        double lowest = Math.max(request.minRate(), 1 - request.maxParamsAfter() / request.paramsBefore());
        double highest = request.maxRate();
        if (lowest > highest) {
            Plan closest = costing.closest(highest, highest);
            return unreachable(request, closest, "maxParamsAfter " + request.maxParamsAfter()
                    + " needs a pruning rate of at least " + lowest + ", above maxRate " + highest, frontier,
                    extrapolations);
        }
        int n = lowest == highest ? 1 : GRID;
        double[] rates = new double[n];
        double[] costs = new double[n];
        int best = -1;
        for (int i = 0; i < n; i++) {
            rates[i] = n == 1 ? lowest : lowest + (highest - lowest) * i / (n - 1);
            costs[i] = costing.cost(rates[i]);
            if (costs[i] < Double.POSITIVE_INFINITY && (best < 0 || costs[i] < costs[best])) {
                best = i;
            }
        }
        if (best < 0) {
            Plan closest = costing.closest(lowest, highest);
            return unreachable(request, closest, costing.whyUnreachable(closest, lowest, highest), frontier,
                    extrapolations);
        }
        double rate = refine(costing, rates, costs, best);
        Plan plan = costing.plan(rate, costing.tokens(rate));
        List<String> warnings = extrapolations.warnings(model(request, rate), plan.tokens());
        return new PlanAnswer(true, plan, null, null, frontier, warnings, RATE_TOLERANCE);
    }

    /** Brent's method on the grid bracket around the best grid rate, cut where a limit starts. */
    private static double refine(Costing costing, double[] rates, double[] costs, int best) {
        if (rates.length == 1) {
            return rates[0];
        }
        double low = best > 0 ? rates[best - 1] : rates[best];
        double high = best < rates.length - 1 ? rates[best + 1] : rates[best];
        if (best > 0 && costs[best - 1] == Double.POSITIVE_INFINITY) {
            low = costing.cut(rates[best - 1], rates[best]);
        }
        if (best < rates.length - 1 && costs[best + 1] == Double.POSITIVE_INFINITY) {
            high = costing.cut(rates[best + 1], rates[best]);
        }
        double rate = rates[best];
        double cost = costs[best];
        for (double edge : new double[] {low, high}) {
            double c = costing.cost(edge);
            if (c < cost) {
                rate = edge;
                cost = c;
            }
        }
        if (high - low > RATE_TOLERANCE) {
            BrentOptimizer brent = new BrentOptimizer(1e-12, RATE_TOLERANCE / 2);
            UnivariatePointValuePair found = brent.optimize(new MaxEval(200), GoalType.MINIMIZE,
                    new SearchInterval(low, high, Math.min(high, Math.max(low, rates[best]))),
                    new UnivariateObjectiveFunction(r -> Math.min(Double.MAX_VALUE, costing.cost(r))));
            if (found.getValue() < cost) {
                rate = found.getPoint();
            }
        }
        return rate;
    }

    private List<FrontierPoint> frontier(PlanRequest request, Costing costing) {
        List<FrontierPoint> points = new ArrayList<>(request.frontierPoints());
        int n = request.minRate() == request.maxRate() ? 1 : request.frontierPoints();
        for (int i = 0; i < n; i++) {
            double rate = n == 1 ? request.minRate()
                    : request.minRate() + (request.maxRate() - request.minRate()) * i / (n - 1);
            double paramsAfter = request.paramsBefore() * (1 - rate);
            BudgetAnswer answer = costing.root(rate);
            if (!answer.reachable()) {
                points.add(new FrontierPoint(rate, paramsAfter, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        false));
                continue;
            }
            double tokens = answer.tokens();
            double post = request.postTrainingFactor() * paramsAfter * tokens;
            double serving = request.servingFactor() * paramsAfter * request.inferenceTokens();
            boolean within = tokens <= request.maxTokens() && paramsAfter <= request.maxParamsAfter();
            points.add(new FrontierPoint(rate, paramsAfter, true, tokens, post, serving, post + serving, within));
        }
        return points;
    }

    private static PlanAnswer unreachable(PlanRequest request, Plan closest, String reason,
            List<FrontierPoint> frontier, ExtrapolationCheck extrapolations) {
        List<String> warnings = extrapolations.warnings(model(request, closest.rate()), closest.tokens());
        return new PlanAnswer(false, null, closest, reason, frontier, warnings, RATE_TOLERANCE);
    }

    static PrunedModel model(PlanRequest request, double rate) {
        return new PrunedModel(request.paramsBefore(), request.paramsBefore() * (1 - rate), rate,
                request.lossBefore());
    }

    /**
     * Costs of the plans for one request; a rate outside the limits costs +infinity. Each rate's root is solved once:
     * the frontier, the grid, the bracket's ends and the final plan ask for some of the same rates.
     */
    private final class Costing {

        private final PlanRequest request;
        private final Map<Double, BudgetAnswer> roots = new HashMap<>();

        Costing(PlanRequest request) {
            this.request = request;
        }

        BudgetAnswer root(double rate) {
            return roots.computeIfAbsent(rate,
                    r -> uncertainty.tokensToTarget(model(request, r), request.targetLoss(), request.confidence()));
        }

        double tokens(double rate) {
            BudgetAnswer answer = root(rate);
            return answer.reachable() && answer.tokens() <= request.maxTokens() ? answer.tokens()
                    : Double.POSITIVE_INFINITY;
        }

        double cost(double rate) {
            double tokens = tokens(rate);
            double paramsAfter = request.paramsBefore() * (1 - rate);
            if (tokens == Double.POSITIVE_INFINITY || paramsAfter > request.maxParamsAfter()) {
                return Double.POSITIVE_INFINITY;
            }
            return paramsAfter * (request.postTrainingFactor() * tokens
                    + request.servingFactor() * request.inferenceTokens());
        }

        /** The allowed rate nearest the disallowed one, between a disallowed and an allowed rate. */
        double cut(double disallowed, double allowed) {
            for (int k = 0; k < CUT_BISECTIONS && Math.abs(allowed - disallowed) > RATE_TOLERANCE / 4; k++) {
                double mid = (disallowed + allowed) / 2;
                if (cost(mid) < Double.POSITIVE_INFINITY) {
                    allowed = mid;
                } else {
                    disallowed = mid;
                }
            }
            return allowed;
        }

        Plan plan(double rate, double tokens) {
            PrunedModel model = model(request, rate);
            double loss = uncertainty.predict(model, tokens);
            Interval interval = uncertainty.interval(model, tokens, request.level());
            double post = request.postTrainingFactor() * model.paramsAfter() * tokens;
            double serving = request.servingFactor() * model.paramsAfter() * request.inferenceTokens();
            return new Plan(rate, model.paramsAfter(), tokens, loss, interval.lower(), interval.upper(),
                    uncertainty.probability(model, tokens, request.targetLoss()), post, serving, post + serving);
        }

        /** Among the grid of allowed rates, the plan at maxTokens most likely to reach the target. */
        Plan closest(double lowest, double highest) {
            double best = lowest;
            double bestProbability = -1;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int i = 0; i < GRID; i++) {
                double rate = lowest + (highest - lowest) * i / (GRID - 1);
                PrunedModel model = model(request, rate);
                double p = uncertainty.probability(model, request.maxTokens(), request.targetLoss());
                double loss = uncertainty.predict(model, request.maxTokens());
                if (p > bestProbability || p == bestProbability && loss < bestLoss) {
                    best = rate;
                    bestProbability = p;
                    bestLoss = loss;
                }
            }
            return plan(best, request.maxTokens());
        }

        String whyUnreachable(Plan closest, double lowest, double highest) {
            BudgetAnswer root = root(closest.rate());
            String range = "rates " + lowest + " to " + highest;
            if (root.reachable()) {
                return "no plan within maxTokens " + request.maxTokens() + " meets target " + request.targetLoss()
                        + " with probability " + request.confidence() + " at " + range + "; the closest, rate "
                        + closest.rate() + ", needs " + root.tokens() + " tokens (at maxTokens its predicted loss is "
                        + closest.loss() + ", probability " + closest.probability() + ")";
            }
            return "target " + request.targetLoss() + " is not reached with probability " + request.confidence()
                    + " by any number of tokens at " + range + ": " + root.reason() + "; the closest plan, rate "
                    + closest.rate() + " at maxTokens, predicts " + closest.loss();
        }
    }
}
