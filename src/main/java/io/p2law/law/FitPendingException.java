package io.p2law.law;

import java.time.Duration;

/** The fit a request waits for did not finish within the stated limit; it goes on in the background. */
class FitPendingException extends RuntimeException {

    private final transient FitJob job;
    private final long retryAfterSeconds;

    FitPendingException(FitJob job, Duration waited) {
        super("the fit of the current data (fit " + job.id() + ", " + job.status().label()
                + ") did not finish within " + waited.toSeconds() + " s; it goes on in the background");
        this.job = job;
        this.retryAfterSeconds = Math.max(1, Math.min(30, waited.toSeconds() / 2 + 1));
    }

    FitJob job() {
        return job;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
