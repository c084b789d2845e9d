package io.p2law.law.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.p2law.law.web.LossCurvePlot.Chart;
import io.p2law.law.web.LossCurvePlot.Series;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LossCurvePlotTests {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private final LossCurvePlot plot = new LossCurvePlot();

    @Test
    void aForecastIsADashedLineInsideItsBandInTheRunsColourAndATargetIsALine() throws Exception {
        var forecast = new LossCurvePlot.Forecast("b", new double[] {2e8, 1e8, 4e8, Double.NaN},
                new double[] {2.15, 2.2, 2.1, 2.0}, new double[] {2.1, 2.15, 2.05, 1.9},
                new double[] {2.2, 2.25, 2.15, 2.1}, 0.9);
        var chart = new Chart("f", "", List.of(
                new Series("a", new double[] {1e7}, new double[] {3.0}, new double[0], new double[0]),
                new Series("b", new double[] {1e7, 1e8}, new double[] {2.5, 2.2}, new double[0], new double[0])),
                forecast, 1.8);

        Element root = parse(plot.render(chart)).getDocumentElement();

        Element band = byClass(root, "forecast-band").get(0);
        Element curve = byClass(root, "forecast-curve").get(0);
        assertThat(band.getAttribute("points").split(" ")).hasSize(6);
        assertThat(curve.getAttribute("points").split(" ")).hasSize(3);
        assertThat(curve.getAttribute("stroke-dasharray")).isEqualTo("6 4");
        assertThat(curve.getAttribute("stroke")).isEqualTo(band.getAttribute("fill")).isEqualTo("#E69F00");
        // token order: the curve's x coordinates increase although the input was not sorted
        double[] xs = Arrays.stream(curve.getAttribute("points").split(" "))
                .mapToDouble(p -> Double.parseDouble(p.split(",")[0])).toArray();
        assertThat(xs).isSorted();
        assertThat(byClass(root, "target-label")).extracting(Element::getTextContent).containsExactly("target 1.8");
        assertThat(byClass(root, "legend-key")).extracting(Element::getTextContent)
                .contains("forecast, 90 % interval", "target loss");
    }

    @Test
    void drawsOneCurvePerRunAndOneMarkerPerFiniteCheckpoint() throws Exception {
        var chart = new Chart("llama3-depth", "p2 fit", List.of(
                new Series("a", new double[] {1e7, 2e7, Double.NaN, 0, -5, 4e7, 8e7},
                        new double[] {3.0, 2.9, 2.8, 2.7, 2.6, Double.POSITIVE_INFINITY, 2.5},
                        new double[] {1e7, 1e8}, new double[] {3.0, 2.4}),
                new Series("b", new double[] {1e7, 1e8}, new double[] {2.5, 2.2},
                        new double[] {1e7, 5e7, 1e8}, new double[] {2.5, 2.3, 2.2}),
                new Series("c", new double[] {3e7}, new double[] {2.1}, new double[0], new double[0])));

        String svg = plot.render(chart);
        Element root = parse(svg).getDocumentElement();

        assertThat(root.getNamespaceURI()).isEqualTo(SVG_NS);
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + root.getAttribute("width") + " "
                + root.getAttribute("height"));
        assertThat(byClass(root, "curve")).hasSize(2);
        assertThat(byClass(root, "markers")).extracting(LossCurvePlotTests::markerCount).containsExactly(3, 2, 1);
        assertThat(byClass(root, "legend-label")).extracting(Element::getTextContent)
                .containsExactly("a", "b", "c");
        assertThat(plot.render(chart)).isEqualTo(svg);
    }

    @Test
    void placesTokensOnALogScale() throws Exception {
        Element root = render(new double[] {1e8, 1e9, 1e10}, new double[] {2.0, 2.5, 3.0});

        List<Double> xs = markerCentres(root, 0);
        List<Double> ys = markerCentres(root, 1);
        assertThat(xs.get(1) - xs.get(0)).isCloseTo(xs.get(2) - xs.get(1), within(0.2));
        assertThat(ys.get(0) - ys.get(1)).isCloseTo(ys.get(1) - ys.get(2), within(0.2));
        assertThat(ys.get(0)).isGreaterThan(ys.get(2));
    }

    @Test
    void labelsEveryPowerOfTenInRangeAndOnlyThoseOnAWideRange() throws Exception {
        Element root = render(new double[] {1e7, 1e12}, new double[] {2.0, 3.0});

        assertThat(byClass(root, "x-tick-label")).extracting(Element::getTextContent)
                .containsExactly("10M", "100M", "1B", "10B", "100B", "1T");
    }

    @Test
    void addsTwoAndFiveTimesPowersOfTenOnANarrowRange() throws Exception {
        Element root = render(new double[] {2e7, 1e9}, new double[] {2.0, 3.0});

        List<Element> labels = byClass(root, "x-tick-label");
        assertThat(labels).extracting(Element::getTextContent)
                .containsExactly("20M", "50M", "100M", "200M", "500M", "1B");
        assertThat(labels).extracting(e -> Double.parseDouble(e.getAttribute("x"))).isSorted();
        assertThat(Double.parseDouble(labels.get(5).getAttribute("x")))
                .isCloseTo(markerCentres(root, 0).get(1), within(0.2));
    }

    @Test
    void labelsTheLossAxisWithRoundNumbers() throws Exception {
        Element root = render(new double[] {1e8, 1e9}, new double[] {2.01, 2.84});

        assertThat(byClass(root, "y-tick-label")).extracting(Element::getTextContent)
                .containsExactly("2.0", "2.2", "2.4", "2.6", "2.8");
    }

    @Test
    void escapesMarkupFromUsers() throws Exception {
        String label = "run <b> & \"quoted\" 'x'";
        var chart = new Chart("family <&\">", "sub & title\u0000",
                List.of(new Series(label, new double[] {1e8}, new double[] {2.0}, null, null)));

        String svg = plot.render(chart);
        Element root = parse(svg).getDocumentElement();

        assertThat(svg).doesNotContain("<b>");
        assertThat(byClass(root, "title").get(0).getTextContent()).isEqualTo("family <&\">");
        assertThat(byClass(root, "subtitle").get(0).getTextContent()).isEqualTo("sub & title");
        assertThat(byClass(root, "legend-label").get(0).getTextContent()).isEqualTo(label);
    }

    @Test
    void shortensLongLegendLabelsButKeepsThemAsTooltips() throws Exception {
        String label = "a-very-long-run-identifier-that-would-overflow-the-legend";
        var chart = new Chart("t", "s", List.of(new Series(label, new double[] {1e8}, new double[] {2.0}, null, null)));

        Element entry = byClass(parse(plot.render(chart)).getDocumentElement(), "legend-entry").get(0);

        assertThat(entry.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent()).isEqualTo(label);
        assertThat(byClass(entry, "legend-label").get(0).getTextContent()).endsWith("…").hasSizeLessThan(30);
    }

    @Test
    void neverWritesNonFiniteNumbersForDegenerateInput() throws Exception {
        Map<String, Series> cases = new LinkedHashMap<>();
        cases.put("single point", new Series("one", new double[] {5e8}, new double[] {2.3}, null, null));
        cases.put("identical values", new Series("same", new double[] {5e8, 5e8}, new double[] {2.3, 2.3},
                new double[] {5e8, 5e8}, new double[] {2.3, 2.3}));
        cases.put("zero loss", new Series("zero", new double[] {1, 1}, new double[] {0, 0}, null, null));
        cases.put("huge values", new Series("huge", new double[] {Double.MAX_VALUE, Double.MIN_VALUE},
                new double[] {Double.MAX_VALUE, -Double.MAX_VALUE}, new double[] {1e300, 1e301},
                new double[] {1e9, -1e9}));
        cases.put("mismatched lengths", new Series("short", new double[] {1e8, 2e8, 3e8}, new double[] {2.0},
                new double[] {1e8}, new double[] {2.0, 3.0}));
        cases.put("curve only", new Series("fit", null, null, new double[] {1e8, 1e9}, new double[] {2.5, 2.1}));
        cases.put("nothing finite", new Series(null, new double[] {Double.NaN}, new double[] {Double.NaN},
                new double[] {Double.POSITIVE_INFINITY}, new double[] {1}));

        for (var c : cases.entrySet()) {
            String svg = plot.render(new Chart(c.getKey(), null, List.of(c.getValue())));
            parse(svg);
            assertThat(svg).as(c.getKey()).doesNotContain("NaN").doesNotContain("Infinity");
        }
    }

    @Test
    void saysSoWhenThereIsNothingToDraw() throws Exception {
        for (Chart chart : List.of(new Chart("empty", "", List.of()), new Chart(null, null, null),
                new Chart("nan", "", List.of(new Series("x", new double[] {Double.NaN}, new double[] {1}, null, null))))) {
            Element root = parse(plot.render(chart)).getDocumentElement();

            assertThat(byClass(root, "no-data")).singleElement()
                    .extracting(Element::getTextContent).asString().startsWith("No data");
            assertThat(byClass(root, "curve")).isEmpty();
            assertThat(root.getElementsByTagNameNS(SVG_NS, "path").getLength()).isZero();
        }
    }

    @Test
    void tellsFortyRunsApartByColourShapeOrLineStyleAndKeepsTheLegendInside() throws Exception {
        List<Series> series = IntStream.range(0, 40)
                .mapToObj(i -> new Series("run " + i, new double[] {1e8}, new double[] {2 + i / 10.0},
                        new double[] {1e8, 1e9}, new double[] {2 + i / 10.0, 1.9 + i / 10.0}))
                .toList();
        Element root = parse(plot.render(new Chart("many", "", series))).getDocumentElement();

        List<String> looks = byClass(root, "legend-entry").stream().map(LossCurvePlotTests::look).toList();
        assertThat(looks).hasSize(40).doesNotHaveDuplicates();
        double height = Double.parseDouble(root.getAttribute("height"));
        List<Element> labels = byClass(root, "legend-label");
        assertThat(Double.parseDouble(labels.get(39).getAttribute("y"))).isLessThan(height);
    }

    @Test
    void thinsADenseRunKeepingItsHighestAndLowestLoss() throws Exception {
        int n = 5000;
        double[] tokens = IntStream.range(0, n).mapToDouble(i -> 1e7 * Math.pow(1000, i / (n - 1.0))).toArray();
        double[] loss = IntStream.range(0, n).mapToDouble(i -> 3 - i / (double) n).toArray();
        loss[1234] = 4.0;
        loss[3456] = 1.0;
        Element root = render(tokens, loss);

        List<Double> ys = markerCentres(root, 1);
        assertThat(ys.size()).isLessThanOrEqualTo(LossCurvePlot.MAX_MARKERS_PER_RUN).isGreaterThan(100);
        Element plain = render(new double[] {tokens[0], tokens[1234], tokens[3456], tokens[n - 1]},
                new double[] {loss[0], 4.0, 1.0, loss[n - 1]});
        // the spike and the dip are drawn where they would be without thinning
        assertThat(ys).contains(markerCentres(plain, 1).get(1), markerCentres(plain, 1).get(2));
        assertThat(markerCentres(root, 0)).isSorted();
    }

    @Test
    void listsTheRunsInTheOrderTheirCurvesStandAtTheRightEnd() throws Exception {
        var chart = new Chart("t", "s", List.of(
                new Series("low", null, null, new double[] {1e8, 1e9}, new double[] {2.5, 2.0}),
                new Series("high", null, null, new double[] {1e8, 1e9}, new double[] {2.6, 2.4}),
                new Series("crossing", null, null, new double[] {1e8, 1e9}, new double[] {3.0, 2.2})));

        Element root = parse(plot.render(chart)).getDocumentElement();

        assertThat(byClass(root, "legend-label")).extracting(Element::getTextContent)
                .containsExactly("high", "crossing", "low");
    }

    @Test
    void givesTwelveRunsTwelveColoursAndGroupsMoreBySizeAndRate() throws Exception {
        List<Series> twelve = manyRuns(12, 1);
        Element few = parse(plot.render(new Chart("t", "s", twelve))).getDocumentElement();
        assertThat(byClass(few, "markers")).extracting(g -> g.getAttribute("fill")).doesNotHaveDuplicates();
        assertThat(byClass(few, "legend-entry")).hasSize(12);

        Element many = parse(plot.render(new Chart("t", "s", manyRuns(100, 10)))).getDocumentElement();
        assertThat(byClass(many, "legend-heading")).extracting(Element::getTextContent)
                .containsExactly("100 runs · model size (colour)", "pruning rate (marker)");
        assertThat(byClass(many, "legend-label")).extracting(Element::getTextContent)
                .containsExactly("N0 1B", "N0 2B", "N0 3B", "N0 4B", "N0 5B", "ρ 10 %", "ρ 20 %", "ρ 30 %", "ρ 40 %");
        assertThat(byClass(many, "markers")).extracting(g -> g.getAttribute("fill")).containsOnly(
                "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7");
    }

    @Test
    void aHundredRunsOfAThousandCheckpointsStayUnderHalfAMegabyte() throws Exception {
        String svg = plot.render(new Chart("a hundred runs", "5 sizes × 4 rates, 1,000 checkpoints each", manyRuns(100, 1000)));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/plot-100-runs.svg"), svg);

        assertThat(svg.getBytes(StandardCharsets.UTF_8).length).isLessThan(500_000);
    }

    /** Runs of five sizes and four rates, each with {@code checkpoints} noisy checkpoints and a curve. */
    static List<Series> manyRuns(int runs, int checkpoints) {
        var random = new java.util.Random(7);
        return IntStream.range(0, runs).mapToObj(r -> {
            double size = (1 + r % 5) * 1e9;
            double rate = 0.1 * (1 + (r / 5) % 4);
            double[] tokens = IntStream.range(0, checkpoints)
                    .mapToDouble(i -> 1e7 * Math.pow(1000, checkpoints == 1 ? 1 : i / (checkpoints - 1.0))).toArray();
            double[] loss = java.util.Arrays.stream(tokens)
                    .map(t -> 2 + rate + 1 / Math.log10(size) + 2 / Math.log10(t) + 0.01 * random.nextGaussian()).toArray();
            double[] curve = IntStream.rangeClosed(0, 60).mapToDouble(i -> 1e7 * Math.pow(1000, i / 60.0)).toArray();
            double[] curveLoss = java.util.Arrays.stream(curve).map(t -> 2 + rate + 1 / Math.log10(size) + 2 / Math.log10(t)).toArray();
            return new Series("run-" + r, tokens, loss, curve, curveLoss, size, rate);
        }).toList();
    }

    /** The sample a person looks at: target/plot-sample.svg, nine runs with their true P2 curves. */
    @Test
    void drawsTheNineSyntheticDepthRuns() throws Exception {
        List<Series> series = syntheticDepthRuns();
        String svg = plot.render(new Chart("llama3-depth: P2 law",
                "9 runs, depth pruning of Llama 3 models, curves from the generating constants", series));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/plot-sample.svg"), svg);

        Element root = parse(svg).getDocumentElement();
        assertThat(series).hasSize(9);
        assertThat(byClass(root, "curve")).hasSize(9);
        assertThat(byClass(root, "markers").stream().mapToInt(LossCurvePlotTests::markerCount).sum()).isEqualTo(450);
        assertThat(byClass(root, "x-tick-label")).extracting(Element::getTextContent).contains("100M", "1B");
    }

    private static List<Series> syntheticDepthRuns() throws Exception {
        JsonNode law;
        try (InputStream in = LossCurvePlotTests.class.getResourceAsStream("/data/p2-synthetic-truth.json")) {
            law = JsonMapper.builder().build().readTree(in).get("llama3-depth").get("params");
        }
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/data/p2-synthetic-llama3-depth.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
        }
        var series = new ArrayList<Series>();
        rows.forEach((run, checkpoints) -> {
            double[] tokens = checkpoints.stream().mapToDouble(f -> Double.parseDouble(f[8])).toArray();
            double[] loss = checkpoints.stream().mapToDouble(f -> Double.parseDouble(f[9])).toArray();
            String[] first = checkpoints.get(0);
            double n0 = Double.parseDouble(first[4]) / 1e9;
            double rate = Double.parseDouble(first[6]);
            double lossBefore = Double.parseDouble(first[7]);
            double[] curveTokens = IntStream.rangeClosed(0, 60)
                    .mapToDouble(i -> 2e7 * Math.pow(1e9 / 2e7, i / 60.0)).toArray();
            double[] curveLoss = Arrays.stream(curveTokens)
                    .map(d -> lossBefore + Math.pow(1 / rate, law.get("gamma").asDouble())
                            * Math.pow(1 / n0, law.get("delta").asDouble())
                            * (law.get("NC").asDouble() / Math.pow(n0, law.get("alpha").asDouble())
                            + law.get("DC").asDouble() / Math.pow(d / 1e9, law.get("beta").asDouble())
                            + law.get("E").asDouble()))
                    .toArray();
            series.add(new Series(run, tokens, loss, curveTokens, curveLoss));
        });
        return series;
    }

    private Element render(double[] tokens, double[] loss) throws Exception {
        return parse(plot.render(new Chart("t", "s", List.of(new Series("r", tokens, loss, null, null)))))
                .getDocumentElement();
    }

    /** Marker centres of the first run along one coordinate: the run's marker path has one "M x y" per marker. */
    private static List<Double> markerCentres(Element root, int coordinate) {
        return centresIn(byClass(root, "markers").get(0), coordinate);
    }

    private static List<Double> centresIn(Element markers, int coordinate) {
        String d = ((Element) markers.getElementsByTagNameNS(SVG_NS, "path").item(0)).getAttribute("d");
        return java.util.Arrays.stream(d.split("M")).filter(part -> !part.isEmpty())
                .map(part -> Double.parseDouble(part.split("[ m]")[coordinate]))
                .toList();
    }

    private static int markerCount(Element markers) {
        NodeList paths = markers.getElementsByTagNameNS(SVG_NS, "path");
        return paths.getLength() == 0 ? 0 : centresIn(markers, 0).size();
    }

    private static String look(Element legendEntry) {
        Element line = (Element) legendEntry.getElementsByTagNameNS(SVG_NS, "line").item(0);
        Element marker = (Element) legendEntry.getElementsByTagNameNS(SVG_NS, "path").item(0);
        Element markerGroup = (Element) marker.getParentNode();
        return line.getAttribute("stroke") + "|" + line.getAttribute("stroke-dasharray") + "|"
                + markerGroup.getAttribute("fill") + "|" + marker.getAttribute("d").replaceFirst("^M[^m]*", "");
    }

    private static List<Element> byClass(Element root, String cssClass) {
        NodeList all = root.getElementsByTagNameNS(SVG_NS, "*");
        return IntStream.range(0, all.getLength())
                .mapToObj(i -> (Element) all.item(i))
                .filter(e -> e.getAttribute("class").equals(cssClass))
                .toList();
    }

    private static Document parse(String svg) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
