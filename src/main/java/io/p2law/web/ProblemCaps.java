package io.p2law.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import io.p2law.error.FieldProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every problem small whatever produced it: at most {@link #MAX_ERRORS} entries in
 * {@code errors}, and no text longer than {@link #MAX_TEXT} characters, so that an error never
 * echoes a large input back (a 10 MB field value, a CSV header of 100,000 columns).
 */
@RestControllerAdvice
public class ProblemCaps implements ResponseBodyAdvice<Object> {

    public static final int MAX_ERRORS = 100;
    public static final int MAX_TEXT = FieldProblem.MAX_TEXT;

    private final JsonMapper json;

    ProblemCaps(JsonMapper json) {
        this.json = json;
    }

    /** {@code text} cut to {@link #MAX_TEXT} characters, marked with an ellipsis where it was cut. */
    public static String text(String text) {
        return FieldProblem.capped(text);
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            cap(problem);
        }
        return body;
    }

    void cap(ProblemDetail problem) {
        problem.setDetail(text(problem.getDetail()));
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> errors) {
            List<Object> capped = new ArrayList<>(Math.min(errors.size(), MAX_ERRORS));
            for (Object error : errors.subList(0, Math.min(errors.size(), MAX_ERRORS))) {
                capped.add(error instanceof FieldProblem field ? field : capFields(error));
            }
            problem.setProperty("errors", capped);
            if (errors.size() > MAX_ERRORS) {
                problem.setProperty("moreErrors", errors.size() - MAX_ERRORS);
            }
        }
    }

    private Object capFields(Object error) {
        Map<String, Object> fields = json.convertValue(error, Map.class);
        fields.replaceAll((name, value) -> value instanceof String string ? text(string) : value);
        return fields;
    }
}
