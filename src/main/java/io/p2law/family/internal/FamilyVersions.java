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
 * listens to PostgreSQL's change announcements, which carry the new version (migration V52): an
 * announced change replaces the remembered version, and a writer of this instance does the same as
 * soon as its change commits. Without the listener every read goes to the database.
 *
 * <p>Versions only grow, and a family deleted and created again gets a larger id, so of two versions
 * of one slug the one with the larger (id, data version) is the newer. Announcements, writers'
 * commits and readers' database reads arrive in any order; each is merged by keeping the newer, so
 * none of them can bring back an older version. A deletion is the one change that cannot be merged
 * that way: the slug is forgotten, ids up to the deleted one are refused from then on (a writer's
 * late commit of the deleted family must not bring it back), and a read under way while it happened
 * is not remembered (it may have read the family before the deletion).
 */
@Component
public class FamilyVersions {

    /** Deleted families remembered at most; past that, everything is forgotten and read again. */
    private static final int MAX_DELETED = 10_000;

    private final Map<String, FamilyVersion> known = new ConcurrentHashMap<>();
    /** By slug, the largest family id deleted: versions of it or of older ids are stale. */
    private final Map<String, Long> deleted = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Counts forgettings (deletions, losing the listener): a read overlapping one is not remembered. */
    private long epoch;
    private volatile boolean trusted;

    /** The remembered version, else {@code database}'s answer, remembered unless a deletion overtook it. */
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
                if (epoch == before) {
                    remember(slug, read.get());
                }
            }
        }
        return read;
    }

    /** The family was created or changed to this version (announced, or committed by this instance). */
    void changed(String slug, FamilyVersion version) {
        synchronized (lock) {
            remember(slug, version);
        }
    }

    /**
     * This instance committed a change to the family with this id: its remembered version, if any,
     * moves on (for writers that know the id but not the slug).
     */
    void changed(FamilyVersion version) {
        synchronized (lock) {
            known.forEach((slug, remembered) -> {
                if (remembered.familyId() == version.familyId()) {
                    remember(slug, version);
                }
            });
        }
    }

    /** The family with this id was deleted. */
    void deleted(String slug, long familyId) {
        synchronized (lock) {
            epoch++;
            if (deleted.size() >= MAX_DELETED) {
                known.clear();
                deleted.clear();
            }
            deleted.merge(slug, familyId, Math::max);
            FamilyVersion remembered = known.get(slug);
            if (remembered != null && remembered.familyId() <= familyId) {
                known.remove(slug);
            }
        }
    }

    /**
     * Every family may have changed: all entries go (deletions stay known: a deleted id never comes
     * back). {@code listening} says whether announcements arrive from now on; while they do not,
     * nothing is remembered.
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

    /** Under the lock: keeps the newer of the remembered and the given version, unless it was deleted. */
    private void remember(String slug, FamilyVersion version) {
        if (!trusted) {
            return;
        }
        Long gone = deleted.get(slug);
        if (gone != null && version.familyId() <= gone) {
            return;
        }
        known.merge(slug, version, FamilyVersions::newer);
    }

    private static FamilyVersion newer(FamilyVersion a, FamilyVersion b) {
        if (a.familyId() != b.familyId()) {
            return a.familyId() > b.familyId() ? a : b;
        }
        return a.dataVersion() >= b.dataVersion() ? a : b;
    }
}
