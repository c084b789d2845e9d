package io.p2law.fitting;

/**
 * Hears how a fit goes and may stop it. Called from the engine's worker threads, possibly several
 * at once, so implementations must be thread-safe; the counts only grow.
 */
public interface FitListener {

    /** Hears nothing and never cancels. */
    FitListener NONE = new FitListener() {
    };

    /** {@code finished} of the {@code of} Levenberg-Marquardt starts are done. */
    default void startsFinished(int finished, int of) {
    }

    /** {@code finished} of the {@code of} bootstrap replicates are done. */
    default void bootstrapFinished(int finished, int of) {
    }

    /** Asked between starts and replicates: true ends the fit with {@link FitCancelledException}. */
    default boolean cancelled() {
        return false;
    }
}
