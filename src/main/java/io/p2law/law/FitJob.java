package io.p2law.law;

import java.time.Duration;
import java.time.Instant;

/**
 * A fit asked for and run in the background. {@code dataVersion}: the family's data version when
 * the job was asked for, then, once it runs, the one it fits. {@code fitId}: the stored fit it gave
 * (its own id, or an earlier fit's when the data had not changed), once done.
 */
public record FitJob(long id, long familyId, String family, FitSpec spec, Status status, long dataVersion, Long fitId, String reason,
        boolean refused, Instant requestedAt, Instant startedAt, Instant finishedAt, Progress progress) {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }

        public boolean finished() {
            return this == DONE || this == FAILED;
        }
    }

    /** Starts finished of starts, bootstrap replicates finished of replicates (0 of 0 before they begin). */
    public record Progress(int startsFinished, int starts, int bootstrapFinished, int bootstrapSamples) {

        static final Progress NONE = new Progress(0, 0, 0, 0);
    }

    /** Time since it started (until it finished), or zero while queued. */
    public Duration elapsed(Instant now) {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }

    public FitJob withProgress(Progress newer) {
        return new FitJob(id, familyId, family, spec, status, dataVersion, fitId, reason, refused, requestedAt, startedAt,
                finishedAt, newer);
    }
}
