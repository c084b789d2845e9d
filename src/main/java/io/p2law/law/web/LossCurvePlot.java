package io.p2law.law.web;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Draws the observed checkpoints and the fitted loss curves of a family's runs as a standalone
 * SVG 1.1 document: log-scaled token axis, linear loss axis, legend on the right listing the runs in
 * the order their curves stand at the right end (highest first). Up to {@value #DISTINCT_RUNS} runs
 * each get their own colour; beyond that, runs are told apart by group: colour by model size, marker
 * and line style by pruning rate. Dense runs are thinned to a few hundred checkpoints each, keeping
 * each stretch's highest and lowest loss, so the document stays small for any family. Output depends
 * only on the input.
 */
final class LossCurvePlot {

    /**
     * @param forecast one run's forecast drawn as a dashed continuation with its interval band, or null
     * @param target a target loss drawn as a horizontal line, or null
     */
    record Chart(String title, String subtitle, List<Series> series, Forecast forecast, Double target) {

        Chart(String title, String subtitle, List<Series> series) {
            this(title, subtitle, series, null, null);
        }
    }

    /** A run's forecast: loss and interval at {@code level} after each token count; {@code label} names the run. */
    record Forecast(String label, double[] tokens, double[] loss, double[] lower, double[] upper, double level) {
    }

    /** One run; {@code paramsBefore} and {@code pruningRate} group runs when there are many (NaN: unknown). */
    record Series(String label, double[] observedTokens, double[] observedLoss,
                  double[] curveTokens, double[] curveLoss, double paramsBefore, double pruningRate) {

        Series(String label, double[] observedTokens, double[] observedLoss, double[] curveTokens, double[] curveLoss) {
            this(label, observedTokens, observedLoss, curveTokens, curveLoss, Double.NaN, Double.NaN);
        }
    }

    /** More runs than this are coloured by model size and marked by pruning rate. */
    static final int DISTINCT_RUNS = 12;
    // Checkpoints drawn per run: at most this many, fewer when many runs share the picture.
    static final int MAX_MARKERS_PER_RUN = 300;
    private static final int MIN_MARKERS_PER_RUN = 40;
    private static final int MAX_MARKERS = 6000;

    private static final int WIDTH = 960;
    private static final int MIN_HEIGHT = 540;
    private static final int LEFT = 76;
    private static final int TOP = 72;
    private static final int BOTTOM_MARGIN = 60;
    private static final int LEGEND_WIDTH = 220;
    private static final int LEGEND_GAP = 28;
    private static final int LEGEND_ROW = 18;
    private static final int LEGEND_LABEL_CHARS = 26;
    private static final int TITLE_CHARS = 76;
    private static final int SUBTITLE_CHARS = 110;

    // Losses beyond this are corrupt values, and keeping them would overflow the scale arithmetic.
    private static final double MAX_LOSS = 1e9;

    // Okabe–Ito without its yellow (unreadable on white), then five more of Paul Tol's: twelve apart.
    private static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
        "#000000", "#882255", "#999933", "#332288", "#AA4499", "#888888"};
    // After the colours run out the line style changes too, so no two runs look alike.
    private static final String[] DASHES = {"", "7 4", "2 3"};
    // Marker outlines relative to the point; 6 shapes against 7 colours repeat only after 42 runs.
    private static final String[] SHAPES = {
        "m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0z",
        "m-3 -3h6v6h-6z",
        "m0 -4.2l4 6.6h-8z",
        "m0 -4.3l4.3 4.3l-4.3 4.3l-4.3 -4.3z",
        "m0 4.2l4 -6.6h-8z",
        "m-1.3 -4h2.6v2.7h2.7v2.6h-2.7v2.7h-2.6v-2.7h-2.7v-2.6h2.7z",
    };

    private static final String GRID = " stroke=\"#dddddd\"";
    private static final String MINOR_GRID = " stroke=\"#f0f0f0\"";
    private static final String AXIS = " stroke=\"#666666\"";
    private static final String KEY = " stroke=\"#777777\" stroke-width=\"2\"";
    private static final String FORECAST_DASH = "6 4";
    private static final String TARGET_COLOUR = "#D55E00";
    private static final String TARGET = " stroke=\"" + TARGET_COLOUR + "\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"";

    private record Point(double tokens, double loss) {
    }

    private record Run(String label, List<Point> observed, List<Point> curve, double size, double rate) {

        /** Where the run stands at its right end: its curve's last loss, else its last checkpoint's. */
        double endLoss() {
            List<Point> end = curve.isEmpty() ? observed : curve;
            return end.isEmpty() ? Double.NEGATIVE_INFINITY : end.get(end.size() - 1).loss();
        }
    }

    /** How a run is drawn. */
    private record Style(String colour, String shape, String dash) {
    }

    private record Box(double left, double top, double right, double bottom) {
    }

    /** Maps an interval of data values linearly onto an interval of pixels. */
    private record Scale(double lo, double hi, double from, double to) {
        double at(double value) {
            return from + (value - lo) / (hi - lo) * (to - from);
        }
    }

    private record Tick(double value, boolean major, String label) {
    }

    String render(Chart chart) {
        List<Run> runs = new ArrayList<>(runsOf(chart));
        runs.sort(Comparator.comparingDouble(Run::endLoss).reversed());
        List<Point> all = new ArrayList<>(runs.stream()
                .flatMap(r -> Stream.concat(r.observed().stream(), r.curve().stream())).toList());
        Band band = bandOf(chart);
        boolean target = chart != null && chart.target() != null && Double.isFinite(chart.target())
                && Math.abs(chart.target()) <= MAX_LOSS;
        if (!all.isEmpty()) {
            all.addAll(band.upper());
            all.addAll(band.lower());
            if (target) {
                all.add(new Point(all.get(0).tokens(), chart.target()));
            }
        }
        Legend legend = Legend.of(runs);
        int height = all.isEmpty() ? MIN_HEIGHT
                : Math.max(MIN_HEIGHT, TOP + (legend.rows() + 3 + (band.center().isEmpty() ? 0 : 1) + (target ? 1 : 0))
                        * LEGEND_ROW + BOTTOM_MARGIN);
        Box box = new Box(LEFT, TOP, WIDTH - LEGEND_WIDTH - LEGEND_GAP, height - BOTTOM_MARGIN);
        var svg = new StringBuilder(8192);
        header(svg, chart, height);
        if (all.isEmpty()) {
            noData(svg, box);
        } else {
            Scale x = tokenScale(all, box);
            Scale y = lossScale(all, box);
            List<Tick> xTicks = logTicks(x.lo(), x.hi());
            List<Tick> yTicks = linearTicks(y.lo(), y.hi());
            grid(svg, box, x, y, xTicks, yTicks);
            axes(svg, box, x, y, xTicks, yTicks);
            for (int i = 0; i < runs.size(); i++) {
                run(svg, runs.get(i), legend.styles().get(i), x, y);
            }
            if (!band.center().isEmpty()) {
                int index = indexOf(runs, band.label());
                forecast(svg, band, index < 0 ? KEY_STYLE.colour() : legend.styles().get(index).colour(), x, y);
            }
            if (target) {
                targetLine(svg, chart.target(), box, y);
            }
            legend(svg, runs, legend, box.right() + LEGEND_GAP, box.top(), band, target);
        }
        return svg.append("</svg>\n").toString();
    }

    private static List<Run> runsOf(Chart chart) {
        if (chart == null || chart.series() == null) {
            return List.of();
        }
        int markers = Math.max(MIN_MARKERS_PER_RUN, Math.min(MAX_MARKERS_PER_RUN,
                MAX_MARKERS / Math.max(1, chart.series().size())));
        return chart.series().stream()
                .map(s -> s == null ? new Run("", List.of(), List.of(), Double.NaN, Double.NaN) : new Run(textOf(s.label()),
                        thinned(plottable(s.observedTokens(), s.observedLoss()), markers),
                        plottable(s.curveTokens(), s.curveLoss()).stream()
                                .sorted(Comparator.comparingDouble(Point::tokens)).toList(),
                        s.paramsBefore(), s.pruningRate()))
                .toList();
    }

    /**
     * At most {@code max} of the points: the first, the last, and in each of equal stretches of
     * log-tokens between them the lowest and the highest loss, in token order. A spike or a dip in
     * a long run stays visible; what is dropped lies between points that are kept.
     */
    static List<Point> thinned(List<Point> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<Point> sorted = points.stream().sorted(Comparator.comparingDouble(Point::tokens)).toList();
        int buckets = Math.max(1, (max - 2) / 2);
        double lo = Math.log(sorted.get(0).tokens());
        double span = Math.log(sorted.get(sorted.size() - 1).tokens()) - lo;
        int[] lowest = new int[buckets];
        int[] highest = new int[buckets];
        java.util.Arrays.fill(lowest, -1);
        java.util.Arrays.fill(highest, -1);
        for (int i = 1; i < sorted.size() - 1; i++) {
            int b = span > 0 ? (int) Math.min(buckets - 1, (Math.log(sorted.get(i).tokens()) - lo) / span * buckets)
                    : (int) ((long) i * buckets / sorted.size());
            double loss = sorted.get(i).loss();
            if (lowest[b] < 0 || loss < sorted.get(lowest[b]).loss()) {
                lowest[b] = i;
            }
            if (highest[b] < 0 || loss > sorted.get(highest[b]).loss()) {
                highest[b] = i;
            }
        }
        java.util.TreeSet<Integer> kept = new java.util.TreeSet<>(List.of(0, sorted.size() - 1));
        for (int b = 0; b < buckets; b++) {
            if (lowest[b] >= 0) {
                kept.add(lowest[b]);
                kept.add(highest[b]);
            }
        }
        return kept.stream().map(sorted::get).toList();
    }

    /**
     * How runs are told apart and listed. Up to {@link #DISTINCT_RUNS} runs, or when the runs' sizes
     * and rates are not all known: one legend row per run. Otherwise: colour by model size, marker
     * and line style by pruning rate, and a legend of sizes and rates.
     */
    private record Legend(List<Style> styles, List<Double> sizes, List<Double> rates) {

        static Legend of(List<Run> runs) {
            boolean grouped = runs.size() > DISTINCT_RUNS
                    && runs.stream().allMatch(r -> Double.isFinite(r.size()) && Double.isFinite(r.rate()));
            List<Style> styles = new ArrayList<>(runs.size());
            if (!grouped) {
                for (int i = 0; i < runs.size(); i++) {
                    int round = i / COLOURS.length;
                    styles.add(new Style(COLOURS[i % COLOURS.length], SHAPES[(i + round) % SHAPES.length],
                            DASHES[round % DASHES.length]));
                }
                return new Legend(styles, List.of(), List.of());
            }
            List<Double> sizes = runs.stream().map(Run::size).distinct().sorted().toList();
            List<Double> rates = runs.stream().map(Run::rate).distinct().sorted().toList();
            for (Run run : runs) {
                int rate = rates.indexOf(run.rate());
                styles.add(new Style(COLOURS[sizes.indexOf(run.size()) % COLOURS.length],
                        SHAPES[rate % SHAPES.length], DASHES[(rate / SHAPES.length) % DASHES.length]));
            }
            return new Legend(styles, sizes, rates);
        }

        boolean grouped() {
            return !sizes.isEmpty();
        }

        int rows() {
            return grouped() ? sizes.size() + rates.size() + 3 : styles.size();
        }
    }

    /** The forecast's points that have a loss and both bounds, in token order. */
    private record Band(String label, double level, List<Point> center, List<Point> lower, List<Point> upper) {
    }

    private static Band bandOf(Chart chart) {
        Forecast f = chart == null ? null : chart.forecast();
        if (f == null || f.tokens() == null || f.loss() == null || f.lower() == null || f.upper() == null) {
            return new Band("", 0, List.of(), List.of(), List.of());
        }
        List<Point> center = new ArrayList<>();
        List<Point> lower = new ArrayList<>();
        List<Point> upper = new ArrayList<>();
        int n = Math.min(Math.min(f.tokens().length, f.loss().length), Math.min(f.lower().length, f.upper().length));
        for (int i = 0; i < n; i++) {
            double t = f.tokens()[i];
            double[] values = {f.loss()[i], f.lower()[i], f.upper()[i]};
            if (Double.isFinite(t) && t > 0 && Arrays.stream(values).allMatch(v -> Double.isFinite(v)
                    && Math.abs(v) <= MAX_LOSS)) {
                center.add(new Point(t, values[0]));
                lower.add(new Point(t, values[1]));
                upper.add(new Point(t, values[2]));
            }
        }
        Comparator<Point> byTokens = Comparator.comparingDouble(Point::tokens);
        center.sort(byTokens);
        lower.sort(byTokens);
        upper.sort(byTokens);
        return new Band(textOf(f.label()), f.level(), center, lower, upper);
    }

    private static int indexOf(List<Run> runs, String label) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /** The band as one closed polygon (upper bound forward, lower bound back), the forecast dashed over it. */
    private static void forecast(StringBuilder svg, Band band, String colour, Scale x, Scale y) {
        svg.append("<g class=\"forecast\">\n<polygon class=\"forecast-band\" fill=\"").append(colour)
                .append("\" fill-opacity=\"0.18\" stroke=\"none\" points=\"");
        List<Point> outline = new ArrayList<>(band.upper());
        for (int i = band.lower().size() - 1; i >= 0; i--) {
            outline.add(band.lower().get(i));
        }
        points(svg, outline, x, y);
        svg.append("\"/>\n<polyline class=\"forecast-curve\" fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2\" stroke-dasharray=\"").append(FORECAST_DASH).append("\" points=\"");
        points(svg, band.center(), x, y);
        svg.append("\"/>\n</g>\n");
    }

    private static void targetLine(StringBuilder svg, double target, Box box, Scale y) {
        double at = y.at(target);
        svg.append("<g class=\"target\">\n");
        line(svg, box.left(), at, box.right(), at, TARGET);
        text(svg, "target-label", box.right() - 4, at - 5, "end", "fill=\"" + TARGET_COLOUR + "\"",
                "target " + BigDecimal.valueOf(target).round(new MathContext(4)).stripTrailingZeros().toPlainString());
        svg.append("</g>\n");
    }

    private static void points(StringBuilder svg, List<Point> points, Scale x, Scale y) {
        for (Point p : points) {
            svg.append(num(x.at(Math.log10(p.tokens())))).append(',').append(num(y.at(p.loss()))).append(' ');
        }
        if (!points.isEmpty()) {
            svg.setLength(svg.length() - 1);
        }
    }

    private static List<Point> plottable(double[] tokens, double[] loss) {
        if (tokens == null || loss == null) {
            return List.of();
        }
        var points = new ArrayList<Point>();
        for (int i = 0; i < Math.min(tokens.length, loss.length); i++) {
            double t = tokens[i];
            double l = loss[i];
            if (Double.isFinite(t) && t > 0 && Double.isFinite(l) && Math.abs(l) <= MAX_LOSS) {
                points.add(new Point(t, l));
            }
        }
        return points;
    }

    private static void header(StringBuilder svg, Chart chart, int height) {
        String title = chart == null ? "" : textOf(chart.title());
        String subtitle = chart == null ? "" : textOf(chart.subtitle());
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
        text(svg, "title", LEFT, 30, "start", "font-size=\"18\" font-weight=\"bold\"", shortened(title, TITLE_CHARS));
        text(svg, "subtitle", LEFT, 52, "start", "font-size=\"13\" fill=\"#555555\"",
                shortened(subtitle, SUBTITLE_CHARS));
    }

    private static void noData(StringBuilder svg, Box box) {
        svg.append("<rect x=\"").append(num(box.left())).append("\" y=\"").append(num(box.top()))
                .append("\" width=\"").append(num(WIDTH - 2 * LEFT)).append("\" height=\"")
                .append(num(box.bottom() - box.top())).append("\" fill=\"none\" stroke=\"#cccccc\"/>\n");
        text(svg, "no-data", WIDTH / 2.0, (box.top() + box.bottom()) / 2, "middle",
                "font-size=\"16\" fill=\"#555555\"", "No data to plot: no observed checkpoints and no fitted curve");
    }

    private static Scale tokenScale(List<Point> points, Box box) {
        double lo = points.stream().mapToDouble(p -> Math.log10(p.tokens())).min().orElseThrow();
        double hi = points.stream().mapToDouble(p -> Math.log10(p.tokens())).max().orElseThrow();
        // At least one decade, so that some ticks at 1, 2 or 5 times a power of ten are in range.
        double pad = Math.max(0.04 * (hi - lo), (1 - (hi - lo)) / 2);
        return new Scale(lo - pad, hi + pad, box.left(), box.right());
    }

    private static Scale lossScale(List<Point> points, Box box) {
        double lo = points.stream().mapToDouble(Point::loss).min().orElseThrow();
        double hi = points.stream().mapToDouble(Point::loss).max().orElseThrow();
        double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(0.05 * Math.abs(lo), 0.05);
        return new Scale(lo - pad, hi + pad, box.bottom(), box.top());
    }

    /** Ticks in log10 space: labelled powers of ten, minor ticks between, 2× and 5× labelled when the range is narrow. */
    private static List<Tick> logTicks(double lo, double hi) {
        int first = (int) Math.floor(lo);
        int last = (int) Math.ceil(hi);
        int labelEvery = Math.max(1, (int) Math.ceil((last - first) / 10.0));
        boolean labelTwoAndFive = hi - lo < 2.5;
        boolean minor = last - first <= 8;
        var ticks = new ArrayList<Tick>();
        for (int power = first; power <= last; power++) {
            for (int m = 1; m <= 9; m++) {
                double value = power + Math.log10(m);
                if (value < lo || value > hi || (m > 1 && !minor)) {
                    continue;
                }
                boolean labelled = m == 1 ? Math.floorMod(power, labelEvery) == 0 : labelTwoAndFive && (m == 2 || m == 5);
                ticks.add(new Tick(value, m == 1, labelled ? tokenLabel(m * Math.pow(10, power)) : null));
            }
        }
        return ticks;
    }

    private static List<Tick> linearTicks(double lo, double hi) {
        double rough = (hi - lo) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double norm = rough / magnitude;
        double step = magnitude * (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        var ticks = new ArrayList<Tick>();
        for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
            ticks.add(new Tick(k * step, true, String.format(Locale.ROOT, "%." + decimals + "f", k * step)));
        }
        return ticks;
    }

    private static String tokenLabel(double tokens) {
        String[] suffixes = {"", "k", "M", "B", "T"};
        int group = (int) Math.min(4, Math.max(0, Math.floor(Math.log10(tokens) / 3 + 1e-9)));
        return BigDecimal.valueOf(tokens / Math.pow(1000, group)).round(new MathContext(3))
                .stripTrailingZeros().toPlainString() + suffixes[group];
    }

    private static void grid(StringBuilder svg, Box box, Scale x, Scale y, List<Tick> xTicks, List<Tick> yTicks) {
        svg.append("<g class=\"grid\" stroke-width=\"1\">\n");
        for (Tick t : xTicks) {
            line(svg, x.at(t.value()), box.top(), x.at(t.value()), box.bottom(), t.major() ? GRID : MINOR_GRID);
        }
        for (Tick t : yTicks) {
            line(svg, box.left(), y.at(t.value()), box.right(), y.at(t.value()), GRID);
        }
        svg.append("</g>\n");
    }

    private static void axes(StringBuilder svg, Box box, Scale x, Scale y, List<Tick> xTicks, List<Tick> yTicks) {
        svg.append("<g class=\"axes\" fill=\"#333333\">\n");
        svg.append("<rect x=\"").append(num(box.left())).append("\" y=\"").append(num(box.top()))
                .append("\" width=\"").append(num(box.right() - box.left())).append("\" height=\"")
                .append(num(box.bottom() - box.top())).append("\" fill=\"none\" stroke=\"#666666\"/>\n");
        for (Tick t : xTicks) {
            double at = x.at(t.value());
            line(svg, at, box.bottom(), at, box.bottom() + (t.major() ? 6 : 3), AXIS);
            if (t.label() != null) {
                text(svg, "x-tick-label", at, box.bottom() + 20, "middle", "", t.label());
            }
        }
        for (Tick t : yTicks) {
            double at = y.at(t.value());
            line(svg, box.left() - 5, at, box.left(), at, AXIS);
            text(svg, "y-tick-label", box.left() - 8, at + 4, "end", "", t.label());
        }
        double middleX = (box.left() + box.right()) / 2;
        double middleY = (box.top() + box.bottom()) / 2;
        text(svg, "x-axis-title", middleX, box.bottom() + 44, "middle", "font-size=\"13\"",
                "post-training tokens (log scale)");
        text(svg, "y-axis-title", 22, middleY, "middle",
                "font-size=\"13\" transform=\"rotate(-90 22 " + num(middleY) + ")\"", "loss (nats/token)");
        svg.append("</g>\n");
    }

    private static void run(StringBuilder svg, Run run, Style style, Scale x, Scale y) {
        svg.append("<g class=\"series\">");
        if (!run.label().isEmpty()) {
            svg.append("<title>").append(escape(run.label())).append("</title>");
        }
        svg.append('\n');
        if (run.curve().size() >= 2) {
            svg.append("<polyline class=\"curve\"").append(stroke(style)).append(" points=\"");
            for (Point p : run.curve()) {
                svg.append(num(x.at(Math.log10(p.tokens())))).append(',').append(num(y.at(p.loss()))).append(' ');
            }
            svg.setLength(svg.length() - 1);
            svg.append("\"/>\n");
        }
        svg.append("<g class=\"markers\" fill=\"").append(style.colour()).append("\" fill-opacity=\"0.75\">");
        if (!run.observed().isEmpty()) {
            // One path for all of a run's markers: a marker costs its position and shape, no element.
            svg.append("<path d=\"");
            for (Point p : run.observed()) {
                markerPath(svg, style, x.at(Math.log10(p.tokens())), y.at(p.loss()));
            }
            svg.append("\"/>");
        }
        svg.append("</g>\n</g>\n");
    }

    private static final Style KEY_STYLE = new Style("#777777", SHAPES[0], "");

    private static void legend(StringBuilder svg, List<Run> runs, Legend legend, double left, double top, Band band,
                               boolean target) {
        svg.append("<g class=\"legend\">\n");
        double row = top + LEGEND_ROW / 2.0;
        if (runs.stream().anyMatch(r -> !r.observed().isEmpty())) {
            svg.append("<g fill=\"#777777\">");
            marker(svg, KEY_STYLE, left + 14, row);
            svg.append("</g>\n");
            text(svg, "legend-key", left + 36, row + 4, "start", "fill=\"#555555\"", "observed checkpoint");
            row += LEGEND_ROW;
        }
        if (runs.stream().anyMatch(r -> r.curve().size() >= 2)) {
            line(svg, left, row, left + 28, row, KEY);
            text(svg, "legend-key", left + 36, row + 4, "start", "fill=\"#555555\"", "fitted curve");
            row += LEGEND_ROW;
        }
        if (!band.center().isEmpty()) {
            line(svg, left, row, left + 28, row, KEY + " stroke-dasharray=\"" + FORECAST_DASH + "\"");
            text(svg, "legend-key", left + 36, row + 4, "start", "fill=\"#555555\"", shortened("forecast, "
                    + Math.round(100 * band.level()) + " % interval", LEGEND_LABEL_CHARS));
            row += LEGEND_ROW;
        }
        if (target) {
            line(svg, left, row, left + 28, row, TARGET);
            text(svg, "legend-key", left + 36, row + 4, "start", "fill=\"#555555\"", "target loss");
            row += LEGEND_ROW;
        }
        line(svg, left, row, left + LEGEND_WIDTH - 20, row, GRID);
        row += LEGEND_ROW;
        if (!legend.grouped()) {
            for (int i = 0; i < runs.size(); i++, row += LEGEND_ROW) {
                legendEntry(svg, runs.get(i).label(), legend.styles().get(i), left, row);
            }
        } else {
            text(svg, "legend-heading", left, row + 4, "start", "font-weight=\"bold\"",
                    runs.size() + " runs · model size (colour)");
            row += LEGEND_ROW;
            for (int i = 0; i < legend.sizes().size(); i++, row += LEGEND_ROW) {
                legendEntry(svg, "N0 " + countLabel(legend.sizes().get(i)),
                        new Style(COLOURS[i % COLOURS.length], null, ""), left, row);
            }
            text(svg, "legend-heading", left, row + 4, "start", "font-weight=\"bold\"", "pruning rate (marker)");
            row += LEGEND_ROW;
            for (int i = 0; i < legend.rates().size(); i++, row += LEGEND_ROW) {
                legendEntry(svg, "ρ " + BigDecimal.valueOf(legend.rates().get(i) * 100).round(new MathContext(3))
                                .stripTrailingZeros().toPlainString() + " %",
                        new Style("#555555", SHAPES[i % SHAPES.length], DASHES[(i / SHAPES.length) % DASHES.length]),
                        left, row);
            }
        }
        svg.append("</g>\n");
    }

    private static void legendEntry(StringBuilder svg, String label, Style style, double left, double row) {
        svg.append("<g class=\"legend-entry\">");
        String shown = shortened(label, LEGEND_LABEL_CHARS);
        if (!shown.equals(label)) {
            svg.append("<title>").append(escape(label)).append("</title>");
        }
        line(svg, left, row, left + 28, row, stroke(style));
        if (style.shape() != null) {
            svg.append("<g fill=\"").append(style.colour()).append("\">");
            marker(svg, style, left + 14, row);
            svg.append("</g>");
        }
        text(svg, "legend-label", left + 36, row + 4, "start", "", shown);
        svg.append("</g>\n");
    }

    private static String stroke(Style style) {
        return " fill=\"none\" stroke=\"" + style.colour() + "\" stroke-width=\"2\""
                + (style.dash().isEmpty() ? "" : " stroke-dasharray=\"" + style.dash() + "\"");
    }

    private static void marker(StringBuilder svg, Style style, double x, double y) {
        svg.append("<path d=\"");
        markerPath(svg, style, x, y);
        svg.append("\"/>");
    }

    private static void markerPath(StringBuilder svg, Style style, double x, double y) {
        svg.append('M').append(num(x)).append(' ').append(num(y)).append(style.shape());
    }

    private static String countLabel(double count) {
        return tokenLabel(count);
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String paint) {
        svg.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append('"').append(paint).append("/>\n");
    }

    private static void text(StringBuilder svg, String kind, double x, double y, String anchor, String style,
                             String content) {
        svg.append("<text class=\"").append(kind).append("\" x=\"").append(num(x)).append("\" y=\"")
                .append(num(y)).append("\" text-anchor=\"").append(anchor).append('"')
                .append(style.isEmpty() ? "" : " " + style).append('>').append(escape(content))
                .append("</text>\n");
    }

    /** A coordinate to a tenth of a pixel, without a trailing ".0" (String.format is too slow for 10,000s). */
    private static String num(double value) {
        if (!(Math.abs(value) < 1e12)) {
            String s = String.format(Locale.ROOT, "%.1f", value);
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        long tenths = Math.round(value * 10);
        long whole = tenths / 10;
        long tenth = Math.abs(tenths % 10);
        String sign = tenths < 0 && whole == 0 ? "-" : "";
        return tenth == 0 ? sign + whole : sign + whole + "." + tenth;
    }

    private static String textOf(String text) {
        return text == null ? "" : text.strip();
    }

    private static String shortened(String text, int maxChars) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxChars - 1)) + "…";
    }

    /** Escapes markup and drops what XML 1.0 cannot carry at all (control characters, lone surrogates). */
    private static String escape(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(' ');
                default -> {
                    if (c >= 0x20 && !(c >= 0xD800 && c <= 0xDFFF) && c != 0xFFFE && c != 0xFFFF) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
