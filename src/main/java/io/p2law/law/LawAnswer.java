package io.p2law.law;

/** A law with the family's data version at the time of the answer. */
record LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow) {

    boolean stale() {
        return current.fit().dataVersion() != currentDataVersion;
    }
}
