package io.p2law.fitting;

/** The P2 law written out independently of the engine, to score fits against the known truth. */
record SyntheticTruth(double gamma, double delta, double alpha, double beta, double nc, double dc, double e) {

    static SyntheticTruth of(String family) {
        double[] t = TestData.truth(family);
        return new SyntheticTruth(t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
    }

    /** Loss after {@code tokens} raw tokens for a model of {@code paramsBefore} raw parameters. */
    double loss(double paramsBefore, double rate, double lossBefore, double tokens) {
        double n0 = paramsBefore / 1e9;
        double d = tokens / 1e9;
        return lossBefore + Math.pow(1 / rate, gamma) * Math.pow(1 / n0, delta)
                * (nc / Math.pow(n0, alpha) + dc / Math.pow(d, beta) + e);
    }

    double loss(PrunedModel m, double tokens) {
        return loss(m.paramsBefore(), m.pruningRate(), m.lossBefore(), tokens);
    }

    /** -dL/dD per billion tokens. */
    double slopePerBillion(PrunedModel m, double tokens) {
        double n0 = m.paramsBefore() / 1e9;
        double d = tokens / 1e9;
        return beta * Math.pow(1 / m.pruningRate(), gamma) * Math.pow(1 / n0, delta) * dc / Math.pow(d, beta + 1);
    }
}
