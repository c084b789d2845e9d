package io.p2law.family.web;

import java.util.ArrayList;
import java.util.List;

import io.p2law.error.FieldProblem;

/**
 * The loss curves a training tool exported, before they are matched to the runs the client
 * describes: per run name, the metric over steps (and over tokens where the tool logged them).
 * Points the tool logged but no law can use (steps at or below 0, NaN or infinite values) are
 * counted, not kept.
 */
record ExportedCurves(List<Curve> curves, String metric, int skippedSteps, int skippedValues) {

    /** The name a file that holds a single run goes by in the {@code runs} part. */
    static final String SINGLE_RUN = "*";

    ExportedCurves {
        curves = List.copyOf(curves);
    }

    /**
     * One run's curve as named in the export; {@code place} is where the run is named, {@code alias}
     * another name the {@code runs} part may use for it (MLflow's run id), or null.
     */
    record Curve(String name, Place place, List<Point> points, String alias) {

        Curve {
            points = List.copyOf(points);
        }

        Curve(String name, Place place, List<Point> points) {
            this(name, place, points, null);
        }
    }

    /** A logged value at a step; {@code tokens} is null where the tool did not log a token count. */
    record Point(long step, Long tokens, double value, Place place) {
    }

    /** A place in the export: a JSON path, or a CSV line (1 = header) and column. */
    record Place(String field, Integer line, String column) {

        static Place json(String path) {
            return new Place(path, null, null);
        }

        static Place csv(int line, String column) {
            return new Place(column, line, column);
        }

        FieldProblem problem(String reason) {
            return line == null ? FieldProblem.of(field, reason) : FieldProblem.at(line, column, reason);
        }
    }

    /** Collects curves and skip counts while a format reads its export. */
    static final class Builder {

        private final List<Curve> curves = new ArrayList<>();
        private int skippedSteps;
        private int skippedValues;

        void add(Curve curve) {
            curves.add(curve);
        }

        /** Whether a logged point is one a law can use; the others are counted here. */
        boolean keeps(double step, double value) {
            if (!(step > 0)) {
                skippedSteps++;
                return false;
            }
            if (!Double.isFinite(value)) {
                skippedValues++;
                return false;
            }
            return true;
        }

        /** @param metric the metric the curves are of */
        ExportedCurves build(String metric) {
            return new ExportedCurves(curves, metric, skippedSteps, skippedValues);
        }
    }
}
