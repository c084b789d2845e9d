package io.p2law.family.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.TooLargeException;
import io.p2law.family.internal.Checkpoint;
import io.p2law.family.internal.FamilyDetails;
import io.p2law.family.internal.InputLocation;
import io.p2law.family.internal.NewRun;
import io.p2law.family.internal.RunInput;
import io.p2law.family.internal.RunValidator;
import io.p2law.family.internal.PlainText;

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
    private final StrictJson json;
    private final List<RunsFormat> formats;

    UploadReader(UploadLimits limits, StrictJson json, List<RunsFormat> formats) {
        this.limits = limits;
        this.json = json;
        this.formats = List.copyOf(formats);
    }

    /** Runs in whichever registered format the Content-Type names; any other type is a 415. */
    List<NewRun> runs(HttpServletRequest request, String family) throws HttpMediaTypeNotSupportedException {
        RunsFormat format = format(request.getContentType());
        List<FieldProblem> problems = new ArrayList<>();
        Charset charset = request.getCharacterEncoding() == null ? StandardCharsets.UTF_8
                : Charset.forName(request.getCharacterEncoding());
        List<NewRun> runs;
        try {
            runs = format.read(body(request), charset, family, problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        failIfAny(problems);
        return runs;
    }

    private RunsFormat format(String contentType) throws HttpMediaTypeNotSupportedException {
        List<MediaType> supported = formats.stream().map(RunsFormat::mediaType).toList();
        MediaType type;
        try {
            type = contentType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage(), supported);
        }
        for (RunsFormat format : formats) {
            if (format.mediaType().includes(type)) {
                return format;
            }
        }
        throw new HttpMediaTypeNotSupportedException(type, supported, HttpMethod.POST);
    }

    /** One run (PUT); its runId may be left out and must otherwise equal the path's. */
    NewRun runFromJson(HttpServletRequest request, String runId) {
        RunInput input = readJson(request, RunInput.class);
        requireWithinCheckpointLimit(limits, input.checkpoints() == null ? 0 : input.checkpoints().size());
        List<FieldProblem> problems = new ArrayList<>();
        if (input.runId() != null && !input.runId().equals(runId)) {
            problems.add(FieldProblem.of("runId", "must be the run of the path ('" + runId + "') or left out"));
        }
        NewRun run = RunValidator.validate(input.withRunId(runId), InputLocation.json(""), problems);
        failIfAny(problems);
        return run;
    }

    /** Checkpoints to append, in the order sent (so that a problem's index points into the body). */
    List<Checkpoint> checkpointsFromJson(HttpServletRequest request) {
        CheckpointsUpload upload = readJson(request, CheckpointsUpload.class);
        if (upload.checkpoints() == null || upload.checkpoints().isEmpty()) {
            throw new InvalidInputException("The request is invalid.",
                    List.of(FieldProblem.of("checkpoints", "must list at least one checkpoint")));
        }
        requireWithinCheckpointLimit(limits, upload.checkpoints().size());
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
        try {
            return json.read(body(request), type);
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

    static void requireWithinCheckpointLimit(UploadLimits limits, long checkpoints) {
        if (checkpoints > limits.maxCheckpoints()) {
            throw new TooLargeException("The request has " + checkpoints + " checkpoints, more than "
                    + limits.maxCheckpoints() + " (p2law.upload.max-checkpoints).");
        }
    }

    private static void maxLength(String value, String field, int max, List<FieldProblem> problems) {
        if (value != null && value.length() > max) {
            problems.add(FieldProblem.of(field, "must be at most " + max + " characters"));
        } else if (PlainText.refusal(value) != null) {
            problems.add(FieldProblem.of(field, PlainText.refusal(value)));
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
        throw new InvalidInputException(detail, listed);
    }
}
