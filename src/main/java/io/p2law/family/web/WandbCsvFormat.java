package io.p2law.family.web;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;

/**
 * A Weights & Biases panel export ("Download CSV" of a line plot): wide, one row per step, the first
 * column the x axis ({@code Step}) and one column {@code <run> - <metric>} per run and metric, each
 * followed by {@code __MIN} and {@code __MAX} columns of the panel's sampling band, which are not
 * logged values and are ignored. A run that did not log at a step leaves its cell empty.
 */
@Component
class WandbCsvFormat implements ExportFormat {

    private static final String SEPARATOR = " - ";

    @Override
    public String name() {
        return "wandb-csv";
    }

    @Override
    public String defaultMetric() {
        return null;
    }

    private record Column(int index, String header, String run, String metric) {
    }

    @Override
    public ExportedCurves read(InputStream file, String metric, List<FieldProblem> problems) {
        ExportCsv.Table table = ExportCsv.read(file, "W&B panel export", problems);
        List<String> header = table.header();
        if (header.isEmpty() || header.get(0).contains(SEPARATOR)) {
            throw notThisFormat("its first column must be the x axis (Step), was '"
                    + (header.isEmpty() ? "" : header.get(0)) + "'");
        }
        List<Column> columns = new ArrayList<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (int i = 1; i < header.size(); i++) {
            String name = header.get(i);
            int separator = name.lastIndexOf(SEPARATOR);
            if (name.endsWith("__MIN") || name.endsWith("__MAX") || separator <= 0) {
                continue;
            }
            Column column = new Column(i, name, name.substring(0, separator).strip(),
                    name.substring(separator + SEPARATOR.length()).strip());
            metrics.add(column.metric());
            columns.add(column);
        }
        if (columns.isEmpty()) {
            throw notThisFormat("it has no '<run> - <metric>' columns");
        }
        String chosen = chooseMetric(metric, metrics, problems);
        if (chosen == null) {
            return new ExportedCurves(List.of(), null, 0, 0);
        }
        Map<String, Column> byRun = new LinkedHashMap<>();
        for (Column column : columns) {
            if (!column.metric().equals(chosen)) {
                continue;
            }
            Column first = byRun.putIfAbsent(column.run(), column);
            if (first != null) {
                problems.add(FieldProblem.at(1, column.header(), "run '" + column.run() + "' appears twice (also column "
                        + (first.index() + 1) + ")"));
            }
        }
        String stepColumn = header.get(0);
        ExportedCurves.Builder curves = new ExportedCurves.Builder();
        Map<String, List<ExportedCurves.Point>> points = new LinkedHashMap<>();
        byRun.keySet().forEach(run -> points.put(run, new ArrayList<>()));
        for (ExportCsv.Row row : table.rows()) {
            Double step = null;
            for (Column column : byRun.values()) {
                String cell = row.cell(column.index());
                if (cell.isEmpty()) {
                    continue;
                }
                if (step == null) {
                    step = ExportCsv.step(row, 0, stepColumn, problems);
                    if (step == null) {
                        break;
                    }
                }
                Double value = ExportCsv.number(cell);
                if (value == null) {
                    problems.add(FieldProblem.at(row.line(), column.header(), "must be a number, was '" + cell + "'"));
                } else if (curves.keeps(step, value)) {
                    points.get(column.run()).add(new ExportedCurves.Point(step.longValue(), null, value,
                            ExportedCurves.Place.csv(row.line(), column.header())));
                }
            }
        }
        byRun.forEach((run, column) -> curves.add(
                new ExportedCurves.Curve(run, ExportedCurves.Place.csv(1, column.header()), points.get(run))));
        return curves.build(chosen);
    }

    /** The metric to read: the one asked for, or the only one in the file. */
    static String chooseMetric(String asked, Set<String> metrics, List<FieldProblem> problems) {
        if (asked != null) {
            if (metrics.contains(asked)) {
                return asked;
            }
            problems.add(FieldProblem.of("metric", "the export has no metric '" + asked + "'; it has " + String.join(", ", metrics)));
            return null;
        }
        if (metrics.size() == 1) {
            return metrics.iterator().next();
        }
        problems.add(FieldProblem.of("metric", "the export holds several metrics (" + String.join(", ", metrics)
                + "); choose one with metric="));
        return null;
    }

    private static InvalidInputException notThisFormat(String reason) {
        return new InvalidInputException("The file is not a W&B panel export; nothing was stored.",
                List.of(FieldProblem.at(1, "header", reason)));
    }
}
