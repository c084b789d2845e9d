package io.p2law.web;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.p2law.error.ConflictException;
import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.NotFoundException;
import io.p2law.error.RefusalException;
import io.p2law.error.TooLargeException;
import io.p2law.error.UnavailableException;
import io.p2law.fitting.UnfittableDataException;
import io.p2law.fitting.UnknownLawFormException;
import tools.jackson.core.JacksonException;

/**
 * Every error the MVC layer sees becomes an RFC 9457 problem: the modules' refusals
 * ({@link RefusalException} and the engine's own) with the status their kind stands for, Spring's
 * own exceptions (404 for unknown paths, 405, 406, 415, ...) with the {@code errors} list naming
 * the offending fields, and anything unexpected as a logged 500 problem, never as the client's fault.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldProblem problem = jacksonCause(ex) instanceof JacksonException json
                ? JsonProblems.describe(json)
                : FieldProblem.of("body", "is missing or cannot be read");
        return problem(ex, status, "The request body is invalid.", List.of(problem), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(FieldProblem.of(error.getField(), String.valueOf(error.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(FieldProblem.of(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
        return problem(ex, status, "The request is invalid.", errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(FieldProblem.of(String.valueOf(name), String.valueOf(error.getDefaultMessage())));
            }
        });
        return problem(ex, status, "The request is invalid.", errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        FieldProblem problem = FieldProblem.of(name, "must be " + JsonProblems.expected(ex.getRequiredType())
                + ", was '" + ex.getValue() + "'");
        return problem(ex, HttpStatus.BAD_REQUEST, "The request is invalid.", List.of(problem), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldProblem problem = FieldProblem.of(ex.getParameterName(), "is required");
        return problem(ex, status, "The request is invalid.", List.of(problem), headers, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> refused(RefusalException ex, WebRequest request) {
        return problem(ex, statusOf(ex), ex.detail(), ex.problems(), new HttpHeaders(), request);
    }

    /** 503 with {@code Retry-After}: the work goes on, the client asks again later. */
    @ExceptionHandler
    ResponseEntity<Object> unavailable(UnavailableException ex, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.detail());
        ex.properties().forEach(body::setProperty);
        if (!ex.problems().isEmpty()) {
            body.setProperty("errors", ex.problems());
        }
        return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    private static HttpStatus statusOf(RefusalException refusal) {
        if (refusal instanceof InvalidInputException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (refusal instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (refusal instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (refusal instanceof TooLargeException) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        throw new IllegalStateException("no status for " + refusal.getClass().getName());
    }

    @ExceptionHandler
    ResponseEntity<Object> unknownForm(UnknownLawFormException ex, WebRequest request) {
        return problem(ex, HttpStatus.BAD_REQUEST, ex.getMessage(), List.of(FieldProblem.of("form", ex.getMessage())),
                new HttpHeaders(), request);
    }

    @ExceptionHandler
    ResponseEntity<Object> unfittable(UnfittableDataException ex, WebRequest request) {
        return problem(ex, HttpStatus.CONFLICT, ex.getMessage(), List.of(FieldProblem.of("form", ex.getMessage())),
                new HttpHeaders(), request);
    }

    /** A bug, not bad input: logged with its stack, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unexpected failure on {}", request.getDescription(false), ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged.");
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> problem(Exception ex, HttpStatusCode status, String detail,
            List<FieldProblem> errors, HttpHeaders headers, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    private static Throwable jacksonCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException) {
                return cause;
            }
        }
        return null;
    }
}
