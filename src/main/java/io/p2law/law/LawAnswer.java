package io.p2law.law;

/** A law with the family's data version at the time of the answer. */
public record LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow) {

    public boolean stale() {
        return current.fit().dataVersion() != currentDataVersion;
    }
}
