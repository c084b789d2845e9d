package io.p2law.law.web;

/** Points evenly spaced on a log axis, as token counts are read. */
final class LogScale {

    private LogScale() {
    }

    /** {@code count} points from {@code from} to {@code to} inclusive, evenly spaced in log. */
    static double[] points(double from, double to, int count) {
        double[] points = new double[count];
        if (count == 1) {
            points[0] = from;
            return points;
        }
        double logFrom = Math.log(from);
        double step = (Math.log(to) - logFrom) / (count - 1);
        for (int i = 0; i < count; i++) {
            points[i] = Math.exp(logFrom + i * step);
        }
        // The ends are the caller's numbers exactly, not their round trip through exp(log(x)).
        points[0] = from;
        points[count - 1] = to;
        return points;
    }
}
