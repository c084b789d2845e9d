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
 * An MLflow metric-history export: long, one row per logged value, with the columns {@code Run},
 * {@code Run ID}, {@code metric}, {@code step}, {@code timestamp} and {@code value} (the names of
 * the client's {@code get_metric_history} fields, {@code run_id}, {@code key}, are read too). A run
 * is named by its {@code Run} name, or by its {@code Run ID} where the name is left out; the
 * {@code runs} part may use either.
 */
@Component
class MlflowCsvFormat implements ExportFormat {

    @Override
    public String name() {
        return "mlflow-csv";
    }

    @Override
    public String defaultMetric() {
        return null;
    }

    private static final class RunRows {
        final String id;
        final ExportCsv.Row first;
        final List<ExportCsv.Row> rows = new ArrayList<>();

        RunRows(String id, ExportCsv.Row first) {
            this.id = id;
            this.first = first;
        }
    }

    @Override
    public ExportedCurves read(InputStream file, String metric, List<FieldProblem> problems) {
        ExportCsv.Table table = ExportCsv.read(file, "MLflow metric-history export", problems);
        int runColumn = table.column("Run", "run_name", "Run Name");
        int idColumn = table.column("Run ID", "run_id", "run_uuid");
        int metricColumn = table.column("metric", "key");
        int stepColumn = table.column("step");
        int valueColumn = table.column("value");
        List<String> missing = new ArrayList<>();
        if (runColumn < 0 && idColumn < 0) {
            missing.add("Run or Run ID");
        }
        if (stepColumn < 0) {
            missing.add("step");
        }
        if (valueColumn < 0) {
            missing.add("value");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("The file is not an MLflow metric-history export; nothing was stored.",
                    List.of(FieldProblem.at(1, "header", "has no column " + String.join(", ", missing)
                            + " (expected Run, Run ID, metric, step, timestamp, value)")));
        }
        Set<String> metrics = new LinkedHashSet<>();
        for (ExportCsv.Row row : table.rows()) {
            metrics.add(metricColumn < 0 ? "" : row.cell(metricColumn));
        }
        String chosen = metricColumn < 0 ? "" : WandbCsvFormat.chooseMetric(metric, metrics, problems);
        if (chosen == null) {
            return new ExportedCurves(List.of(), null, 0, 0);
        }
        String stepName = table.header().get(stepColumn);
        String valueName = table.header().get(valueColumn);
        Map<String, RunRows> runs = new LinkedHashMap<>();
        for (ExportCsv.Row row : table.rows()) {
            if (metricColumn >= 0 && !row.cell(metricColumn).equals(chosen)) {
                continue;
            }
            String id = idColumn < 0 ? "" : row.cell(idColumn);
            String name = runColumn < 0 || row.cell(runColumn).isEmpty() ? id : row.cell(runColumn);
            if (name.isEmpty()) {
                problems.add(FieldProblem.at(row.line(), table.header().get(runColumn >= 0 ? runColumn : idColumn),
                        "is required"));
                continue;
            }
            RunRows rows = runs.computeIfAbsent(name, key -> new RunRows(id, row));
            if (!rows.id.equals(id)) {
                problems.add(FieldProblem.at(row.line(), table.header().get(runColumn), "run name '" + name
                        + "' appears twice: Run IDs " + rows.id + " (line " + rows.first.line() + ") and " + id));
                continue;
            }
            rows.rows.add(row);
        }
        ExportedCurves.Builder curves = new ExportedCurves.Builder();
        runs.forEach((name, rows) -> {
            List<ExportedCurves.Point> points = new ArrayList<>();
            for (ExportCsv.Row row : rows.rows) {
                Double step = ExportCsv.step(row, stepColumn, stepName, problems);
                Double value = ExportCsv.number(row.cell(valueColumn));
                if (value == null) {
                    problems.add(FieldProblem.at(row.line(), valueName, "must be a number, was '" + row.cell(valueColumn) + "'"));
                } else if (step != null && curves.keeps(step, value)) {
                    points.add(new ExportedCurves.Point(step.longValue(), null, value,
                            ExportedCurves.Place.csv(row.line(), valueName)));
                }
            }
            int column = runColumn >= 0 ? runColumn : idColumn;
            curves.add(new ExportedCurves.Curve(name, ExportedCurves.Place.csv(rows.first.line(),
                    table.header().get(column)), points, rows.id.isEmpty() || rows.id.equals(name) ? null : rows.id));
        });
        return curves.build(chosen.isEmpty() ? null : chosen);
    }
}
