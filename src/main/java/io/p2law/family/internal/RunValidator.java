package io.p2law.family.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.family.RunSnapshot;
import io.p2law.fitting.PrunedModel;

/** The rules every stored run and checkpoint obeys, whatever format it came in. */
public final class RunValidator {

    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    static final Pattern RUN_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private RunValidator() {
    }

    /** The validated run, or null after adding every problem found to {@code problems}. */
    public static NewRun validate(RunInput input, InputLocation at, List<FieldProblem> problems) {
        int before = problems.size();
        String runId = input.runId();
        if (runId == null) {
            problems.add(at.run("runId", "is required"));
        } else if (!RUN_ID.matcher(runId).matches()) {
            problems.add(at.run("runId", "must match " + RUN_ID.pattern() + ", was '" + runId + "'"));
        }
        requireText(input.baseModel(), "baseModel", 200, at, problems);
        requireText(input.pruningMethod(), "pruningMethod", 100, at, problems);
        requirePlainTags(input.tags(), "tags", at, problems);

        Long paramsBefore = input.paramsBefore();
        if (paramsBefore == null) {
            problems.add(at.run("paramsBefore", "is required"));
        } else if (paramsBefore < 1) {
            problems.add(at.run("paramsBefore", "must be at least 1, was " + paramsBefore));
        }
        Long paramsAfter = input.paramsAfter();
        if (paramsAfter != null && (paramsAfter < 1 || paramsBefore != null && paramsAfter > paramsBefore)) {
            problems.add(at.run("paramsAfter", "must be between 1 and paramsBefore, was " + paramsAfter));
        }
        Double rate = input.pruningRate();
        if (rate != null && !(rate >= 0 && rate < 1)) {
            problems.add(at.run("pruningRate", "must be at least 0 and below 1, was " + rate));
        }
        if (rate == null && paramsAfter == null) {
            problems.add(at.run("pruningRate", "give pruningRate or paramsAfter"));
        }
        Double lossBefore = input.lossBefore();
        if (lossBefore != null && !isPositiveFinite(lossBefore)) {
            problems.add(at.run("lossBefore", "must be a finite number above 0, was " + lossBefore));
        }
        long[] tokens = new long[0];
        double[] losses = new double[0];
        if (input.checkpoints() != null) {
            tokens = new long[input.checkpoints().size()];
            losses = new double[tokens.length];
            validateCheckpoints(input.checkpoints(), at, problems, tokens, losses);
        }
        if (problems.size() > before) {
            return null;
        }

        if (rate != null && paramsAfter != null) {
            Optional<String> disagreement = PrunedModel.disagreement(paramsBefore, rate, paramsAfter);
            if (disagreement.isPresent()) {
                problems.add(at.run("pruningRate", disagreement.get()));
                return null;
            }
        }
        PrunedModel model = PrunedModel.of(paramsBefore, rate, paramsAfter == null ? null : paramsAfter.doubleValue(),
                lossBefore).withWholeParamsAfter();
        if (model.paramsAfter() < 1) {
            problems.add(at.run("pruningRate", "leaves no parameters of " + paramsBefore));
            return null;
        }
        ObjectNode tags = input.tags() == null ? JsonNodeFactory.instance.objectNode() : input.tags();
        sortByTokens(tokens, losses);
        return new NewRun(new RunSnapshot(runId, input.baseModel().strip(), input.pruningMethod().strip(), model, tokens,
                losses), tags);
    }

    /**
     * Checks every checkpoint and fills {@code tokens} and {@code losses} in input order. Used for
     * appends as well, where no run-level fields come along.
     */
    public static void validateCheckpoints(List<CheckpointInput> checkpoints, InputLocation at, List<FieldProblem> problems,
            long[] tokens, double[] losses) {
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            CheckpointInput checkpoint = checkpoints.get(i);
            if (checkpoint == null) {
                problems.add(at.checkpoint(i, "tokens", "is required"));
                continue;
            }
            Long t = checkpoint.tokens();
            if (t == null) {
                problems.add(at.checkpoint(i, "tokens", "is required"));
            } else if (t < 0) {
                problems.add(at.checkpoint(i, "tokens", "must be at least 0, was " + t));
            } else {
                Integer earlier = seen.putIfAbsent(t, i);
                if (earlier != null) {
                    problems.add(at.checkpoint(i, "tokens", "duplicate tokens " + t + " in one run"));
                }
                tokens[i] = t;
            }
            Double loss = checkpoint.loss();
            if (loss == null) {
                problems.add(at.checkpoint(i, "loss", "is required"));
            } else if (!isPositiveFinite(loss)) {
                problems.add(at.checkpoint(i, "loss", "must be a finite number above 0, was " + loss));
            } else {
                losses[i] = loss;
            }
        }
    }

    static void requireSlug(String family) {
        if (!SLUG.matcher(family).matches()) {
            throw new InvalidInputException("The family slug is invalid.", List.of(FieldProblem.of(
                    "family", "must match " + SLUG.pattern() + " (lower-case letters, digits, '.', '_', '-')")));
        }
    }

    static void sortByTokens(long[] tokens, double[] losses) {
        if (isAscending(tokens)) {
            return;
        }
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(tokens[a], tokens[b]));
        long[] t = tokens.clone();
        double[] l = losses.clone();
        for (int i = 0; i < order.length; i++) {
            tokens[i] = t[order[i]];
            losses[i] = l[order[i]];
        }
    }

    private static boolean isAscending(long[] tokens) {
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i - 1] > tokens[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPositiveFinite(double value) {
        return value > 0 && Double.isFinite(value);
    }

    private static void requireText(String value, String field, int maxLength, InputLocation at,
            List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(at.run(field, "is required"));
        } else if (value.length() > maxLength) {
            problems.add(at.run(field, "must be at most " + maxLength + " characters"));
        } else if (PlainText.refusal(value) != null) {
            problems.add(at.run(field, PlainText.refusal(value)));
        }
    }

    /** Tag names and string values are free text too: PostgreSQL's jsonb cannot hold NUL. */
    private static void requirePlainTags(JsonNode node, String path, InputLocation at, List<FieldProblem> problems) {
        if (node == null) {
            return;
        }
        if (node.isString() && PlainText.refusal(node.asString()) != null) {
            problems.add(at.run(path, PlainText.refusal(node.asString())));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String name = path + "." + entry.getKey();
                if (PlainText.refusal(entry.getKey()) != null) {
                    problems.add(at.run(path, "names " + PlainText.refusal(entry.getKey())));
                } else {
                    requirePlainTags(entry.getValue(), name, at, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requirePlainTags(node.get(i), path + "[" + i + "]", at, problems);
            }
        }
    }
}
