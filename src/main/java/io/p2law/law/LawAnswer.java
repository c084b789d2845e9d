package io.p2law.law;

/**
 * A law with the family's data version at the time of the answer; {@code databaseUnreachable} when
 * it came from memory because the database could not tell the current version.
 */
public record LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow, boolean databaseUnreachable) {

    public LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow) {
        this(current, currentDataVersion, fittedNow, false);
    }

    /** The data may have changed since the fit: it did, or the database cannot say. */
    public boolean stale() {
        return databaseUnreachable || current.fit().dataVersion() != currentDataVersion;
    }
}
