package io.p2law.law;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.p2law.family.FamilyVersion;

/**
 * The laws most recently used, in front of the database for the prediction path. Bounded: past
 * {@code capacity} entries the least recently used one goes. Reads are lock-free; whether an entry is
 * still current is for the caller to check against the family's data version.
 */
public final class LawCache {

    /** By family id, not slug: a family deleted and uploaded again must not meet its old laws. */
    record Key(long familyId, String form, String optionsKey) {

        static Key of(FamilyVersion family, FitSpec spec) {
            return new Key(family.familyId(), spec.form(), spec.optionsKey());
        }
    }

    private static final class Entry {

        final CurrentLaw law;
        volatile long lastUsed;

        Entry(CurrentLaw law, long lastUsed) {
            this.law = law;
            this.lastUsed = lastUsed;
        }
    }

    private final int capacity;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    LawCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    CurrentLaw get(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        entry.lastUsed = System.nanoTime();
        return entry.law;
    }

    void put(Key key, CurrentLaw law) {
        entries.put(key, new Entry(law, System.nanoTime()));
        while (entries.size() > capacity) {
            entries.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue().lastUsed))
                    .ifPresent(eldest -> entries.remove(eldest.getKey(), eldest.getValue()));
        }
    }

    int size() {
        return entries.size();
    }
}
