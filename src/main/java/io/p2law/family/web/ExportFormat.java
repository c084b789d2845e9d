package io.p2law.family.web;

import java.io.InputStream;
import java.util.List;

import io.p2law.error.FieldProblem;

/**
 * An export format of a training tool that {@code POST .../imports?format=NAME} reads. Every format
 * is a bean; {@link ImportReader} picks the one whose {@link #name()} the request names.
 */
interface ExportFormat {

    /** The {@code format} query value, e.g. {@code hf-trainer}. */
    String name();

    /** The metric read when the request names none, or null when the format needs it named if the file has several. */
    String defaultMetric();

    /**
     * The curves of the export. Problems are added in the order of the file; what makes the rest
     * unreadable (not this format at all) is thrown as a 400 at once.
     *
     * @param metric the metric to read, or null for the format's default
     */
    ExportedCurves read(InputStream file, String metric, List<FieldProblem> problems);
}
