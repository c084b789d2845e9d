package io.p2law.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A client that accepts JSON or problems gets an answer or a problem from the API, never a 406:
 * generated clients send {@code Accept: application/problem+json} (the error type of every
 * operation) or only {@code application/json}, also to operations that answer otherwise. For such
 * requests the API sees an Accept that prefers {@code application/json}, then problems, then what
 * the client listed; operations with another representation (the SVG plot) set their type themselves.
 */
@Component
class JsonAcceptFilter extends OncePerRequestFilter {

    private static final String PREFERRED = MediaType.APPLICATION_JSON_VALUE + ", "
            + MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";q=0.9";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        chain.doFilter(admitsJson(accept) ? withAccept(request, PREFERRED + ", " + accept) : request, response);
    }

    /** Whether the client named JSON or problems (a wildcard alone already admits everything). */
    static boolean admitsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
        for (MediaType type : types) {
            if (!type.isWildcardType() && !type.isWildcardSubtype()
                    && (type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))) {
                return true;
            }
        }
        return false;
    }

    private static HttpServletRequest withAccept(HttpServletRequest request, String accept) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept))
                        : super.getHeaders(name);
            }
        };
    }
}
