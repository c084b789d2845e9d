package io.p2law.family;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.p2law.web.FieldProblem;
import io.p2law.web.ProblemException;

/**
 * Reads the long CSV format (one row per checkpoint, run columns repeated on every row) into runs,
 * reporting every bad cell with its line (1 = header) and column. Rows of one run need not be
 * adjacent; their run columns must agree.
 */
final class CsvRunsParser {

    static final List<String> COLUMNS = List.of("family", "run_id", "base_model", "pruning_method",
            "params_before", "params_after", "pruning_rate", "loss_before", "tokens", "loss");
    private static final Set<String> REQUIRED = Set.of("run_id", "base_model", "pruning_method", "params_before",
            "tokens", "loss");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    /** One run read from the CSV with the lines its values came from. */
    record CsvRun(RunInput input, int firstLine, int[] lines) {

        InputLocation location() {
            return InputLocation.csv(firstLine, lines);
        }
    }

    /** The values of the run columns, which every row of a run must repeat. */
    private record RunColumns(String baseModel, String pruningMethod, Long paramsBefore, Long paramsAfter,
            Double pruningRate, Double lossBefore) {
    }

    private static final class RunRows {
        final RunColumns columns;
        final int firstLine;
        final List<CheckpointInput> checkpoints = new ArrayList<>();
        int[] lines = new int[16];

        RunRows(RunColumns columns, int firstLine) {
            this.columns = columns;
            this.firstLine = firstLine;
        }

        void add(CheckpointInput checkpoint, int line) {
            if (checkpoints.size() == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            lines[checkpoints.size()] = line;
            checkpoints.add(checkpoint);
        }
    }

    private final String family;
    private final long maxCheckpoints;
    private final List<FieldProblem> problems;
    private String[] header;
    private int line;

    private CsvRunsParser(String family, long maxCheckpoints, List<FieldProblem> problems) {
        this.family = family;
        this.maxCheckpoints = maxCheckpoints;
        this.problems = problems;
    }

    /**
     * The runs in order of first appearance; problems found are added to {@code problems} (the
     * runs are then incomplete). A header that cannot be used, or more than {@code maxCheckpoints}
     * rows, end the parse with a {@link ProblemException} at once.
     */
    static List<CsvRun> parse(Reader csv, String family, long maxCheckpoints, List<FieldProblem> problems) {
        return new CsvRunsParser(family, maxCheckpoints, problems).parse(csv);
    }

    private List<CsvRun> parse(Reader csv) {
        Map<String, RunRows> runs = new LinkedHashMap<>();
        long rows = 0;
        try (BufferedReader reader = new BufferedReader(csv, 1 << 16)) {
            readHeader(reader.readLine());
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (++rows > maxCheckpoints) {
                    throw ProblemException.tooLarge("The upload has more than " + maxCheckpoints
                            + " checkpoints (p2law.upload.max-checkpoints).");
                }
                readRow(text, runs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows == 0) {
            problems.add(FieldProblem.atCsv(2, "run_id", "the CSV has a header but no rows"));
        }
        List<CsvRun> result = new ArrayList<>(runs.size());
        runs.forEach((runId, rowsOfRun) -> result.add(toRun(runId, rowsOfRun)));
        return result;
    }

    private void readHeader(String text) {
        line = 1;
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("The CSV is empty.", List.of(
                    FieldProblem.atCsv(1, "header", "the first line must name the columns " + COLUMNS)));
        }
        List<String> names = cells(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<FieldProblem> headerProblems = new ArrayList<>();
        if (names == null) {
            headerProblems.add(FieldProblem.atCsv(1, "header", "unterminated quote"));
        } else {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!COLUMNS.contains(name)) {
                    headerProblems.add(FieldProblem.atCsv(1, name, "unknown column; the columns are " + COLUMNS));
                } else if (names.indexOf(name) != i) {
                    headerProblems.add(FieldProblem.atCsv(1, name, "column appears twice"));
                }
            }
            for (String required : COLUMNS) {
                if (REQUIRED.contains(required) && !names.contains(required)) {
                    headerProblems.add(FieldProblem.atCsv(1, required, "required column is missing"));
                }
            }
        }
        if (!headerProblems.isEmpty()) {
            throw ProblemException.invalid("The CSV header is invalid; nothing was stored.", headerProblems);
        }
        header = names.toArray(String[]::new);
    }

    private void readRow(String text, Map<String, RunRows> runs) {
        List<String> cells = cells(text);
        if (cells == null) {
            problems.add(FieldProblem.atCsv(line, header[0], "unterminated quote"));
            return;
        }
        if (cells.size() != header.length) {
            String column = cells.size() < header.length ? header[cells.size()] : header[header.length - 1];
            problems.add(FieldProblem.atCsv(line, column, cells.size() < header.length
                    ? "missing: the row has " + cells.size() + " of the header's " + header.length + " columns"
                    : "the row has " + cells.size() + " columns, the header " + header.length));
            return;
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], cells.get(i));
        }
        String rowFamily = row.get("family");
        if (rowFamily != null && !rowFamily.isEmpty() && !rowFamily.equals(family)) {
            problems.add(FieldProblem.atCsv(line, "family",
                    "must be the family of the path ('" + family + "'), was '" + rowFamily + "'"));
        }
        String runId = row.get("run_id");
        if (runId.isEmpty()) {
            problems.add(FieldProblem.atCsv(line, "run_id", "is required"));
            return;
        }
        RunColumns columns = new RunColumns(text(row, "base_model"), text(row, "pruning_method"),
                wholeNumber(row, "params_before"), wholeNumber(row, "params_after"),
                number(row, "pruning_rate"), number(row, "loss_before"));
        CheckpointInput checkpoint = new CheckpointInput(wholeNumber(row, "tokens"), number(row, "loss"));
        RunRows rowsOfRun = runs.get(runId);
        if (rowsOfRun == null) {
            rowsOfRun = new RunRows(columns, line);
            runs.put(runId, rowsOfRun);
        } else {
            reportDifferences(rowsOfRun, columns);
        }
        rowsOfRun.add(checkpoint, line);
    }

    private void reportDifferences(RunRows run, RunColumns columns) {
        RunColumns first = run.columns;
        differs(first.baseModel(), columns.baseModel(), "base_model", run.firstLine);
        differs(first.pruningMethod(), columns.pruningMethod(), "pruning_method", run.firstLine);
        differs(first.paramsBefore(), columns.paramsBefore(), "params_before", run.firstLine);
        differs(first.paramsAfter(), columns.paramsAfter(), "params_after", run.firstLine);
        differs(first.pruningRate(), columns.pruningRate(), "pruning_rate", run.firstLine);
        differs(first.lossBefore(), columns.lossBefore(), "loss_before", run.firstLine);
    }

    private void differs(Object first, Object now, String column, int firstLine) {
        if (!Objects.equals(first, now)) {
            problems.add(FieldProblem.atCsv(line, column,
                    "differs from line " + firstLine + " of the same run (" + first + " there, " + now + " here)"));
        }
    }

    private static CsvRun toRun(String runId, RunRows rows) {
        RunColumns c = rows.columns;
        RunInput input = new RunInput(runId, c.baseModel(), c.pruningMethod(), c.paramsBefore(), c.paramsAfter(),
                c.pruningRate(), c.lossBefore(), null, rows.checkpoints);
        return new CsvRun(input, rows.firstLine, Arrays.copyOf(rows.lines, rows.checkpoints.size()));
    }

    private static String text(Map<String, String> row, String column) {
        String cell = row.get(column);
        return cell == null || cell.isEmpty() ? null : cell;
    }

    private Long wholeNumber(Map<String, String> row, String column) {
        String cell = row.get(column);
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(cell).longValueExact();
        } catch (NumberFormatException e) {
            problems.add(FieldProblem.atCsv(line, column, "not a number: '" + cell + "'"));
        } catch (ArithmeticException e) {
            problems.add(FieldProblem.atCsv(line, column, "must be a whole number in range, was '" + cell + "'"));
        }
        return null;
    }

    private Double number(Map<String, String> row, String column) {
        String cell = row.get(column);
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        if (NON_FINITE.matcher(cell).matches()) {
            // Passed on so that the validator says "must be finite" rather than "not a number".
            return Double.parseDouble(cell.replaceAll("(?i)inf(inity)?", "Infinity").replaceAll("(?i)nan", "NaN"));
        }
        try {
            return new BigDecimal(cell).doubleValue();
        } catch (NumberFormatException e) {
            problems.add(FieldProblem.atCsv(line, column, "not a number: '" + cell + "'"));
            return null;
        }
    }

    /** RFC 4180 cells of one line (quotes allowed, no line breaks inside them), or null if a quote is open. */
    static List<String> cells(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c != '"') {
                    cell.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else if (c == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
