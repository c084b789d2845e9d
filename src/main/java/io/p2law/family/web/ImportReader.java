package io.p2law.family.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

import io.p2law.error.FieldProblem;
import io.p2law.web.JsonProblems;
import io.p2law.error.InvalidInputException;
import io.p2law.family.internal.CheckpointInput;
import io.p2law.family.internal.InputLocation;
import io.p2law.family.internal.NewRun;
import io.p2law.family.internal.RunInput;
import io.p2law.family.internal.RunValidator;
import io.p2law.web.WholeNumbers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a training tool's export and the client's description of its runs into runs to store, with
 * the same validation and limits as an upload. Everything is checked before anything is stored.
 */
@Component
class ImportReader {

    /** The runs a successful read yields, and what of the export was left out. */
    record Imported(List<NewRun> runs, String metric, int skippedSteps, int skippedValues, List<String> skippedRuns) {
    }

    private static final TypeReference<LinkedHashMap<String, JsonNode>> DESCRIPTIONS = new TypeReference<>() {
    };
    private static final String TOKENS_PER_STEP = "tokensPerStep";

    /** What the {@code runs} part says of one run: the run's fields, and tokens per logged step where given. */
    private record RunDescription(RunInput run, Long tokensPerStep) {
    }

    private final Map<String, ExportFormat> formats = new TreeMap<>();
    private final UploadLimits limits;
    private final JsonMapper strict;

    ImportReader(List<ExportFormat> formats, UploadLimits limits, JsonMapper jsonMapper) {
        formats.forEach(format -> this.formats.put(format.name(), format));
        this.limits = limits;
        this.strict = jsonMapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(WholeNumbers.module())
                .build();
    }

    Imported read(String formatName, String metric, boolean skipUnmapped, MultipartFile file, String runsPart) {
        ExportFormat format = formats.get(formatName);
        List<FieldProblem> problems = new ArrayList<>();
        if (format == null) {
            problems.add(FieldProblem.of("format", "must be one of " + String.join(", ", formats.keySet())
                    + (formatName == null ? "" : ", was '" + formatName + "'")));
        }
        if (file == null || file.isEmpty()) {
            problems.add(FieldProblem.of("file", "is required: the export as the tool wrote it"));
        } else if (file.getSize() > limits.maxBytes().toBytes()) {
            throw BoundedInputStream.tooLarge(limits.maxBytes().toBytes());
        }
        if (runsPart == null || runsPart.isBlank()) {
            problems.add(FieldProblem.of("runs", "is required: a JSON object describing each run of the export by its name"));
        }
        failIfAny(problems);
        Map<String, RunDescription> descriptions = descriptions(runsPart);
        ExportedCurves curves;
        try (InputStream in = file.getInputStream()) {
            curves = format.read(in, metric == null || metric.isBlank() ? null : metric, problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        failIfAny(problems);
        long points = curves.curves().stream().mapToLong(curve -> curve.points().size()).sum();
        UploadReader.requireWithinCheckpointLimit(limits, points);

        List<NewRun> runs = new ArrayList<>();
        List<String> skippedRuns = new ArrayList<>();
        Map<String, String> describedBy = new LinkedHashMap<>();
        for (ExportedCurves.Curve curve : curves.curves()) {
            String key = descriptionOf(curve, descriptions, curves.curves().size());
            if (key == null) {
                if (skipUnmapped) {
                    skippedRuns.add(curve.name());
                } else {
                    problems.add(curve.place().problem("run '" + curve.name()
                            + "' is not described in runs; describe it or pass skipUnmapped=true"));
                }
                continue;
            }
            describedBy.put(key, curve.name());
            NewRun run = run(curve, key, descriptions.get(key), problems);
            if (run != null) {
                runs.add(run);
            }
        }
        descriptions.keySet().stream().filter(key -> !describedBy.containsKey(key)).forEach(key ->
                problems.add(FieldProblem.of(path(key, null), "no run of the export is named '" + key + "'")));
        if (runs.isEmpty() && problems.isEmpty()) {
            problems.add(FieldProblem.of("file", "holds no run to import"));
        }
        failIfAny(problems);
        return new Imported(runs, curves.metric(),
                curves.skippedSteps(), curves.skippedValues(), skippedRuns);
    }

    /**
     * The run descriptions by name: each a run as the API reads it (without checkpoints, which come
     * from the export) plus {@code tokensPerStep}.
     */
    private Map<String, RunDescription> descriptions(String runsPart) {
        Map<String, JsonNode> raw;
        try {
            raw = strict.readValue(runsPart, DESCRIPTIONS);
        } catch (JacksonException e) {
            throw new InvalidInputException("The import is invalid; nothing was stored.", List.of(runsProblem(e, "runs")));
        }
        if (raw == null || raw.isEmpty()) {
            throw new InvalidInputException("The import is invalid; nothing was stored.",
                    List.of(FieldProblem.of("runs", "must describe at least one run")));
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, RunDescription> descriptions = new LinkedHashMap<>();
        raw.forEach((name, node) -> {
            if (!(node instanceof ObjectNode fields)) {
                problems.add(FieldProblem.of(path(name, null), "must be a run description (a JSON object)"));
                return;
            }
            if (fields.has("checkpoints")) {
                problems.add(FieldProblem.of(path(name, "checkpoints"), "comes from the export, not from runs"));
                return;
            }
            try {
                JsonNode perStep = fields.remove(TOKENS_PER_STEP);
                descriptions.put(name, new RunDescription(strict.treeToValue(fields, RunInput.class),
                        perStep == null || perStep.isNull() ? null : strict.treeToValue(perStep, Long.class)));
            } catch (JacksonException e) {
                problems.add(runsProblem(e, path(name, null)));
            }
        });
        failIfAny(problems);
        return descriptions;
    }

    /** A problem reading the {@code runs} part, at its path there such as {@code runs["*"].paramsBefore}. */
    private static FieldProblem runsProblem(JacksonException e, String at) {
        List<JacksonException.Reference> steps = e.getPath();
        String field = at;
        if ("runs".equals(at) && !steps.isEmpty() && steps.get(0).getPropertyName() != null) {
            field = path(steps.get(0).getPropertyName(), null);
            steps = steps.subList(1, steps.size());
        } else if (steps.isEmpty() && !"runs".equals(at)) {
            field = at + "." + TOKENS_PER_STEP;
        }
        for (JacksonException.Reference step : steps) {
            field += step.getPropertyName() != null ? "." + step.getPropertyName() : "[" + step.getIndex() + "]";
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.toLowerCase(java.util.Locale.ROOT).contains("duplicate")) {
            return FieldProblem.of(field, "names the same run or field twice: " + message);
        }
        String reason = JsonProblems.describe(e).reason();
        if ("runs".equals(field) && reason.startsWith("must be")) {
            reason = "must be a JSON object of run descriptions by the runs' names in the export";
        }
        return FieldProblem.of(field, reason);
    }

    /** The key of {@code runs} that describes the curve: its name, its alias, or "*" for a single run. */
    private static String descriptionOf(ExportedCurves.Curve curve, Map<String, RunDescription> descriptions, int curveCount) {
        if (descriptions.containsKey(curve.name())) {
            return curve.name();
        }
        if (curve.alias() != null && descriptions.containsKey(curve.alias())) {
            return curve.alias();
        }
        if (curveCount == 1 && descriptions.containsKey(ExportedCurves.SINGLE_RUN)) {
            return ExportedCurves.SINGLE_RUN;
        }
        return null;
    }

    private static NewRun run(ExportedCurves.Curve curve, String key, RunDescription description, List<FieldProblem> problems) {
        Long perStep = description.tokensPerStep();
        RunInput run = description.run();
        boolean stepsOnly = curve.points().stream().anyMatch(point -> point.tokens() == null);
        if (perStep != null && perStep < 1) {
            problems.add(FieldProblem.of(path(key, "tokensPerStep"), "must be at least 1, was " + perStep));
            return null;
        }
        if (stepsOnly && perStep == null) {
            problems.add(FieldProblem.of(path(key, "tokensPerStep"), "is required: the export logs steps, not tokens"));
            return null;
        }
        List<CheckpointInput> checkpoints = new ArrayList<>(curve.points().size());
        for (ExportedCurves.Point point : curve.points()) {
            long tokens;
            if (point.tokens() != null) {
                tokens = point.tokens();
            } else {
                try {
                    tokens = Math.multiplyExact(point.step(), perStep);
                } catch (ArithmeticException overflow) {
                    problems.add(point.place().problem("step " + point.step() + " × tokensPerStep is beyond any token count"));
                    return null;
                }
            }
            checkpoints.add(new CheckpointInput(tokens, point.value()));
        }
        RunInput input = new RunInput(run.runId(), run.baseModel(), run.pruningMethod(), run.paramsBefore(),
                run.paramsAfter(), run.pruningRate(), run.lossBefore(), run.tags(), checkpoints);
        return RunValidator.validate(input, new InputLocation() {
            @Override
            public FieldProblem run(String field, String reason) {
                return FieldProblem.of(path(key, field), reason);
            }

            @Override
            public FieldProblem checkpoint(int index, String field, String reason) {
                return curve.points().get(index).place().problem(reason);
            }
        }, problems);
    }

    private static String path(String key, String field) {
        String run = "runs[\"" + key.replace("\"", "\\\"") + "\"]";
        return field == null ? run : run + "." + field;
    }

    private static void failIfAny(List<FieldProblem> problems) {
        UploadReader.failIfAny(problems);
    }
}
