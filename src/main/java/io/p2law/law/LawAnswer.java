package io.p2law.law;

/**
 * A law with the family's data version at the time of the answer. {@code failedRefit}: the newest
 * refit of this law when it failed after the fit answered with was made (the answer is staler than
 * it would be), else null. {@code databaseUnreachable}: the law came from memory because the
 * database could not tell the current version.
 */
public record LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow, FitJob failedRefit,
        boolean databaseUnreachable) {

    public LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow) {
        this(current, currentDataVersion, fittedNow, null, false);
    }

    public LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow, FitJob failedRefit) {
        this(current, currentDataVersion, fittedNow, failedRefit, false);
    }

    /** The data may have changed since the fit: it did, or the database cannot say. */
    public boolean stale() {
        return databaseUnreachable || current.fit().dataVersion() != currentDataVersion;
    }
}
