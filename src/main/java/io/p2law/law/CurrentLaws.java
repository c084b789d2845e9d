package io.p2law.law;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.availability.DatabaseAvailability;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilyVersion;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;

/**
 * Reads a family's current law: one data-version read per request, then the in-process cache when
 * it holds a fit of that version, else {@link FitRunner} (which loads a stored fit or fits now).
 */
@Service
public class CurrentLaws {

    /** Families whose last version is remembered; past this many the memory starts over. */
    private static final int MAX_REMEMBERED = 1024;

    private final FamilyCatalog catalog;
    private final LawFitting fitting;
    private final FitRepository fits;
    private final LawCache cache;
    private final FitRunner runner;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final DatabaseAvailability database;
    /** Each family's version as last read, to find its cached laws while the database is unreachable. */
    private final Map<String, FamilyVersion> lastKnown = new ConcurrentHashMap<>();

    CurrentLaws(FamilyCatalog catalog, LawFitting fitting, FitRepository fits, LawCache cache, FitRunner runner,
            MeterRegistry meters, DatabaseAvailability database) {
        this.database = database;
        this.catalog = catalog;
        this.fitting = fitting;
        this.fits = fits;
        this.cache = cache;
        this.runner = runner;
        this.cacheHits = meters.counter("p2law.law.cache", "result", "hit");
        this.cacheMisses = meters.counter("p2law.law.cache", "result", "miss");
    }

    /** The law for the spec on the family's current data: from the cache when it is current, else loaded or fitted. */
    public LawAnswer current(String family, FitSpec spec) {
        fitting.form(spec.form());
        if (!database.reachable()) {
            Optional<LawAnswer> remembered = fromMemory(family, spec);
            if (remembered.isPresent()) {
                return remembered.get();
            }
        }
        FamilyVersion version;
        try {
            version = version(family);
        } catch (DataAccessException unreachable) {
            return fromMemory(family, spec).orElseThrow(() -> unreachable);
        }
        LawCache.Key key = LawCache.Key.of(version, spec);
        CurrentLaw cached = cache.get(key);
        if (cached != null && cached.fit().dataVersion() == version.dataVersion()) {
            cacheHits.increment();
            return new LawAnswer(cached, version.dataVersion(), false);
        }
        cacheMisses.increment();
        return runner.loadOrFit(family, version, spec);
    }

    /** Fits now unless a fit of the same spec on the current data exists; {@code fittedNow} tells which. */
    public LawAnswer fit(String family, FitSpec spec) {
        fitting.form(spec.form());
        return runner.loadOrFit(family, version(family), spec);
    }

    public List<StoredFit> history(String family, Optional<String> form, int limit) {
        form.ifPresent(fitting::form);
        return fits.history(version(family).familyId(), form, limit);
    }

    public long dataVersion(String family) {
        return version(family).dataVersion();
    }

    /** The stored fit's law, rebuilt from its constants and bootstrap replicates. */
    FittedLaw restore(StoredFit fit) {
        return runner.restore(fit);
    }

    private FamilyVersion version(String family) {
        FamilyVersion version = catalog.version(family).orElseThrow(() -> new UnknownFamilyException(family));
        if (lastKnown.size() >= MAX_REMEMBERED && !lastKnown.containsKey(family)) {
            lastKnown.clear();
        }
        lastKnown.put(family, version);
        return version;
    }

    /**
     * While the database cannot be reached (the background probe says so, or reading the version
     * failed), the law this instance last had for the family keeps answering, marked stale.
     */
    private Optional<LawAnswer> fromMemory(String family, FitSpec spec) {
        FamilyVersion known = lastKnown.get(family);
        if (known == null) {
            return Optional.empty();
        }
        CurrentLaw cached = cache.get(LawCache.Key.of(known, spec));
        return Optional.ofNullable(cached).map(law -> new LawAnswer(law, known.dataVersion(), false, true));
    }
}
