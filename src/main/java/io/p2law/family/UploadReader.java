package io.p2law.family;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import io.p2law.web.FieldProblem;
import io.p2law.web.JsonProblems;
import io.p2law.web.ProblemException;
import io.p2law.web.WholeNumbers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates request bodies of the families API within the upload limits. Everything is
 * checked before anything is stored: a bad upload fails with every problem listed at once.
 */
@Component
@EnableConfigurationProperties(UploadLimits.class)
class UploadReader {

    /** More problems than this are cut off: the client has enough to fix. */
    static final int MAX_PROBLEMS = 100;

    private final UploadLimits limits;
    private final JsonMapper strict;

    UploadReader(UploadLimits limits, JsonMapper jsonMapper) {
        this.limits = limits;
        // Strict so that a typo or a quoted number is named instead of silently ignored or coerced.
        this.strict = jsonMapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(WholeNumbers.module())
                .build();
    }

    List<NewRun> runsFromJson(HttpServletRequest request) {
        RunsUpload upload = readJson(request, RunsUpload.class);
        List<FieldProblem> problems = new ArrayList<>();
        if (upload.runs() == null || upload.runs().isEmpty()) {
            throw ProblemException.invalid("The upload is invalid; nothing was stored.",
                    List.of(FieldProblem.of("runs", "must list at least one run")));
        }
        requireWithinCheckpointLimit(upload.runs().stream()
                .mapToLong(run -> run == null || run.checkpoints() == null ? 0 : run.checkpoints().size()).sum());
        List<NewRun> runs = new ArrayList<>(upload.runs().size());
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < upload.runs().size(); i++) {
            RunInput input = upload.runs().get(i);
            InputLocation at = InputLocation.json("runs[" + i + "].");
            if (input == null) {
                problems.add(FieldProblem.of("runs[" + i + "]", "must be a run, not null"));
                continue;
            }
            if (input.runId() != null && firstIndex.putIfAbsent(input.runId(), i) != null) {
                problems.add(at.run("runId", "duplicate runId '" + input.runId() + "' (also runs["
                        + firstIndex.get(input.runId()) + "])"));
            }
            NewRun run = RunValidator.validate(input, at, problems);
            if (run != null) {
                runs.add(run);
            }
        }
        failIfAny(problems);
        return runs;
    }

    List<NewRun> runsFromCsv(HttpServletRequest request, String family) {
        List<FieldProblem> problems = new ArrayList<>();
        List<CsvRunsParser.CsvRun> parsed;
        Charset charset = request.getCharacterEncoding() == null ? StandardCharsets.UTF_8
                : Charset.forName(request.getCharacterEncoding());
        try (InputStreamReader csv = new InputStreamReader(body(request), charset)) {
            parsed = CsvRunsParser.parse(csv, family, limits.maxCheckpoints(), problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<NewRun> runs = new ArrayList<>(parsed.size());
        for (CsvRunsParser.CsvRun csvRun : parsed) {
            NewRun run = RunValidator.validate(csvRun.input(), csvRun.location(), problems);
            if (run != null) {
                runs.add(run);
            }
        }
        failIfAny(problems);
        return runs;
    }

    /** One run (PUT); its runId may be left out and must otherwise equal the path's. */
    NewRun runFromJson(HttpServletRequest request, String runId) {
        RunInput input = readJson(request, RunInput.class);
        requireWithinCheckpointLimit(input.checkpoints() == null ? 0 : input.checkpoints().size());
        List<FieldProblem> problems = new ArrayList<>();
        if (input.runId() != null && !input.runId().equals(runId)) {
            problems.add(FieldProblem.of("runId", "must be the run of the path ('" + runId + "') or left out"));
        }
        RunInput named = new RunInput(runId, input.baseModel(), input.pruningMethod(), input.paramsBefore(),
                input.paramsAfter(), input.pruningRate(), input.lossBefore(), input.tags(), input.checkpoints());
        NewRun run = RunValidator.validate(named, InputLocation.json(""), problems);
        failIfAny(problems);
        return run;
    }

    /** Checkpoints to append, in the order sent (so that a problem's index points into the body). */
    List<Checkpoint> checkpointsFromJson(HttpServletRequest request) {
        CheckpointsUpload upload = readJson(request, CheckpointsUpload.class);
        if (upload.checkpoints() == null || upload.checkpoints().isEmpty()) {
            throw ProblemException.invalid("The request is invalid.",
                    List.of(FieldProblem.of("checkpoints", "must list at least one checkpoint")));
        }
        requireWithinCheckpointLimit(upload.checkpoints().size());
        List<FieldProblem> problems = new ArrayList<>();
        long[] tokens = new long[upload.checkpoints().size()];
        double[] losses = new double[tokens.length];
        RunValidator.validateCheckpoints(upload.checkpoints(), InputLocation.json(""), problems, tokens, losses);
        failIfAny(problems);
        List<Checkpoint> checkpoints = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            checkpoints.add(new Checkpoint(tokens[i], losses[i]));
        }
        return checkpoints;
    }

    FamilyDetails familyDetails(HttpServletRequest request) {
        FamilyDetails details = readJson(request, FamilyDetails.class);
        List<FieldProblem> problems = new ArrayList<>();
        maxLength(details.displayName(), "displayName", 200, problems);
        maxLength(details.description(), "description", 4000, problems);
        maxLength(details.pruningMethod(), "pruningMethod", 100, problems);
        failIfAny(problems);
        return details;
    }

    private <T> T readJson(HttpServletRequest request, Class<T> type) {
        try (InputStream body = body(request)) {
            T value = strict.readValue(body, type);
            if (value == null) {
                throw ProblemException.invalid("The request body is invalid.",
                        List.of(FieldProblem.of("body", "must be a JSON object, not null")));
            }
            return value;
        } catch (JacksonException e) {
            throw ProblemException.invalid("The request body is invalid.", List.of(JsonProblems.describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream body(HttpServletRequest request) throws IOException {
        long maxBytes = limits.maxBytes().toBytes();
        if (request.getContentLengthLong() > maxBytes) {
            throw BoundedInputStream.tooLarge(maxBytes);
        }
        return new BoundedInputStream(request.getInputStream(), maxBytes);
    }

    private void requireWithinCheckpointLimit(long checkpoints) {
        requireWithinCheckpointLimit(limits, checkpoints);
    }

    static void requireWithinCheckpointLimit(UploadLimits limits, long checkpoints) {
        if (checkpoints > limits.maxCheckpoints()) {
            throw ProblemException.tooLarge("The request has " + checkpoints + " checkpoints, more than "
                    + limits.maxCheckpoints() + " (p2law.upload.max-checkpoints).");
        }
    }

    private static void maxLength(String value, String field, int max, List<FieldProblem> problems) {
        if (value != null && value.length() > max) {
            problems.add(FieldProblem.of(field, "must be at most " + max + " characters"));
        }
    }

    /**
     * Throws the 400 for all problems found. A cell reported while parsing is not reported again
     * by the rules (a non-number is not also "required").
     */
    static void failIfAny(List<FieldProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        Map<String, FieldProblem> distinct = new LinkedHashMap<>();
        for (FieldProblem problem : problems) {
            String place = problem.line() == null ? problem.field() + "|" + problem.reason()
                    : problem.line() + "|" + problem.column();
            distinct.putIfAbsent(place, problem);
        }
        List<FieldProblem> listed = new ArrayList<>(distinct.values());
        listed.sort(Comparator.comparing(FieldProblem::line, Comparator.nullsFirst(Comparator.naturalOrder())));
        String detail = "The upload is invalid; nothing was stored.";
        if (listed.size() > MAX_PROBLEMS) {
            detail += " The first " + MAX_PROBLEMS + " of " + listed.size() + " problems are listed.";
            listed = listed.subList(0, MAX_PROBLEMS);
        }
        throw ProblemException.invalid(detail, listed);
    }
}
