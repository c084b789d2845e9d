package io.p2law.law;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.family.FamilyVersion;
import io.p2law.fitting.FitReport;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.RunCurve;
import io.p2law.fitting.UnfittableDataException;

/**
 * Runs and stores fits. Concurrent requests for the same fit (also on other instances sharing the
 * database) wait for one fit instead of each running their own: inside this instance on a striped
 * lock, across instances on an advisory lock held by the storing transaction. A refusal is
 * remembered until the family's data changes.
 */
@Service
public class FitRunner {

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

    /** Fits kept per family and form; older ones are deleted when a new one is stored. */
    private final int fitHistory;

    FitRunner(FamilyCatalog catalog, LawFitting fitting, FitRepository fits, PlatformTransactionManager transactions,
            LawCache cache, MeterRegistry meters, @Value("${p2law.law.fit-history:20}") int fitHistory) {
        if (fitHistory < 1) {
            throw new IllegalArgumentException("p2law.law.fit-history must be at least 1, was " + fitHistory);
        }
        this.fitHistory = fitHistory;
        this.catalog = catalog;
        this.fitting = fitting;
        this.fits = fits;
        this.transactions = new TransactionTemplate(transactions);
        this.outsideTransaction = new TransactionTemplate(transactions);
        this.outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.cache = cache;
        this.meters = meters;
        Arrays.setAll(fitLocks, i -> new Object());
    }

    /**
     * The law for the spec at the family's {@code version} (read once by the caller): the cached or
     * stored fit of that version, else a fit of the family's runs now, which may be of a newer
     * version if the data changed meanwhile.
     */
    LawAnswer loadOrFit(String family, FamilyVersion version, FitSpec spec) {
        LawCache.Key key = LawCache.Key.of(version, spec);
        synchronized (fitLocks[Math.floorMod(key.hashCode(), fitLocks.length)]) {
            // Whoever held the lock before may have just cached this very fit.
            CurrentLaw cached = cache.get(key);
            if (cached != null && cached.fit().dataVersion() == version.dataVersion()) {
                return new LawAnswer(cached, version.dataVersion(), false);
            }
            Refusal refused = refusals.get(key);
            if (refused != null && refused.dataVersion() == version.dataVersion()) {
                throw new UnfittableDataException(refused.reason());
            }
            Found found = transactions.execute(status -> {
                long familyId = version.familyId();
                fits.lockFitting(familyId, spec);
                // Read under the lock: whoever held it before may have just stored this very fit.
                Optional<StoredFit> stored = fits.findCurrent(familyId, spec, version.dataVersion());
                if (stored.isEmpty()) {
                    // The family's own repeatable-read transaction, so that the runs belong to its version.
                    FamilySnapshot snapshot = outsideTransaction.execute(inner -> catalog.snapshot(family))
                            .orElseThrow(() -> new UnknownFamilyException(family));
                    stored = fits.findCurrent(familyId, spec, snapshot.dataVersion());
                    if (stored.isEmpty()) {
                        return fitAndStore(familyId, family, spec, snapshot, key);
                    }
                }
                return new Found(new CurrentLaw(stored.get(), restore(stored.get())), false);
            });
            cache.put(key, found.law());
            long current = Math.max(version.dataVersion(), found.law().fit().dataVersion());
            return new LawAnswer(found.law(), current, found.fittedNow());
        }
    }

    private Found fitAndStore(long familyId, String family, FitSpec spec, FamilySnapshot snapshot, LawCache.Key key) {
        List<RunCurve> runs = snapshot.curves();
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
        fits.keepNewest(familyId, spec.form(), fitHistory);
        meters.counter("p2law.law.fits", "form", spec.form()).increment();
        return new Found(new CurrentLaw(fit, report.law()), true);
    }

    /** The stored fit's law, rebuilt from its constants and bootstrap replicates. */
    FittedLaw restore(StoredFit fit) {
        return fitting.restore(fit.form(), fit.values(), fit.bootstrapValues(), fit.calibration(), fit.adequacy());
    }

    private record Found(CurrentLaw law, boolean fittedNow) {
    }

    private record Refusal(long dataVersion, String reason) {
    }
}
