package io.p2law.family.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import io.p2law.family.FamilyVersion;
/**
 * The families' data versions as this instance knows them, so that the prediction path needs no
 * database round trip. A remembered version is trusted only while {@link FamilyChangeListener}
 * listens to PostgreSQL's change announcements: an announced change drops the family's entry, and
 * the next reader reads the database again. Without the listener every read goes to the database.
 *
 * <p>A reader that read the database while a change was being announced must not store what it
 * read, which may be the version before the change: each announcement counts one epoch, and a read
 * is remembered only if no epoch passed during it (checked and stored under one lock, which only
 * readers that missed and announcements take).
 */
@Component
public class FamilyVersions {

    private final Map<String, FamilyVersion> known = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long epoch;
    private volatile boolean trusted;

    /** The remembered version, else {@code database}'s answer, remembered if still current. */
    Optional<FamilyVersion> version(String slug, Function<String, Optional<FamilyVersion>> database) {
        if (trusted) {
            FamilyVersion remembered = known.get(slug);
            if (remembered != null) {
                return Optional.of(remembered);
            }
        }
        long before;
        synchronized (lock) {
            before = epoch;
        }
        Optional<FamilyVersion> read = database.apply(slug);
        if (read.isPresent()) {
            synchronized (lock) {
                if (trusted && epoch == before) {
                    known.put(slug, read.get());
                }
            }
        }
        return read;
    }

    /** The family changed (its slug as announced), or was created or deleted. */
    void changed(String slug) {
        synchronized (lock) {
            epoch++;
            known.remove(slug);
        }
    }

    /** The family with this id changed; for writers that know the id but not the slug. */
    void changed(long familyId) {
        synchronized (lock) {
            epoch++;
            known.values().removeIf(version -> version.familyId() == familyId);
        }
    }

    /**
     * Every family may have changed: all entries go. {@code listening} says whether announcements
     * arrive from now on; while they do not, nothing is remembered.
     */
    void forgetAll(boolean listening) {
        synchronized (lock) {
            epoch++;
            known.clear();
            trusted = listening;
        }
    }

    boolean trusted() {
        return trusted;
    }

    boolean remembers(String slug) {
        return known.containsKey(slug);
    }
}
