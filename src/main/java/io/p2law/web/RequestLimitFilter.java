package io.p2law.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import io.p2law.error.TimedOutException;
import io.p2law.error.TooLargeException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every API request before any controller sees it. A body is read in full first, within
 * {@code p2law.limits.max-body-bytes} and {@code body-read-timeout} (uploads of runs and
 * checkpoints, and imports, stream instead, within {@code p2law.upload.max-bytes} and
 * {@code upload-read-timeout}; an import's multipart body is read by the container, so only the
 * size limit and Tomcat's per-read timeout hold for it);
 * only then does the request take one of {@code concurrent-requests} turns. So a client that sends
 * its body at one byte a second holds a request thread, never a turn, and is cut off after the
 * timeout; with many more threads than turns, health and other clients are still answered.
 * Uploads take one of {@code concurrent-writes} turns instead: writers of one family queue on its
 * row lock in the database, and while they do, reads (predictions) keep all their turns.
 * Actuator requests take no turn.
 */
final class RequestLimitFilter extends OncePerRequestFilter {

    private static final Pattern UPLOAD = Pattern.compile("^/api/v1/families/[^/]+/(runs(/[^/]+(/checkpoints)?)?|imports)$");

    private final RequestLimits limits;
    private final long uploadMaxBytes;
    private final Semaphore turns;
    private final Semaphore writeTurns;
    private final JsonMapper json;

    RequestLimitFilter(RequestLimits limits, long uploadMaxBytes, JsonMapper json) {
        this.limits = limits;
        this.uploadMaxBytes = uploadMaxBytes;
        this.turns = new Semaphore(limits.concurrentRequests(), true);
        this.writeTurns = new Semaphore(limits.concurrentWrites(), true);
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !parseable(accept)) {
            // Spring could not even say "406" in a problem for it: no media type would be acceptable.
            refuse(request, response, HttpStatus.BAD_REQUEST, "The Accept header is not a list of media types.");
            return;
        }
        if (request.getRequestURI().startsWith("/actuator/")) {
            chain.doFilter(request, response);
            return;
        }
        boolean upload = isUpload(request);
        long max = upload ? uploadMaxBytes : limits.maxBodyBytes().toBytes();
        if (request.getContentLengthLong() > max) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + max + " bytes.");
            return;
        }
        HttpServletRequest bounded;
        if (upload) {
            bounded = new BodyRequest(request, new DeadlineInputStream(request.getInputStream(),
                    System.nanoTime() + limits.uploadReadTimeout().toNanos()), request.getContentLength());
        } else if (hasBody(request)) {
            byte[] body;
            try {
                body = readBody(request.getInputStream(), request.getContentLengthLong(), max,
                        System.nanoTime() + limits.bodyReadTimeout().toNanos());
            } catch (TooLargeException tooLarge) {
                refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge.detail());
                return;
            } catch (TimedOutException timedOut) {
                refuse(request, response, HttpStatus.REQUEST_TIMEOUT, timedOut.detail());
                return;
            }
            bounded = new BodyRequest(request, new ByteArrayInputStream(body), body.length);
        } else {
            bounded = request;
        }
        Semaphore taken = upload ? writeTurns : turns;
        if (!takeTurn(taken)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, "The service is busy; retry shortly.");
            return;
        }
        try {
            chain.doFilter(bounded, response);
        } finally {
            taken.release();
        }
    }

    private static boolean parseable(String accept) {
        try {
            MediaType.parseMediaTypes(accept);
            return true;
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private boolean takeTurn(Semaphore taken) {
        try {
            return taken.tryAcquire(limits.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isUpload(HttpServletRequest request) {
        String method = request.getMethod();
        return ("POST".equals(method) || "PUT".equals(method)) && UPLOAD.matcher(request.getRequestURI()).matches();
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        if (status == HttpStatus.REQUEST_TIMEOUT || status == HttpStatus.CONTENT_TOO_LARGE) {
            // The rest of the body is not read: the connection cannot carry another request.
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        ProblemResponse.write(json, request, response, status, detail);
    }

    /**
     * The whole body, within {@code max} bytes and the deadline. With a declared length (every
     * prediction a client library sends) it is read straight into an array of that size, with no
     * copy buffer per request; a body sent in chunks grows as it arrives.
     */
    static byte[] readBody(InputStream in, long declaredLength, long max, long deadlineNanos) throws IOException {
        DeadlineInputStream timed = new DeadlineInputStream(in, deadlineNanos);
        if (declaredLength >= 0 && declaredLength <= max) {
            byte[] body = new byte[(int) declaredLength];
            int read = 0;
            for (int n; read < body.length && (n = timed.read(body, read, body.length - read)) >= 0; ) {
                read += n;
            }
            // the container ends the stream at the Content-Length; a client that stopped short sent less
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = timed.read(buffer)) >= 0; ) {
            if (body.size() + n > max) {
                throw new TooLargeException("The request body is larger than " + max + " bytes.");
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    /**
     * Fails a read that starts after the deadline: a trickling client is cut off between its bytes.
     * Unchecked, like the upload byte limit, so that JSON and CSV readers pass it on unwrapped.
     */
    static final class DeadlineInputStream extends InputStream {
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineInputStream(InputStream in, long deadlineNanos) {
            this.in = in;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            check();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return in.read(b, off, len);
        }

        private void check() {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new TimedOutException("The request body did not arrive in time (p2law.limits.*-read-timeout).");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The request with its body replaced: read already, or bounded in time. */
    static final class BodyRequest extends HttpServletRequestWrapper {
        private final ServletInputStream body;
        private final int length;

        BodyRequest(HttpServletRequest request, InputStream body, int length) {
            super(request);
            this.length = length;
            this.body = new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return body.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return body.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return false;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("bodies are read blocking");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return body;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(body, charset));
        }

        @Override
        public int getContentLength() {
            return length;
        }

        @Override
        public long getContentLengthLong() {
            return length;
        }
    }
}
