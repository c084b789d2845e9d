package io.p2law.law;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.availability.DatabaseAvailability;
import io.p2law.family.FamilyCatalog;
import io.p2law.error.FieldProblem;
import io.p2law.error.UnavailableException;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyVersion;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.UnfittableDataException;

/**
 * The family's laws as requests see them: stale-while-refitting. A request answers at once from
 * the newest stored fit of its form and options, even when the data changed since (the answer says
 * so), and asks for one refit in the background ({@link FitJobs}); only when no fit exists yet does
 * it wait, for the one job every waiter shares. With {@code fresh} it waits for the fit of the
 * current data, up to {@code p2law.fits.fresh-wait}.
 *
 * <p>A stale answer costs its request no database write and no read of a stored fit: asking for the
 * refit and looking for a newer stored fit (one another instance made) are handed to one background
 * thread, which merges the asks of many versions into one and asks the database at most every
 * 250 ms per family, form and options (a queued job fits the data as it is when it starts, so asking
 * for every version would only rewrite the queued row). Under a family written to hundreds of times
 * a second, each of those would otherwise hold a request's turn for a round trip.
 */
@Service
public class CurrentLaws {

    /** What asking for a fit gave: a stored fit (fitted now or before) or a job still under way. */
    public record Submission(Optional<LawAnswer> answer, FitJob job) {
    }

    /** Refusals remembered at most; past that all are forgotten, and the next request for each asks again. */
    private static final int MAX_REFUSALS = 1024;
    /** Families whose last version is remembered; past this many the memory starts over. */
    private static final int MAX_REMEMBERED = 1024;
    /** How often a stale law's reader looks for a newer stored fit (one another instance may have made). */
    private static final long LOOKUP_NANOS = 250_000_000L;
    /** How often the background thread asks the database for a refit of one key, at most. */
    private static final long ASK_NANOS = 250_000_000L;

    private final FamilyCatalog catalog;
    private final LawFitting fitting;
    private final FitRepository fits;
    private final FitJobs jobs;
    private final FitRunner runner;
    private final LawCache cache;
    private final Duration firstFitWait;
    private final Duration freshWait;
    /** Why a first fit was refused, by key, with the data version: asking again answers the same refusal. */
    private final Map<LawCache.Key, Refusal> refusals = new ConcurrentHashMap<>();
    /** The data version a refit was last asked for, by key: many stale reads of one version ask once. */
    private final Map<LawCache.Key, Long> refitAsked = new ConcurrentHashMap<>();
    /** When a stale key was last looked up in the database. */
    private final Map<LawCache.Key, Long> lookedUp = new ConcurrentHashMap<>();
    /** Refits to ask for, newest version by key, until the background thread has asked. */
    private final Map<LawCache.Key, RefitAsk> refitAsks = new ConcurrentHashMap<>();
    /** When the background thread last asked the database for a refit, by key (its own map). */
    private final Map<LawCache.Key, Long> asked = new ConcurrentHashMap<>();
    /** Keys whose newer stored fit the background thread is to look for. */
    private final Map<LawCache.Key, FitSpec> lookups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "p2law-law-refresh");
        t.setDaemon(true);
        return t;
    });
    private static final Logger log = LoggerFactory.getLogger(CurrentLaws.class);
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter staleAnswers;
    private final Counter fitWaits;
    private final DatabaseAvailability database;
    /** Each family's version as last read, to find its cached laws while the database is unreachable. */
    private final Map<String, FamilyVersion> lastKnown = new ConcurrentHashMap<>();

    CurrentLaws(FamilyCatalog catalog, LawFitting fitting, FitRepository fits, FitJobs jobs, FitRunner runner,
            LawCache cache, MeterRegistry meters, @Value("${p2law.fits.first-fit-wait:10m}") Duration firstFitWait,
            @Value("${p2law.fits.fresh-wait:30s}") Duration freshWait, DatabaseAvailability database) {
        this.database = database;
        this.catalog = catalog;
        this.fitting = fitting;
        this.fits = fits;
        this.jobs = jobs;
        this.runner = runner;
        this.cache = cache;
        this.firstFitWait = firstFitWait;
        this.freshWait = freshWait;
        this.cacheHits = meters.counter("p2law.law.cache", "result", "hit");
        this.cacheMisses = meters.counter("p2law.law.cache", "result", "miss");
        this.staleAnswers = meters.counter("p2law.law.answers", "state", "stale");
        this.fitWaits = meters.counter("p2law.law.fit-waits");
    }

    public Duration freshWait() {
        return freshWait;
    }

    /** The newest law for the spec, stale or not; see the class comment. */
    public LawAnswer current(String family, FitSpec spec) {
        return current(family, spec, false);
    }

    /** With {@code fresh}: the law of the current data, waiting for its fit up to {@code p2law.fits.fresh-wait}. */
    public LawAnswer current(String family, FitSpec spec, boolean fresh) {
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
        CurrentLaw law = cache.get(key);
        if (law != null && law.fit().dataVersion() == version.dataVersion()) {
            cacheHits.increment();
            return new LawAnswer(law, version.dataVersion(), false);
        }
        cacheMisses.increment();
        law = newestStored(key, spec, law);
        if (law != null && law.fit().dataVersion() == version.dataVersion()) {
            return new LawAnswer(law, version.dataVersion(), false);
        }
        if (law == null) {
            return waitForFit(family, spec, key, version, firstFitWait);
        }
        if (fresh) {
            return waitForFit(family, spec, key, version, freshWait);
        }
        askRefit(family, spec, key, version);
        staleAnswers.increment();
        return new LawAnswer(law, version.dataVersion(), false, failedSince(key, spec, law.fit()));
    }

    /**
     * A fit of the spec on the current data: the stored one, else a job, waited for up to {@code wait}
     * (the answer then has the fit if it finished in time).
     */
    public Submission submit(String family, FitSpec spec, Duration wait) {
        fitting.form(spec.form());
        FamilyVersion version = version(family);
        LawCache.Key key = LawCache.Key.of(version, spec);
        Optional<StoredFit> stored = fits.findCurrent(version.familyId(), spec, version.dataVersion());
        if (stored.isPresent()) {
            return new Submission(Optional.of(new LawAnswer(law(key, stored.get()), version.dataVersion(), false)),
                    null);
        }
        FitJob job = jobs.enqueue(version.familyId(), family, spec, version.dataVersion());
        if (wait.isZero()) {
            return new Submission(Optional.empty(), job);
        }
        FitJob finished = jobs.await(job.id(), wait);
        if (finished.status() == FitJob.Status.DONE) {
            return new Submission(Optional.of(outcome(family, spec, key, finished)), finished);
        }
        if (finished.status() == FitJob.Status.FAILED) {
            outcome(family, spec, key, finished);
        }
        return new Submission(Optional.empty(), finished);
    }

    /** The fit resource: a job (with its stored fit once done), or a stored fit made before fits were jobs. */
    public Optional<FitResource> fitResource(String family, long id) {
        FamilyVersion version = version(family);
        Optional<FitJob> job = jobs.find(version.familyId(), id)
                .map(j -> runner.progress(j.id()).map(j::withProgress).orElse(j));
        Optional<StoredFit> fit = job.isPresent()
                ? Optional.ofNullable(job.get().fitId()).flatMap(fitId -> fits.find(version.familyId(), fitId))
                : fits.find(version.familyId(), id);
        if (job.isEmpty() && fit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FitResource(job, fit, version.dataVersion()));
    }

    /** A job (with its progress, fresher from this instance's runner) and what it stored, or a stored fit without a job. */
    public record FitResource(Optional<FitJob> job, Optional<StoredFit> fit, long currentDataVersion) {
    }

    public List<StoredFit> history(String family, Optional<String> form, int limit) {
        form.ifPresent(fitting::form);
        long familyId = version(family).familyId();
        return fits.history(familyId, form, limit);
    }

    public long dataVersion(String family) {
        return version(family).dataVersion();
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
        return Optional.ofNullable(cached).map(law -> new LawAnswer(law, known.dataVersion(), false, null, true));
    }

    /**
     * The cached law, or a newer stored one: read from the database when nothing is cached, and for a
     * stale law at most every 250 ms (another instance may have stored the refit).
     */
    private CurrentLaw newestStored(LawCache.Key key, FitSpec spec, CurrentLaw cached) {
        long now = System.nanoTime();
        if (cached != null) {
            Long last = lookedUp.get(key);
            if (last == null || now - last >= LOOKUP_NANOS) {
                lookedUp.put(key, now);
                if (lookups.put(key, spec) == null) {
                    inBackground(() -> lookUp(key), 0);
                }
            }
            return cached;
        }
        lookedUp.put(key, now);
        return newerStored(key, spec, null);
    }

    /** On the background thread: a newer stored fit goes into the cache for the next readers. */
    private void lookUp(LawCache.Key key) {
        FitSpec spec = lookups.remove(key);
        if (spec != null) {
            newerStored(key, spec, cache.get(key));
        }
    }

    private CurrentLaw newerStored(LawCache.Key key, FitSpec spec, CurrentLaw cached) {
        Optional<StoredFit> latest = fits.findLatest(key.familyId(), spec);
        if (latest.isEmpty() || cached != null && latest.get().dataVersion() <= cached.fit().dataVersion()) {
            return cached;
        }
        return law(key, latest.get());
    }

    /** The stored fit's law, from the cache when it holds that very fit, else rebuilt and cached. */
    private CurrentLaw law(LawCache.Key key, StoredFit fit) {
        CurrentLaw cached = cache.get(key);
        if (cached != null && cached.fit().id() == fit.id()) {
            return cached;
        }
        CurrentLaw law = new CurrentLaw(fit, restore(fit));
        if (cached == null || cached.fit().dataVersion() <= fit.dataVersion()) {
            cache.put(key, law);
        }
        return law;
    }

    /**
     * Once per data version and key on this instance, asked by the background thread; asks of
     * several versions waiting there become one, of the newest (the queue merges the rest).
     */
    private void askRefit(String family, FitSpec spec, LawCache.Key key, FamilyVersion version) {
        Long asked = refitAsked.get(key);
        if (asked != null && asked >= version.dataVersion()) {
            return;
        }
        refitAsked.merge(key, version.dataVersion(), Math::max);
        RefitAsk ask = new RefitAsk(family, spec, version.familyId(), version.dataVersion());
        // One task per key waits on the background thread at a time: it takes whatever ask is newest
        // when it runs, and the ask that finds no task waiting schedules the next.
        boolean[] first = {false};
        refitAsks.compute(key, (k, waiting) -> {
            if (waiting == null) {
                first[0] = true;
                return ask;
            }
            return ask.dataVersion() > waiting.dataVersion() ? ask : waiting;
        });
        if (first[0]) {
            inBackground(() -> ask(key), 0);
        }
    }

    private record RefitAsk(String family, FitSpec spec, long familyId, long dataVersion) {
    }

    /**
     * On the background thread: queues the newest refit asked for the key, or, if the database was
     * asked for one less than {@link #ASK_NANOS} ago, comes back when that time is up.
     */
    private void ask(LawCache.Key key) {
        long now = System.nanoTime();
        Long last = asked.get(key);
        if (last != null && now - last < ASK_NANOS) {
            inBackground(() -> ask(key), last + ASK_NANOS - now);
            return;
        }
        RefitAsk ask = refitAsks.remove(key);
        if (ask == null) {
            return;
        }
        if (asked.size() >= MAX_REMEMBERED && !asked.containsKey(key)) {
            asked.clear();
        }
        asked.put(key, now);
        try {
            jobs.enqueue(ask.familyId(), ask.family(), ask.spec(), ask.dataVersion());
        } catch (RuntimeException e) {
            // the next stale reader of this version asks again
            refitAsked.remove(key, ask.dataVersion());
            throw e;
        }
    }

    private void inBackground(Runnable task, long delayNanos) {
        try {
            background.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("law refresh: {}", e.toString());
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // shutting down: nothing more to ask
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        background.shutdown();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }

    private FitJob failedSince(LawCache.Key key, FitSpec spec, StoredFit served) {
        return jobs.lastFinished(key, spec)
                .filter(job -> job.status() == FitJob.Status.FAILED && job.dataVersion() > served.dataVersion())
                .orElse(null);
    }

    /** Waits for the shared job of the current data (asking for it if need be). */
    private LawAnswer waitForFit(String family, FitSpec spec, LawCache.Key key, FamilyVersion version,
            Duration wait) {
        Refusal refused = refusals.get(key);
        if (refused != null && refused.dataVersion() == version.dataVersion()) {
            throw new UnfittableDataException(refused.reason());
        }
        Optional<FitJob> last = jobs.lastFinished(key, spec);
        if (last.isPresent() && last.get().refused() && last.get().dataVersion() == version.dataVersion()) {
            remember(key, last.get());
            throw new UnfittableDataException(last.get().reason());
        }
        FitJob job = jobs.enqueue(version.familyId(), family, spec, version.dataVersion());
        refitAsked.merge(key, version.dataVersion(), Math::max);
        fitWaits.increment();
        FitJob finished = jobs.await(job.id(), wait);
        if (!finished.status().finished()) {
            throw pending(finished, wait);
        }
        return outcome(family, spec, key, finished);
    }

    /** A finished job as an answer, or the exception its failure means to the caller. */
    private LawAnswer outcome(String family, FitSpec spec, LawCache.Key key, FitJob job) {
        jobs.seen(key, job);
        if (job.status() == FitJob.Status.FAILED) {
            if (job.refused()) {
                remember(key, job);
                throw new UnfittableDataException(job.reason());
            }
            if (FitRunner.DELETED.equals(job.reason())) {
                throw new UnknownFamilyException(family);
            }
            throw new UnavailableException("fit " + job.id() + " failed: " + job.reason(),
                    List.of(FieldProblem.of("fit", job.reason())), 1, Map.of("fitId", job.id()));
        }
        StoredFit fit = fits.find(job.familyId(), job.fitId()).orElseThrow(() -> new UnknownFamilyException(family));
        long current = catalog.version(family).map(FamilyVersion::dataVersion).orElse(fit.dataVersion());
        return new LawAnswer(law(key, fit), current, job.fitId() == job.id(), null);
    }

    /** The fit goes on in the background; asking again after about half the wait is likely to be answered. */
    private static UnavailableException pending(FitJob job, Duration waited) {
        String detail = "the fit of the current data (fit " + job.id() + ", " + job.status().label()
                + ") did not finish within " + waited.toMillis() + " ms; it goes on in the background";
        return new UnavailableException(detail, List.of(FieldProblem.of("fresh", detail)),
                Math.max(1, Math.min(30, waited.toSeconds() / 2 + 1)), Map.of("fitId", job.id()));
    }

    private void remember(LawCache.Key key, FitJob job) {
        if (refusals.size() >= MAX_REFUSALS) {
            refusals.clear();
        }
        refusals.put(key, new Refusal(job.dataVersion(), job.reason()));
    }

    private record Refusal(long dataVersion, String reason) {
    }

    /** The stored fit's law, rebuilt from its constants and bootstrap replicates. */
    FittedLaw restore(StoredFit fit) {
        return fitting.restore(fit.form(), fit.values(), fit.bootstrapValues(), fit.calibration(), fit.adequacy());
    }
}
