package io.p2law.law;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.family.FamilyVersion;
import io.p2law.family.RunSnapshot;
import io.p2law.fitting.FitReport;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.RunCurve;
import io.p2law.fitting.UnfittableDataException;

/**
 * Stored fits behind an in-process cache. A fit is reused while the family's data version and the
 * fit's form and options are unchanged; otherwise the next request fits, and concurrent requests for
 * the same fit (also on other instances sharing the database) wait for one fit instead of each running
 * their own.
 */
@Service
class FitService {

    /** A law with the family's data version at the time of the answer. */
    record LawAnswer(CurrentLaw current, long currentDataVersion, boolean fittedNow) {

        boolean stale() {
            return current.fit().dataVersion() != currentDataVersion;
        }
    }

    /** Refusals remembered at most; past that all are forgotten, and the next request for each fits again. */
    private static final int MAX_REFUSALS = 1024;

    private final FamilyCatalog catalog;
    private final LawFitting fitting;
    private final FitRepository fits;
    private final TransactionTemplate transactions;
    private final TransactionTemplate outsideTransaction;
    private final LawCache cache;
    /**
     * Why a fit was refused, by key, with the data version it was refused on: until the data
     * changes, asking again answers the same refusal instead of fitting again.
     */
    private final Map<LawCache.Key, Refusal> refusals = new ConcurrentHashMap<>();
    // Serialises fits of one key inside this instance, so that waiting requests hold no connection.
    private final Object[] fitLocks = new Object[64];
    private final MeterRegistry meters;
    private final Counter cacheHits;
    private final Counter cacheMisses;

    FitService(FamilyCatalog catalog, LawFitting fitting, FitRepository fits, PlatformTransactionManager transactions,
            LawCache cache, MeterRegistry meters) {
        this.catalog = catalog;
        this.fitting = fitting;
        this.fits = fits;
        this.transactions = new TransactionTemplate(transactions);
        this.outsideTransaction = new TransactionTemplate(transactions);
        this.outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.cache = cache;
        this.meters = meters;
        Arrays.setAll(fitLocks, i -> new Object());
        this.cacheHits = meters.counter("p2law.law.cache", "result", "hit");
        this.cacheMisses = meters.counter("p2law.law.cache", "result", "miss");
    }

    /**
     * The law for the spec on the family's current data: from the cache when it is current (one
     * data-version read), else from the database, else fitted now.
     */
    LawAnswer current(String family, FitSpec spec) {
        fitting.form(spec.form());
        FamilyVersion version = version(family);
        LawCache.Key key = LawCache.Key.of(version, spec);
        CurrentLaw cached = cache.get(key);
        if (cached != null && cached.fit().dataVersion() == version.dataVersion()) {
            cacheHits.increment();
            return new LawAnswer(cached, version.dataVersion(), false);
        }
        cacheMisses.increment();
        return loadOrFit(family, spec, key);
    }

    /** Fits now unless a fit of the same spec on the current data exists; {@code fittedNow} tells which. */
    LawAnswer fit(String family, FitSpec spec) {
        fitting.form(spec.form());
        return loadOrFit(family, spec, LawCache.Key.of(version(family), spec));
    }

    List<StoredFit> history(String family, Optional<String> form, int limit) {
        form.ifPresent(fitting::form);
        long familyId = version(family).familyId();
        return fits.history(familyId, form, limit);
    }

    long dataVersion(String family) {
        return version(family).dataVersion();
    }

    private FamilyVersion version(String family) {
        return catalog.version(family).orElseThrow(() -> new UnknownFamilyException(family));
    }

    FamilySnapshot snapshot(String family) {
        return catalog.snapshot(family).orElseThrow(() -> new UnknownFamilyException(family));
    }

    static List<RunCurve> curves(FamilySnapshot snapshot) {
        return snapshot.runs().stream().map(FitService::curve).toList();
    }

    private static RunCurve curve(RunSnapshot run) {
        return new RunCurve(run.runId(), run.paramsBefore(), run.paramsAfter(), run.pruningRate(), run.lossBefore(),
                Arrays.stream(run.tokens()).asDoubleStream().toArray(), run.losses());
    }

    private LawAnswer loadOrFit(String family, FitSpec spec, LawCache.Key key) {
        synchronized (fitLocks[Math.floorMod(key.hashCode(), fitLocks.length)]) {
            CurrentLaw cached = cache.get(key);
            FamilyVersion version = version(family);
            if (cached != null && version.familyId() == key.familyId()
                    && cached.fit().dataVersion() == version.dataVersion()) {
                return new LawAnswer(cached, version.dataVersion(), false);
            }
            Refusal refused = refusals.get(key);
            if (refused != null && version.familyId() == key.familyId()
                    && refused.dataVersion() == version.dataVersion()) {
                throw new UnfittableDataException(refused.reason());
            }
            Found found = transactions.execute(status -> {
                long familyId = version.familyId();
                fits.lockFitting(familyId, spec);
                // Read under the lock: whoever held it before may have just stored this very fit.
                Optional<StoredFit> stored = fits.findCurrent(familyId, spec, dataVersion(family));
                if (stored.isEmpty()) {
                    // The family's own repeatable-read transaction, so that the runs belong to its version.
                    FamilySnapshot snapshot = outsideTransaction.execute(inner -> snapshot(family));
                    stored = fits.findCurrent(familyId, spec, snapshot.dataVersion());
                    if (stored.isEmpty()) {
                        return fitAndStore(familyId, family, spec, snapshot, key);
                    }
                }
                return new Found(new CurrentLaw(stored.get(), restore(stored.get())), false);
            });
            cache.put(key, found.law());
            return new LawAnswer(found.law(), dataVersion(family), found.fittedNow());
        }
    }

    private Found fitAndStore(long familyId, String family, FitSpec spec, FamilySnapshot snapshot, LawCache.Key key) {
        List<RunCurve> runs = curves(snapshot);
        FitReport report;
        try {
            report = fitting.fit(spec.form(), runs, spec.options());
        } catch (UnfittableDataException e) {
            meters.counter("p2law.law.refusals", "form", spec.form()).increment();
            if (refusals.size() >= MAX_REFUSALS) {
                refusals.clear();
            }
            refusals.put(key, new Refusal(snapshot.dataVersion(), e.getMessage()));
            throw e;
        }
        ObservedRanges ranges = ObservedRanges.of(fitting.form(spec.form()), runs, spec.options().minTokens());
        StoredFit fit = fits.insert(familyId, family, spec, snapshot.dataVersion(), report, ranges);
        meters.counter("p2law.law.fits", "form", spec.form()).increment();
        return new Found(new CurrentLaw(fit, report.law()), true);
    }

    private record Found(CurrentLaw law, boolean fittedNow) {
    }

    private record Refusal(long dataVersion, String reason) {
    }

    /** The stored fit's law, rebuilt from its constants and bootstrap replicates. */
    FittedLaw restore(StoredFit fit) {
        return fitting.restore(fit.form(), fit.values(), fit.bootstrapValues(), fit.calibration(), fit.adequacy());
    }
}
