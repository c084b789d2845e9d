package io.p2law.family.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;

/** The CSV side shared by the tools' exports: rows of cells, and numbers as the tools write them. */
final class ExportCsv {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    /** A data row: its line in the file (1 = header) and its cells. */
    record Row(int line, List<String> cells) {

        String cell(int column) {
            return column >= 0 && column < cells.size() ? cells.get(column) : "";
        }
    }

    /** The header (cells of line 1) and the data rows; blank lines are left out. */
    record Table(List<String> header, List<Row> rows) {

        /** The index of the first header cell equal to one of the names, ignoring case; -1 if none is. */
        int column(String... names) {
            for (int i = 0; i < header.size(); i++) {
                for (String name : names) {
                    if (header.get(i).equalsIgnoreCase(name)) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    private ExportCsv() {
    }

    /** Reads the whole file (UTF-8, with or without a byte order mark); an open quote is a problem at its line. */
    static Table read(InputStream file, String formatName, List<FieldProblem> problems) {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8))) {
            int line = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                List<String> cells = CsvRunsParser.cells(text);
                if (cells == null) {
                    problems.add(FieldProblem.at(line, header == null ? "header" : header.get(0), "unterminated quote"));
                    continue;
                }
                if (header == null) {
                    header = cells;
                } else {
                    rows.add(new Row(line, cells));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null) {
            throw new InvalidInputException("The file is not a " + formatName + "; nothing was stored.",
                    List.of(FieldProblem.of("file", "is empty")));
        }
        return new Table(header, rows);
    }

    /** A number as the tools write it (NaN and infinities included), or null where the cell is none. */
    static Double number(String cell) {
        if (DECIMAL.matcher(cell).matches()) {
            return Double.parseDouble(cell);
        }
        if (NON_FINITE.matcher(cell).matches()) {
            return cell.toLowerCase(Locale.ROOT).contains("nan") ? Double.NaN
                    : cell.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    /** A step: a whole number (written as 100, 100.0 or 1e2), or null after adding the problem. */
    static Double step(Row row, int column, String columnName, List<FieldProblem> problems) {
        String cell = row.cell(column);
        Double step = number(cell);
        if (step == null || Double.isNaN(step) || step != Math.rint(step) || Math.abs(step) > 1e15) {
            problems.add(FieldProblem.at(row.line(), columnName,
                    cell.isEmpty() ? "is required" : "must be a whole number of steps, was '" + cell + "'"));
            return null;
        }
        return step;
    }
}
