package io.p2law.fitting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Initial guesses by variable projection: every form is linear in some constants once its
 * exponents are fixed, so only the exponents are gridded and, for each grid point, the linear
 * constants come from a non-negative least-squares fit. The least squares are weighted by 1/L^2,
 * which makes them first-order equal to least squares on log residuals.
 */
final class VariableProjection {

    /** Points used to rank the grid; more adds time, not better seeds. */
    static final int SEED_POINTS = 4_000;

    private VariableProjection() {
    }

    record Seed(double[] natural, double residual) {
    }

    /** The best {@code count} seeds, best first, ties broken by grid order (deterministic). */
    static List<Seed> seeds(FittableForm form, Points data, int count, Workers workers) {
        Points pts = data.subsample(SEED_POINTS);
        double[][] grid = form.exponentGrid();
        FittableForm.Projection projection = form.projection(pts, grid);
        int chunk = Math.max(1, grid.length / (4 * workers.parallelism()));
        int chunks = (grid.length + chunk - 1) / chunk;
        List<List<Seed>> parts = workers.map(chunks, c -> {
            List<Seed> out = new ArrayList<>();
            for (int g = c * chunk, end = Math.min(grid.length, g + chunk); g < end; g++) {
                Seed s = project(form, projection, pts, grid[g]);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        });
        List<Seed> ranked = new ArrayList<>();
        parts.forEach(ranked::addAll);
        ranked.sort(Comparator.comparingDouble(Seed::residual));
        return ranked.subList(0, Math.min(count, ranked.size()));
    }

    private static Seed project(FittableForm form, FittableForm.Projection projection, Points pts, double[] x) {
        int m = form.linearCount();
        double[][] gram = new double[m][m];
        double[] rhs = new double[m];
        double yy = projection.normalEquations(x, gram, rhs);
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < a; b++) {
                gram[a][b] = gram[b][a];
            }
        }
        double[] residual = new double[1];
        double[] c = NonNegativeLeastSquares.solve(gram, rhs, yy, residual);
        if (!Double.isFinite(residual[0])) {
            return null;
        }
        // a bounded constant the projection puts at 0 starts on its bound; one on a log scale
        // starts small but alive, so the search can still bring its term in
        double[] natural = form.combine(x, c);
        double meanLoss = java.util.Arrays.stream(pts.loss).average().orElse(1);
        for (int k = 0; k < natural.length; k++) {
            if (form.logScale(k) && !(natural[k] > 0)) {
                natural[k] = 1e-6 * meanLoss;
            }
            if (!Double.isFinite(natural[k])) {
                return null;
            }
        }
        return new Seed(natural, residual[0]);
    }
}
