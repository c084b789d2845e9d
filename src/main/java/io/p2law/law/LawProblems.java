package io.p2law.law;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.p2law.fitting.UnfittableDataException;
import io.p2law.fitting.UnknownLawFormException;

/** RFC 9457 problems for what only the law endpoints throw; the rest goes to the global handler. */
@RestControllerAdvice(assignableTypes = {LawController.class, DecisionController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class LawProblems {

    @ExceptionHandler
    ProblemDetail unknownForm(UnknownLawFormException e) {
        return problem(HttpStatus.BAD_REQUEST, "form", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badRequest(LawRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), e.errors());
    }

    /** The engine refusing a planned model or token count that got past the request checks. */
    @ExceptionHandler
    ProblemDetail refusedByTheLaw(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "model", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unfittable(UnfittableDataException e) {
        return problem(HttpStatus.CONFLICT, "form", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownFamily(UnknownFamilyException e) {
        return problem(HttpStatus.NOT_FOUND, "family", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownRun(UnknownRunException e) {
        return problem(HttpStatus.NOT_FOUND, "runId", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String field, String detail) {
        return problem(status, detail, List.of(new LawRequestException.FieldError(field, detail)));
    }

    private static ProblemDetail problem(HttpStatus status, String detail, List<LawRequestException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
