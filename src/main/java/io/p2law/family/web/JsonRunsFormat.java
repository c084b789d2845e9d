package io.p2law.family.web;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.family.internal.InputLocation;
import io.p2law.family.internal.NewRun;
import io.p2law.family.internal.RunInput;
import io.p2law.family.internal.RunValidator;

/** {@code {"runs": [...]}}, each run as the API shows it. */
@Component
class JsonRunsFormat implements RunsFormat {

    private final StrictJson json;
    private final UploadLimits limits;

    JsonRunsFormat(StrictJson json, UploadLimits limits) {
        this.json = json;
        this.limits = limits;
    }

    @Override
    public MediaType mediaType() {
        return MediaType.APPLICATION_JSON;
    }

    @Override
    public List<NewRun> read(InputStream body, Charset charset, String family, List<FieldProblem> problems) {
        RunsUpload upload = json.read(body, RunsUpload.class);
        if (upload.runs() == null || upload.runs().isEmpty()) {
            throw new InvalidInputException("The upload is invalid; nothing was stored.",
                    List.of(FieldProblem.of("runs", "must list at least one run")));
        }
        UploadReader.requireWithinCheckpointLimit(limits, upload.runs().stream()
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
        return runs;
    }
}
