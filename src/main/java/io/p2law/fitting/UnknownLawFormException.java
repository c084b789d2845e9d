package io.p2law.fitting;

import java.util.List;

/** Asked for a form the engine does not have. */
public class UnknownLawFormException extends IllegalArgumentException {

    private final List<String> knownForms;

    public UnknownLawFormException(String form, List<String> knownForms) {
        super("unknown law form '" + form + "'; known forms: " + String.join(", ", knownForms));
        this.knownForms = List.copyOf(knownForms);
    }

    public List<String> knownForms() {
        return knownForms;
    }
}
