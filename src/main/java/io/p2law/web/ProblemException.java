package io.p2law.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal the client can act on, rendered by {@link ProblemHandler} as an RFC 9457 problem with
 * the offending fields in {@code errors}.
 */
public class ProblemException extends ErrorResponseException {

    private final transient List<FieldProblem> errors;

    private ProblemException(HttpStatus status, String detail, List<FieldProblem> errors) {
        super(status, problem(status, detail, errors), null);
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalid(String detail, List<FieldProblem> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, detail, List.of());
    }

    public static ProblemException conflict(String detail, List<FieldProblem> errors) {
        return new ProblemException(HttpStatus.CONFLICT, detail, errors);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, detail, List.of());
    }

    /** A request body that did not arrive in time; the connection is closed after the answer. */
    public static ProblemException bodyTimedOut(String detail) {
        return new ProblemException(HttpStatus.REQUEST_TIMEOUT, detail, List.of());
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(HttpStatus status, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", List.copyOf(errors));
        }
        return problem;
    }
}
