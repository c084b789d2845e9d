package io.p2law.law;

/** A fit job failed for a reason other than the data (which is an {@code UnfittableDataException}). */
class FitFailedException extends RuntimeException {

    private final transient FitJob job;

    FitFailedException(FitJob job) {
        super("fit " + job.id() + " failed: " + job.reason());
        this.job = job;
    }

    FitJob job() {
        return job;
    }
}
