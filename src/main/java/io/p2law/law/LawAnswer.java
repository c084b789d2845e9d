package io.p2law.law;

/**
 * A law with the family's data version at the time of the answer. {@code failedRefit}: the newest
 * refit of this law when it failed after the fit answered with was made (the answer is staler than
 * it would be), else null.
 */
public record LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow, FitJob failedRefit) {

    public LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow) {
        this(current, currentDataVersion, fittedNow, null);
    }

    public boolean stale() {
        return current.fit().dataVersion() != currentDataVersion;
    }
}
