package io.p2law.security.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.p2law.web.ProblemResponse;
import tools.jackson.databind.json.JsonMapper;

/** The filter chain's own refusals (401, 403, 503), as problems. */
final class SecurityProblems {

    private final JsonMapper json;

    SecurityProblems(JsonMapper json) {
        this.json = json;
    }

    void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"p2law\"");
        write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemResponse.write(json, request, response, status, detail);
    }
}
