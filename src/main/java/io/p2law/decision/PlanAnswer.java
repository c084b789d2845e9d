package io.p2law.decision;

import java.util.List;

/**
 * The cheapest plan that meets the target ({@code best}, when {@code reachable}), or the closest
 * one and why not; the frontier over a grid of rates; warnings where the plan extrapolates.
 * {@code rateTolerance}: the optimum's rate is exact to this (absolute), given the law.
 */
public record PlanAnswer(
        boolean reachable,
        Plan best,
        Plan closest,
        String reason,
        List<FrontierPoint> frontier,
        List<String> warnings,
        double rateTolerance) {

    public PlanAnswer {
        frontier = List.copyOf(frontier);
        warnings = List.copyOf(warnings);
    }
}
