package io.p2law.family.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.p2law.error.FieldProblem;
import io.p2law.family.internal.NewRun;
import io.p2law.family.internal.RunValidator;

/** The long CSV format of {@link CsvRunsParser}: one row per checkpoint. */
@Component
class CsvRunsFormat implements RunsFormat {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final UploadLimits limits;

    CsvRunsFormat(UploadLimits limits) {
        this.limits = limits;
    }

    @Override
    public MediaType mediaType() {
        return CSV;
    }

    @Override
    public List<NewRun> read(InputStream body, Charset charset, String family, List<FieldProblem> problems) {
        List<CsvRunsParser.CsvRun> parsed;
        try (InputStreamReader csv = new InputStreamReader(body, charset)) {
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
        return runs;
    }
}
