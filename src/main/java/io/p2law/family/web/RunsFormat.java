package io.p2law.family.web;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;

import org.springframework.http.MediaType;

import io.p2law.error.FieldProblem;
import io.p2law.family.internal.NewRun;

/**
 * A body format runs can be uploaded in. Every format is a bean; {@link UploadReader} picks the one
 * whose media type the request's Content-Type names, so a new format is one class and nothing else.
 */
interface RunsFormat {

    MediaType mediaType();

    /**
     * The runs of the body, each checked with {@link io.p2law.family.internal.RunValidator}. Problems
     * are added to {@code problems} in the order of the body (the runs are then incomplete); what
     * makes the rest unreadable is thrown at once.
     *
     * @param charset the request's, or UTF-8 when it names none
     * @param family the family of the path
     */
    List<NewRun> read(InputStream body, Charset charset, String family, List<FieldProblem> problems);
}
