package io.p2law.fitting;

import java.util.List;
import java.util.Optional;

/** A law form the engine can fit: what it is, what it needs, what it refuses. */
public interface LawForm {

    /** The form's name in the API, e.g. {@code p2}, {@code chinchilla}. */
    String name();

    /** The formula in plain text. */
    String formula();

    /** One sentence on what the form is for. */
    String description();

    /** The fitted constants, in the order {@link FittedLaw#values()} uses. */
    List<ParameterInfo> parameters();

    /** The run fields the form needs, by their API names ({@code paramsBefore}, {@code lossBefore}, ...). */
    List<String> requiredFields();

    /** Why this form cannot use the run, or empty when it can. */
    Optional<String> refusal(RunCurve run);

    /** Why this form cannot predict for the model, or empty when it can. */
    Optional<String> refusal(PrunedModel model);
}
