package io.p2law.law;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.p2law.fitting.UnfittableDataException;
import io.p2law.fitting.UnknownLawFormException;

/** RFC 9457 problems for what only the law endpoints throw; the rest goes to the global handler. */
@RestControllerAdvice(assignableTypes = LawController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LawProblems {

    @ExceptionHandler
    ProblemDetail unknownForm(UnknownLawFormException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.getMessage(), "form");
        problem.setProperty("forms", e.knownForms());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badRequest(LawRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("errors", e.errors().stream()
                .map(error -> Map.of("field", error.field(), "reason", error.reason())).toList());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unfittable(UnfittableDataException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage(), "form");
    }

    @ExceptionHandler
    ProblemDetail unknownFamily(UnknownFamilyException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), "family");
    }

    private static ProblemDetail problem(HttpStatus status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("errors", List.of(Map.of("field", field, "reason", detail)));
        return problem;
    }
}
