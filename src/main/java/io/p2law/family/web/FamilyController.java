package io.p2law.family.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import io.p2law.family.internal.AppendResult;
import io.p2law.family.internal.FamilyList;
import io.p2law.family.internal.FamilyService;
import io.p2law.family.internal.FamilyView;
import io.p2law.family.internal.RunPage;
import io.p2law.family.internal.RunView;
import io.p2law.family.internal.Tagged;
import io.p2law.family.internal.UploadResult;
import io.p2law.family.internal.Versioned;
/**
 * Families, runs and checkpoints over HTTP. Bodies are read by {@link UploadReader} rather than
 * {@code @RequestBody} so that the byte and checkpoint limits hold while the body streams in.
 * GETs carry an ETag (Spring answers a matching If-None-Match with 304) and every answer about one
 * family the family's data version.
 */
@RestController
@RequestMapping(path = "/api/v1/families", produces = MediaType.APPLICATION_JSON_VALUE)
class FamilyController {

    static final String DATA_VERSION = "P2law-Data-Version";

    private final FamilyService service;
    private final UploadReader reader;
    private final ImportReader importer;

    FamilyController(FamilyService service, UploadReader reader, ImportReader importer) {
        this.service = service;
        this.reader = reader;
        this.importer = importer;
    }

    @GetMapping
    ResponseEntity<FamilyList> families() {
        Tagged<FamilyList> families = service.families();
        return ResponseEntity.ok().eTag(families.etag()).body(families.body());
    }

    @GetMapping("/{family}")
    ResponseEntity<FamilyView> family(@PathVariable String family) {
        return read(service.family(family));
    }

    @PutMapping(path = "/{family}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FamilyView> putFamily(@PathVariable String family, HttpServletRequest request) {
        return written(service.putFamily(family, reader.familyDetails(request)), "/api/v1/families/" + family);
    }

    @DeleteMapping("/{family}")
    ResponseEntity<Void> deleteFamily(@PathVariable String family) {
        service.deleteFamily(family);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{family}/runs")
    ResponseEntity<RunPage> runs(@PathVariable String family,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return read(service.runs(family, page, size));
    }

    /** In any format a {@link RunsFormat} bean reads, chosen by Content-Type. */
    @PostMapping("/{family}/runs")
    ResponseEntity<UploadResult> upload(@PathVariable String family, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        return stored(service.uploadRuns(family, reader.runs(request, family)));
    }

    /**
     * A training tool's export ({@code file}) and the client's description of its runs ({@code runs},
     * JSON as a file or a plain form field), stored like an upload in one transaction.
     */
    @PostMapping(path = "/{family}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportResult> importRuns(@PathVariable String family,
            @RequestParam(required = false) String format, @RequestParam(required = false) String metric,
            @RequestParam(defaultValue = "false") boolean skipUnmapped, MultipartHttpServletRequest request)
            throws IOException {
        MultipartFile runsFile = request.getFile("runs");
        String runs = runsFile != null ? new String(runsFile.getBytes(), StandardCharsets.UTF_8) : request.getParameter("runs");
        ImportReader.Imported imported = importer.read(format, metric, skipUnmapped, request.getFile("file"), runs);
        Versioned<UploadResult> stored = service.uploadRuns(family, imported.runs());
        return stored(new Versioned<>(ImportResult.of(stored.body(), format, imported), stored.dataVersion(),
                stored.etag(), stored.created()));
    }

    @GetMapping("/{family}/runs/{runId}")
    ResponseEntity<RunView> run(@PathVariable String family, @PathVariable String runId) {
        return read(service.run(family, runId));
    }

    @PutMapping(path = "/{family}/runs/{runId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> putRun(@PathVariable String family, @PathVariable String runId,
            HttpServletRequest request) {
        return written(service.putRun(family, reader.runFromJson(request, runId)),
                "/api/v1/families/" + family + "/runs/" + runId);
    }

    @DeleteMapping("/{family}/runs/{runId}")
    ResponseEntity<Void> deleteRun(@PathVariable String family, @PathVariable String runId) {
        long dataVersion = service.deleteRun(family, runId);
        return ResponseEntity.noContent().header(DATA_VERSION, Long.toString(dataVersion)).build();
    }

    @PostMapping(path = "/{family}/runs/{runId}/checkpoints", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AppendResult> append(@PathVariable String family, @PathVariable String runId,
            @RequestParam(defaultValue = "false") boolean replace, HttpServletRequest request) {
        return stored(service.append(family, runId, reader.checkpointsFromJson(request), replace));
    }

    private static <T> ResponseEntity<T> read(Versioned<T> answer) {
        return ResponseEntity.ok().eTag(answer.etag()).header(DATA_VERSION, Long.toString(answer.dataVersion()))
                .body(answer.body());
    }

    private static <T> ResponseEntity<T> stored(Versioned<T> answer) {
        return ResponseEntity.ok().header(DATA_VERSION, Long.toString(answer.dataVersion())).body(answer.body());
    }

    private static <T> ResponseEntity<T> written(Versioned<T> answer, String location) {
        ResponseEntity.BodyBuilder response = answer.created()
                ? ResponseEntity.created(URI.create(location))
                : ResponseEntity.status(HttpStatus.OK);
        return response.header(DATA_VERSION, Long.toString(answer.dataVersion())).body(answer.body());
    }
}
