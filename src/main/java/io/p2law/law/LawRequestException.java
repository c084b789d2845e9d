package io.p2law.law;

import java.util.List;

/** A law request the service cannot answer as asked; each error names the field and why. */
class LawRequestException extends RuntimeException {

    record FieldError(String field, String reason) {
    }

    private final List<FieldError> errors;

    LawRequestException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(e -> e.field() + ": " + e.reason()).toList()));
        this.errors = List.copyOf(errors);
    }

    LawRequestException(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    List<FieldError> errors() {
        return errors;
    }
}
