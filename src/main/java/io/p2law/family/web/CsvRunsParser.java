package io.p2law.family.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.TooLargeException;
import io.p2law.family.internal.InputLocation;
import io.p2law.family.internal.RunInput;
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
    private static final List<String> RUN_COLUMNS = List.of("base_model", "pruning_method", "params_before",
            "params_after", "pruning_rate", "loss_before");
    /** CSV column names of the API's field names. */
    private static final Map<String, String> COLUMN_OF_FIELD = Map.of(
            "runId", "run_id", "baseModel", "base_model", "pruningMethod", "pruning_method",
            "paramsBefore", "params_before", "paramsAfter", "params_after", "pruningRate", "pruning_rate",
            "lossBefore", "loss_before", "tokens", "tokens", "loss", "loss");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    /** One run read from the CSV with the lines its values came from. */
    record CsvRun(RunInput input, int firstLine, int[] lines) {

        CsvRun {
            lines = lines.clone();
        }

        @Override
        public int[] lines() {
            return lines.clone();
        }

        /** Run fields are reported at the run's first row, checkpoints at their own. */
        InputLocation location() {
            return new InputLocation() {
                @Override
                public FieldProblem run(String field, String reason) {
                    return FieldProblem.at(firstLine, column(field), reason);
                }

                @Override
                public FieldProblem checkpoint(int index, String field, String reason) {
                    return FieldProblem.at(lines[index], column(field), reason);
                }
            };
        }
    }

    /** The values of the run columns, which every row of a run must repeat. */
    private record RunColumns(String baseModel, String pruningMethod, Long paramsBefore, Long paramsAfter,
            Double pruningRate, Double lossBefore) {
    }

    private static final class RunRows {
        final RunColumns columns;
        final String[] cells;
        final int firstLine;
        final CompactCheckpoints checkpoints = new CompactCheckpoints();
        int[] lines = new int[16];

        RunRows(RunColumns columns, String[] cells, int firstLine) {
            this.columns = columns;
            this.cells = cells;
            this.firstLine = firstLine;
        }

        void add(Long tokens, Double loss, int line) {
            if (checkpoints.size() == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            lines[checkpoints.size()] = line;
            checkpoints.add(tokens, loss);
        }
    }

    private final String family;
    private final long maxCheckpoints;
    private final List<FieldProblem> problems;
    private String[] header;
    /** For each of {@link #COLUMNS}, its position in the header, or -1. */
    private final int[] columnIndex = new int[COLUMNS.size()];
    private int line;

    private CsvRunsParser(String family, long maxCheckpoints, List<FieldProblem> problems) {
        this.family = family;
        this.maxCheckpoints = maxCheckpoints;
        this.problems = problems;
    }

    /**
     * The runs in order of first appearance; problems found are added to {@code problems} (the
     * runs are then incomplete). A header that cannot be used, or more than {@code maxCheckpoints}
     * rows, end the parse with a {@link InvalidInputException} or {@link TooLargeException} at once.
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
                    throw new TooLargeException("The upload has more than " + maxCheckpoints
                            + " checkpoints (p2law.upload.max-checkpoints).");
                }
                readRow(text, runs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows == 0) {
            problems.add(FieldProblem.at(2, "run_id", "the CSV has a header but no rows"));
        }
        List<CsvRun> result = new ArrayList<>(runs.size());
        runs.forEach((runId, rowsOfRun) -> result.add(toRun(runId, rowsOfRun)));
        return result;
    }

    private void readHeader(String text) {
        line = 1;
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("The CSV is empty.", List.of(
                    FieldProblem.at(1, "header", "the first line must name the columns " + COLUMNS)));
        }
        List<String> names = cells(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<FieldProblem> headerProblems = new ArrayList<>();
        if (names == null) {
            headerProblems.add(FieldProblem.at(1, "header", "unterminated quote"));
        } else {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!COLUMNS.contains(name)) {
                    headerProblems.add(FieldProblem.at(1, name, "unknown column; the columns are " + COLUMNS));
                } else if (names.indexOf(name) != i) {
                    headerProblems.add(FieldProblem.at(1, name, "column appears twice"));
                }
            }
            for (String required : COLUMNS) {
                if (REQUIRED.contains(required) && !names.contains(required)) {
                    headerProblems.add(FieldProblem.at(1, required, "required column is missing"));
                }
            }
        }
        if (!headerProblems.isEmpty()) {
            throw new InvalidInputException("The CSV header is invalid; nothing was stored.", headerProblems);
        }
        header = names.toArray(String[]::new);
        for (int i = 0; i < columnIndex.length; i++) {
            columnIndex[i] = names.indexOf(COLUMNS.get(i));
        }
    }

    private void readRow(String text, Map<String, RunRows> runs) {
        List<String> cells = cells(text);
        if (cells == null) {
            problems.add(FieldProblem.at(line, header[0], "unterminated quote"));
            return;
        }
        if (cells.size() != header.length) {
            String column = cells.size() < header.length ? header[cells.size()] : header[header.length - 1];
            problems.add(FieldProblem.at(line, column, cells.size() < header.length
                    ? "missing: the row has " + cells.size() + " of the header's " + header.length + " columns"
                    : "the row has " + cells.size() + " columns, the header " + header.length));
            return;
        }
        String rowFamily = cell(cells, "family");
        if (rowFamily != null && !rowFamily.equals(family)) {
            problems.add(FieldProblem.at(line, "family",
                    "must be the family of the path ('" + family + "'), was '" + rowFamily + "'"));
        }
        String runId = cell(cells, "run_id");
        if (runId == null) {
            problems.add(FieldProblem.at(line, "run_id", "is required"));
            return;
        }
        Long tokens = wholeNumber(cells, "tokens");
        Double loss = number(cells, "loss");
        String[] runCells = runCells(cells);
        RunRows rowsOfRun = runs.get(runId);
        if (rowsOfRun == null) {
            rowsOfRun = new RunRows(runColumns(cells), runCells, line);
            runs.put(runId, rowsOfRun);
        } else if (!Arrays.equals(runCells, rowsOfRun.cells)) {
            // Only rows whose run cells are spelled differently are parsed again: "0.15" and
            // "0.1500" are the same rate, "0.15" and "0.25" are not.
            reportDifferences(rowsOfRun, runColumns(cells));
        }
        rowsOfRun.add(tokens, loss, line);
    }

    private String[] runCells(List<String> cells) {
        String[] values = new String[RUN_COLUMNS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = cell(cells, RUN_COLUMNS.get(i));
        }
        return values;
    }

    private RunColumns runColumns(List<String> cells) {
        return new RunColumns(cell(cells, "base_model"), cell(cells, "pruning_method"),
                wholeNumber(cells, "params_before"), wholeNumber(cells, "params_after"),
                number(cells, "pruning_rate"), number(cells, "loss_before"));
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
            problems.add(FieldProblem.at(line, column,
                    "differs from line " + firstLine + " of the same run (" + first + " there, " + now + " here)"));
        }
    }

    private static CsvRun toRun(String runId, RunRows rows) {
        RunColumns c = rows.columns;
        RunInput input = new RunInput(runId, c.baseModel(), c.pruningMethod(), c.paramsBefore(), c.paramsAfter(),
                c.pruningRate(), c.lossBefore(), null, rows.checkpoints);
        return new CsvRun(input, rows.firstLine, Arrays.copyOf(rows.lines, rows.checkpoints.size()));
    }

    private static String column(String field) {
        return COLUMN_OF_FIELD.getOrDefault(field, field);
    }

    /** The cell of a column, or null if the column is absent or the cell empty. */
    private String cell(List<String> cells, String column) {
        int index = columnIndex[COLUMNS.indexOf(column)];
        if (index < 0) {
            return null;
        }
        String cell = cells.get(index);
        return cell.isEmpty() ? null : cell;
    }

    private Long wholeNumber(List<String> cells, String column) {
        String cell = cell(cells, column);
        if (cell == null) {
            return null;
        }
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException notPlain) {
            // Exponent or decimal notation of a whole number ("2e7", "20000000.0").
        }
        try {
            return new BigDecimal(cell).longValueExact();
        } catch (NumberFormatException e) {
            problems.add(FieldProblem.at(line, column, "not a number: '" + cell + "'"));
        } catch (ArithmeticException e) {
            problems.add(FieldProblem.at(line, column, "must be a whole number in range, was '" + cell + "'"));
        }
        return null;
    }

    private Double number(List<String> cells, String column) {
        String cell = cell(cells, column);
        if (cell == null) {
            return null;
        }
        if (isDecimal(cell)) {
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                // Falls through to the problem below ("1e", "--2").
            }
        } else if (NON_FINITE.matcher(cell).matches()) {
            // Passed on so that the validator says "must be finite" rather than "not a number".
            return cell.toLowerCase(Locale.ROOT).contains("nan") ? Double.NaN
                    : cell.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        problems.add(FieldProblem.at(line, column, "not a number: '" + cell + "'"));
        return null;
    }

    /** Only digits, signs, point and exponent: what Java would also parse as hex or "1d" is refused. */
    private static boolean isDecimal(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4180 cells of one line (quotes allowed, no line breaks inside them), or null if a quote is open. */
    static List<String> cells(String text) {
        if (text.indexOf('"') < 0) {
            List<String> cells = new ArrayList<>(12);
            int from = 0;
            for (int comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', from)) {
                cells.add(text.substring(from, comma).strip());
                from = comma + 1;
            }
            cells.add(text.substring(from).strip());
            return cells;
        }
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
