package io.p2law.fitting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shared test data under src/test/resources/data, read into the engine's types. */
public final class TestData {

    public static final String DEPTH = "p2-synthetic-llama3-depth.csv";
    static final String TWO_OF_FOUR = "p2-synthetic-llama3-2of4.csv";
    /** One engine for all tests, sized like the service's on this machine; its pool threads are daemons. */
    static final LawFitting FITTING = new LawFitting(2);

    private TestData() {
    }

    /** A synthetic family file: one RunCurve per run_id, in file order. */
    public static List<RunCurve> synthetic(String file) {
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        List<String> lines = lines(file);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] f = line.split(",");
                rows.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
            }
        }
        List<RunCurve> runs = new ArrayList<>();
        rows.forEach((id, rs) -> {
            String[] first = rs.get(0);
            runs.add(new RunCurve(id, new PrunedModel(Double.parseDouble(first[4]), Double.parseDouble(first[5]), Double.parseDouble(first[6]), Double.parseDouble(first[7])),
                    rs.stream().mapToDouble(r -> Double.parseDouble(r[8])).toArray(),
                    rs.stream().mapToDouble(r -> Double.parseDouble(r[9])).toArray()));
        });
        return runs;
    }

    /** flan.csv: one run per model, loss against fine-tuning examples, D = 0 left out, rho = 0. */
    static List<RunCurve> flan() {
        List<String> lines = lines("flan.csv");
        String[] header = lines.get(0).split(",");
        List<RunCurve> runs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            double size = Double.parseDouble(f[header.length - 2]);
            List<double[]> points = new ArrayList<>();
            for (int c = 1; c < header.length - 2; c++) {
                double examples = Double.parseDouble(header[c]);
                if (examples > 0 && !f[c].isBlank()) {
                    points.add(new double[] {examples, Double.parseDouble(f[c])});
                }
            }
            runs.add(new RunCurve(f[0], new PrunedModel(size, size, 0, null), points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        return runs;
    }

    /** The true P2 constants of a synthetic family, in the p2 form's order. */
    static double[] truth(String family) {
        JsonNode params = json().get(family).get("params");
        return new double[] {params.get("gamma").asDouble(), params.get("delta").asDouble(),
                params.get("alpha").asDouble(), params.get("beta").asDouble(), params.get("NC").asDouble(),
                params.get("DC").asDouble(), params.get("E").asDouble()};
    }

    static double noiseSigma(String family) {
        return json().get(family).get("noise").get("sigma").asDouble();
    }

    private static JsonNode json() {
        return JsonMapper.builder().build().readTree(String.join("\n", lines("p2-synthetic-truth.json")));
    }

    private static List<String> lines(String file) {
        try (InputStream in = TestData.class.getResourceAsStream("/data/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test data " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
