package io.p2law.family.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Hugging Face Trainer's {@code trainer_state.json}: one run, its {@code log_history} a list of
 * entries each with a {@code step} and what was logged then ({@code loss} while training,
 * {@code eval_loss} after an evaluation, {@code num_input_tokens_seen} when the Trainer counted
 * tokens).
 */
@Component
class TrainerStateFormat implements ExportFormat {

    private static final String TOKENS = "num_input_tokens_seen";

    // Python's json module writes NaN and Infinity as bare words; they are values to skip, not a broken file.
    private final JsonMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @Override
    public String name() {
        return "hf-trainer";
    }

    @Override
    public String defaultMetric() {
        return "eval_loss";
    }

    @Override
    public ExportedCurves read(InputStream file, String metric, List<FieldProblem> problems) {
        String key = metric == null ? defaultMetric() : metric;
        JsonNode history = logHistory(file);
        // Evaluation entries may lack the token count that the training entry of the same step has.
        Map<Long, Long> tokensAtStep = new HashMap<>();
        for (JsonNode entry : history) {
            JsonNode step = entry.get("step");
            JsonNode tokens = entry.get(TOKENS);
            if (step != null && step.canConvertToExactIntegral() && tokens != null && tokens.canConvertToExactIntegral()) {
                tokensAtStep.putIfAbsent(step.asLong(), tokens.asLong());
            }
        }
        ExportedCurves.Builder curves = new ExportedCurves.Builder();
        List<ExportedCurves.Point> points = new ArrayList<>();
        TreeSet<String> logged = new TreeSet<>();
        for (int i = 0; i < history.size(); i++) {
            JsonNode entry = history.get(i);
            String at = "log_history[" + i + "]";
            if (!entry.isObject()) {
                problems.add(FieldProblem.of(at, "must be an object of logged values"));
                continue;
            }
            entry.propertyNames().forEach(logged::add);
            JsonNode value = entry.get(key);
            if (value == null) {
                continue;
            }
            JsonNode step = entry.get("step");
            if (step == null || !step.canConvertToExactIntegral()) {
                problems.add(FieldProblem.of(at + ".step", step == null ? "is required" : "must be a whole number, was " + step));
                continue;
            }
            if (!value.isNumber()) {
                problems.add(FieldProblem.of(at + "." + key, "must be a number, was " + value));
                continue;
            }
            if (curves.keeps(step.asDouble(), value.asDouble())) {
                JsonNode tokens = entry.get(TOKENS);
                Long seen = tokens != null && tokens.canConvertToExactIntegral() ? Long.valueOf(tokens.asLong())
                        : tokensAtStep.get(step.asLong());
                points.add(new ExportedCurves.Point(step.asLong(), seen, value.asDouble(),
                        ExportedCurves.Place.json(at + "." + key)));
            }
        }
        if (points.isEmpty() && problems.isEmpty()) {
            logged.removeAll(List.of("step", "epoch", TOKENS));
            problems.add(FieldProblem.of("log_history", "has no '" + key + "' values at steps above 0"
                    + (logged.isEmpty() ? "" : "; it logs " + String.join(", ", logged) + " (choose one with metric=)")));
        }
        curves.add(new ExportedCurves.Curve(ExportedCurves.SINGLE_RUN, ExportedCurves.Place.json("log_history"), points));
        return curves.build(key);
    }

    private JsonNode logHistory(InputStream file) {
        JsonNode root;
        try (InputStream in = file) {
            root = json.readTree(in);
        } catch (JacksonException e) {
            throw notThisFormat("is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject() || !root.has("log_history")) {
            throw notThisFormat("is not a trainer_state.json: it has no log_history");
        }
        JsonNode history = root.get("log_history");
        if (!history.isArray()) {
            throw new InvalidInputException("The import is invalid; nothing was stored.",
                    List.of(FieldProblem.of("log_history", "must be a list of logged entries")));
        }
        return history;
    }

    private static InvalidInputException notThisFormat(String reason) {
        return new InvalidInputException("The file is not a Hugging Face trainer_state.json; nothing was stored.",
                List.of(FieldProblem.of("file", reason)));
    }
}
