package io.p2law.law;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

    private final FamilyCatalog catalog;
    private final LawFitting fitting;
    private final FitRepository fits;
    private final LawCache cache;
    private final FitRunner runner;
    private final Counter cacheHits;
    private final Counter cacheMisses;

    CurrentLaws(FamilyCatalog catalog, LawFitting fitting, FitRepository fits, LawCache cache, FitRunner runner,
            MeterRegistry meters) {
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
        FamilyVersion version = version(family);
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
        return catalog.version(family).orElseThrow(() -> new UnknownFamilyException(family));
    }
}
