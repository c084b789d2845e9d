package io.p2law.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fuzz corpus: malformed and hostile requests against every endpoint, generated from a fixed
 * seed so that a failure names a request that can be sent again. No request in it is a valid
 * write: every one that could change data carries at least one defect, so after the corpus every
 * family must be exactly as before.
 */
final class HostileRequests {

    /** One request as raw bytes, with a name saying what is hostile about it. */
    record Hostile(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final String family;
    private final String runId;
    private final String key;
    private final Random random = new Random(20261129L);

    HostileRequests(String family, String runId, String key) {
        this.family = family;
        this.runId = runId;
        this.key = key;
    }

    List<Hostile> all() {
        List<Hostile> corpus = new ArrayList<>();
        jsonBodies(corpus);
        csvBodies(corpus);
        paths(corpus);
        headers(corpus);
        methodsAndQueries(corpus);
        return corpus;
    }

    /** JSON endpoints: each gets every body defect. */
    private void jsonBodies(List<Hostile> corpus) {
        String f = "/api/v1/families/" + family;
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("POST " + f + "/runs", "{\"runs\": [%s]}");
        endpoints.put("PUT " + f + "/runs/" + runId, "%s");
        endpoints.put("POST " + f + "/runs/" + runId + "/checkpoints", "{\"checkpoints\": [%s]}");
        endpoints.put("PUT " + f, "{\"displayName\": %s}");
        endpoints.put("POST " + f + "/fits", "{\"bootstrapSamples\": %s}");
        endpoints.put("POST " + f + "/predictions", "{\"paramsBefore\": %s, \"pruningRate\": 0.25, \"tokens\": [1e9]}");
        endpoints.put("POST " + f + "/budgets", "{\"paramsBefore\": 3.2e9, \"pruningRate\": 0.25, \"criterion\": %s}");
        endpoints.put("POST " + f + "/budget-checks", "{\"paramsBefore\": 3.2e9, \"pruningRate\": 0.25, \"plannedTokens\": 1e9, \"targetLoss\": %s}");
        endpoints.put("POST " + f + "/validations", "{\"starts\": %s}");
        endpoints.put("POST /api/v1/keys", "{\"name\": %s, \"scopes\": [\"read\"]}");
        List<String[]> defects = List.of(
                new String[] {"string for a number", "\"2.3\""},
                new String[] {"boolean", "true"},
                new String[] {"array", "[1, 2]"},
                new String[] {"object", "{\"a\": 1}"},
                new String[] {"huge number", "1e400"},
                new String[] {"huge negative", "-1e400"},
                new String[] {"huge integer", "123456789012345678901234567890"},
                new String[] {"NaN literal", "NaN"},
                new String[] {"Infinity literal", "Infinity"},
                new String[] {"fraction for a count", "1.5"},
                new String[] {"negative", "-7"},
                new String[] {"NUL in a string", "\"a\\u0000b\""},
                new String[] {"control character", "\"\\u001b[2J\""},
                new String[] {"unpaired surrogate", "\"\\ud800\""},
                new String[] {"deep nesting", "[".repeat(5000) + "]".repeat(5000)},
                new String[] {"unterminated string", "\"abc"},
                new String[] {"trailing comma", "1,"},
                new String[] {"single quotes", "'x'"},
                new String[] {"comment", "/* x */ 1"},
                new String[] {"long string", "\"" + "x".repeat(200_000) + "\""});
        endpoints.forEach((target, template) -> {
            for (String[] defect : defects) {
                corpus.add(request(target + " with " + defect[0], target, "application/json",
                        template.formatted(invalidWrite(target, defect[1]))));
            }
            String whole = template.formatted(invalidWrite(target, "1"));
            corpus.add(request(target + " truncated", target, "application/json", whole.substring(0, whole.length() / 2)));
            corpus.add(request(target + " trailing garbage", target, "application/json", template.formatted("1") + " }x"));
            corpus.add(request(target + " empty body", target, "application/json", ""));
            corpus.add(request(target + " null body", target, "application/json", "null"));
            corpus.add(request(target + " unknown field", target, "application/json", "{\"noSuchField\": 1, \"runs\": 5}"));
            corpus.add(request(target + " over the body limit", target, "application/json",
                    "{\"x\": \"" + "y".repeat(1_100_000) + "\"}"));
            corpus.add(raw(target + " invalid UTF-8", target, "application/json", concat(
                    "{\"displayName\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc0},
                    "\"}".getBytes(StandardCharsets.UTF_8)), true));
            corpus.add(raw(target + " UTF-16 body", target, "application/json; charset=UTF-16",
                    "{\"bootstrapSamples\": \"x\"}".getBytes(StandardCharsets.UTF_16), true));
            corpus.add(request(target + " random bytes", target, "application/json", randomText(300)));
        });
    }

    /**
     * A defective value must not make a valid write. For writes the value goes where it can only be
     * wrong, or next to a defect of its own (a negative loss), so that it is refused either way.
     */
    private static String invalidWrite(String target, String value) {
        if (target.endsWith("/runs")) {
            return "{\"runId\": \"r-fuzz\", \"baseModel\": " + value + ", \"pruningMethod\": \"depth\", \"paramsBefore\": 1000,"
                    + " \"pruningRate\": 0.25, \"checkpoints\": [{\"tokens\": 1, \"loss\": -1}]}";
        }
        if (target.contains("/runs/") && target.startsWith("PUT")) {
            return "{\"baseModel\": " + value + ", \"pruningMethod\": \"depth\", \"paramsBefore\": 1000,"
                    + " \"pruningRate\": 0.25, \"checkpoints\": [{\"tokens\": 1, \"loss\": -1}]}";
        }
        if (target.endsWith("/checkpoints")) {
            return "{\"tokens\": " + value + ", \"loss\": -1}";
        }
        if (target.startsWith("PUT")) {
            return value + ", \"unknown\": true";
        }
        if (target.endsWith("/fits")) {
            return value + ", \"huberDelta\": -1";
        }
        if (target.endsWith("/keys")) {
            return value + ", \"scopes\": [\"root\"]";
        }
        return value;
    }

    private void csvBodies(List<Hostile> corpus) {
        String target = "POST /api/v1/families/" + family + "/runs";
        String header = "family,run_id,base_model,pruning_method,params_before,pruning_rate,tokens,loss";
        String good = family + ",r-fuzz,m,depth,1000,0.25,10,2.5";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("header only", header + "\n");
        bodies.put("empty", "");
        bodies.put("100,000 columns", String.join(",", java.util.Collections.nCopies(100_000, "c")) + "\n" + good + "\n");
        bodies.put("unbalanced quote", header + "\n" + family + ",\"r-fuzz,m,depth,1000,0.25,10,2.5\n");
        bodies.put("NUL in a cell", header + "\n" + family + ",r-fuzz,m\u0000,depth,1000,0.25,10,2.5\n");
        bodies.put("missing columns", "family,run_id\n" + family + ",r-fuzz\n");
        bodies.put("duplicate header", header + ",loss\n" + good + ",2.5\n");
        bodies.put("negative loss", header + "\n" + family + ",r-fuzz,m,depth,1000,0.25,10,-2.5\n");
        bodies.put("NaN loss", header + "\n" + family + ",r-fuzz,m,depth,1000,0.25,10,NaN\n");
        bodies.put("huge tokens", header + "\n" + family + ",r-fuzz,m,depth,1000,0.25,1e400,2.5\n");
        bodies.put("fraction tokens", header + "\n" + family + ",r-fuzz,m,depth,1000,0.25,10.5,-2.5\n");
        bodies.put("other family", header + "\nsomeone-else,r-fuzz,m,depth,1000,0.25,10,2.5\n");
        bodies.put("formula injection with a bad loss", header + "\n" + family + ",r-fuzz,=HYPERLINK(\"x\"),depth,1000,0.25,10,0\n");
        bodies.put("very long line", header + "\n" + family + ",r-fuzz," + "m".repeat(300_000) + ",depth,1000,0.25,10,-1\n");
        bodies.put("CR only line ends", header + "\r" + family + ",r-fuzz,m,depth,1000,0.25,10,-1\r");
        bodies.put("BOM and bad rate", "\uFEFF" + header + "\n" + family + ",r-fuzz,m,depth,1000,1.5,10,2.5\n");
        bodies.put("binary", randomText(2000));
        bodies.forEach((name, body) -> corpus.add(request(target + " CSV " + name, target, "text/csv", body)));
    }

    private void paths(List<Hostile> corpus) {
        List<String> segments = List.of(family + ";x", family + "%2Fx", family + "%00", "..%2F..%2Fetc", "%", family + "%",
                "a".repeat(100_000), "%C0%AE%C0%AE", "UPPER", "a b", "x".repeat(64), "%E2%80%AE", family + "/..", "%252F");
        List<String> templates = List.of("GET /api/v1/families/{s}", "PUT /api/v1/families/{s}", "DELETE /api/v1/families/{s}",
                "GET /api/v1/families/{s}/runs", "DELETE /api/v1/families/" + family + "/runs/{s}",
                "POST /api/v1/families/{s}/predictions", "GET /api/v1/families/{s}/law/plot.svg", "DELETE /api/v1/keys/{s}");
        for (String template : templates) {
            for (String segment : segments) {
                String target = template.replace("{s}", segment);
                String name = template + " with segment " + (segment.length() > 40 ? segment.length() + " characters" : segment);
                corpus.add(template.startsWith("PUT") || template.startsWith("POST")
                        ? request(name, target, "application/json", "{\"displayName\": 5}")
                        : request(name, target, null, null));
            }
        }
    }

    private void headers(List<Hostile> corpus) {
        String runs = "/api/v1/families/" + family + "/runs";
        String target = "POST " + runs;
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary", "multipart/form-data; boundary=\"",
                "application/json; charset=utf-7", "application/json; charset=nonsense", "", ";;;", "text/csv; charset=\"",
                "application/x-www-form-urlencoded", "application/xml")) {
            corpus.add(request(target + " Content-Type '" + type + "'", target, type, "x=1&runs=2"));
            corpus.add(request("GET families Content-Type '" + type + "'", "GET /api/v1/families", type, "x=1"));
        }
        String bad = target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key + "\r\nConnection: close\r\n";
        corpus.add(new Hostile("negative Content-Length", (bad + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("two Content-Lengths", (bad + "Content-Type: application/json\r\nContent-Length: 2\r\n"
                + "Content-Length: 5\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("Content-Length and chunked", (bad + "Content-Type: application/json\r\nContent-Length: 2\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("malformed chunk", (bad + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("chunked over the body limit", chunked("POST /api/v1/families/" + family + "/predictions",
                1_200_000)));
        corpus.add(new Hostile("header without colon", ("GET /api/v1/families HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("40 KB header", ("GET /api/v1/families HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("unknown transfer coding", (bad + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        corpus.add(new Hostile("not HTTP", "\u0016\u0003\u0001\u0000\u00a5hello\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        // (An HTTP/0.9 request is left out: Tomcat answers it the 0.9 way, a bare body without status or headers.)
        corpus.add(new Hostile("HTTP/1.1 without Host", "GET /api/v1/families HTTP/1.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)));
        for (String authorization : List.of("Bearer", "Bearer ", "Bearer " + "k".repeat(10_000), "Basic dXNlcjpwYXNz",
                "Bearer p2law.abc.def", "Bearer " + key + "x", "bearer\u0000" + key, "Digest x")) {
            String write = "DELETE /api/v1/families/" + family;
            corpus.add(new Hostile(write + " with Authorization '" + authorization.substring(0, Math.min(20, authorization.length())) + "'",
                    (write + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1)));
        }
        for (String write : List.of("DELETE /api/v1/families/" + family, "DELETE /api/v1/families/" + family + "/runs/" + runId,
                "PUT /api/v1/families/" + family, "POST /api/v1/families/" + family + "/fits", "POST /api/v1/keys")) {
            corpus.add(new Hostile(write + " without a key", (write + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1)));
        }
        for (String accept : List.of("application/xml", "text/html", "*/*;q=x", "image/png")) {
            corpus.add(new Hostile("Accept " + accept, ("GET /api/v1/families/" + family + " HTTP/1.1\r\nHost: localhost\r\nAccept: "
                    + accept + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    private void methodsAndQueries(List<Hostile> corpus) {
        String f = "/api/v1/families/" + family;
        for (String method : List.of("PATCH", "TRACE", "FOO", "CONNECT", "PROPFIND")) {
            corpus.add(request(method + " family", method + " " + f, null, null));
            corpus.add(request(method + " runs", method + " " + f + "/runs", null, null));
        }
        for (String query : List.of("page=-1", "page=99999999999", "size=0", "size=1e9", "size=abc", "page=1&page=x", "size=%00")) {
            corpus.add(request("runs ?" + query, "GET " + f + "/runs?" + query, null, null));
        }
        for (String query : List.of("form=../../etc", "form=" + "p".repeat(10_000), "form=%00", "form=P2", "limit=-5",
                "limit=99999999999", "limit=x")) {
            corpus.add(request("fits ?" + query, "GET " + f + "/fits?" + query, null, null));
            corpus.add(request("law ?" + query, "GET " + f + "/law?" + query, null, null));
        }
        corpus.add(request("checks ?enforce=maybe", "POST " + f + "/budget-checks?enforce=maybe", "application/json",
                "{\"paramsBefore\": 3.2e9, \"pruningRate\": 0.25, \"plannedTokens\": 1e9, \"targetLoss\": 2.3}"));
        corpus.add(request("checkpoints ?replace=2", "POST " + f + "/runs/" + runId + "/checkpoints?replace=2",
                "application/json", "{\"checkpoints\": [{\"tokens\": 1, \"loss\": 2}]}"));
        corpus.add(request("predictions with 100,000 tokens", "POST " + f + "/predictions", "application/json",
                "{\"paramsBefore\": 3.2e9, \"pruningRate\": 0.25, \"tokens\": [" + "1e9,".repeat(99_999) + "1e9]}"));
        corpus.add(request("predictions with a range of 10^9 points", "POST " + f + "/predictions", "application/json",
                "{\"paramsBefore\": 3.2e9, \"pruningRate\": 0.25, \"range\": {\"from\": 1e8, \"to\": 1e10, \"count\": 1000000000}}"));
        corpus.add(request("fits with 10^9 bootstrap samples", "POST " + f + "/fits", "application/json",
                "{\"bootstrapSamples\": 1000000000}"));
        corpus.add(request("fits with 10^9 starts", "POST " + f + "/fits", "application/json", "{\"starts\": 1000000000}"));
        corpus.add(request("unknown API path", "GET /api/v1/nothing-here", null, null));
        corpus.add(request("keys with 10,000 scopes", "POST /api/v1/keys", "application/json",
                "{\"name\": \"k\", \"scopes\": [" + "\"root\",".repeat(9_999) + "\"root\"]}"));
    }

    private Hostile request(String name, String target, String contentType, String body) {
        return raw(name, target, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), true);
    }

    private Hostile raw(String name, String target, String contentType, byte[] body, boolean withKey) {
        int space = target.indexOf(' ');
        StringBuilder head = new StringBuilder(target.substring(0, space)).append(' ').append(target.substring(space + 1))
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept: application/json, application/problem+json\r\n");
        if (withKey) {
            head.append("Authorization: Bearer ").append(key).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        return new Hostile(name, body == null ? start : concat(start, body));
    }

    private byte[] chunked(String target, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = "9".repeat(8192).getBytes(StandardCharsets.ISO_8859_1);
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x3000));
        }
        return text.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
