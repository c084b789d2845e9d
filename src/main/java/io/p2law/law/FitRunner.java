package io.p2law.law;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.family.FamilyVersion;
import io.p2law.fitting.FitCancelledException;
import io.p2law.fitting.FitListener;
import io.p2law.fitting.FitReport;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.RunCurve;
import io.p2law.fitting.UnfittableDataException;
import io.p2law.fitting.WarmStart;

/**
 * Runs queued fits on a bounded pool of its own ({@code p2law.fits.concurrency} threads), never on
 * a request thread. Each job reads the family, fits it warm from the newest stored fit of its form
 * and options, and stores the fit under the job's id. While a job runs its progress and a heartbeat
 * are written every {@code p2law.fits.heartbeat}; a running job whose heartbeat is older than
 * {@code p2law.fits.abandoned-after} (its instance stopped) is queued again, or failed with the
 * reason when a newer one is queued, by whichever instance notices first, at start and then on
 * every heartbeat. A family deleted while its fit runs ends that job as failed, storing nothing.
 */
@Component
public class FitRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FitRunner.class);
    static final String DELETED = "the family was deleted while it was fitted; nothing was stored";

    private final FamilyCatalog catalog;
    private final LawFitting fitting;
    private final FitRepository fits;
    private final FitJobRepository jobRows;
    private final FitJobs jobs;
    private final LawCache cache;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final int concurrency;
    private final Duration heartbeat;
    private final Duration abandonedAfter;
    /** Fits kept per family and form; older ones are deleted when a new one is stored. */
    private final int fitHistory;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private ExecutorService workers;
    private ScheduledExecutorService ticker;

    FitRunner(FamilyCatalog catalog, LawFitting fitting, FitRepository fits, FitJobRepository jobRows,
            FitJobs jobs, LawCache cache, PlatformTransactionManager transactions, MeterRegistry meters,
            @Value("${p2law.fits.concurrency:2}") int concurrency,
            @Value("${p2law.fits.heartbeat:2s}") Duration heartbeat,
            @Value("${p2law.fits.abandoned-after:30s}") Duration abandonedAfter,
            @Value("${p2law.law.fit-history:20}") int fitHistory) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("p2law.fits.concurrency must be at least 1, was " + concurrency);
        }
        if (fitHistory < 1) {
            throw new IllegalArgumentException("p2law.law.fit-history must be at least 1, was " + fitHistory);
        }
        this.fitHistory = fitHistory;
        this.catalog = catalog;
        this.fitting = fitting;
        this.fits = fits;
        this.jobRows = jobRows;
        this.jobs = jobs;
        this.cache = cache;
        this.transactions = new TransactionTemplate(transactions);
        this.meters = meters;
        this.concurrency = concurrency;
        this.heartbeat = heartbeat;
        this.abandonedAfter = abandonedAfter;
    }

    /** A job this instance runs: its progress as the engine reports it, and whether to stop it. */
    private static final class Running implements FitListener {

        final FitJob job;
        final AtomicInteger startsFinished = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger bootstrapFinished = new AtomicInteger();
        final AtomicInteger bootstrapSamples = new AtomicInteger();
        volatile boolean cancelled;

        Running(FitJob job) {
            this.job = job;
        }

        @Override
        public void startsFinished(int finished, int of) {
            starts.set(of);
            startsFinished.accumulateAndGet(finished, Math::max);
        }

        @Override
        public void bootstrapFinished(int finished, int of) {
            bootstrapSamples.set(of);
            bootstrapFinished.accumulateAndGet(finished, Math::max);
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        FitJob.Progress progress() {
            return new FitJob.Progress(startsFinished.get(), starts.get(), bootstrapFinished.get(),
                    bootstrapSamples.get());
        }
    }

    /** The progress of a job this instance runs, fresher than the database's. */
    Optional<FitJob.Progress> progress(long jobId) {
        return Optional.ofNullable(running.get(jobId)).map(Running::progress);
    }

    @Override
    public void start() {
        stopping = false;
        int recovered = jobRows.recoverAbandoned(abandonedAfter);
        if (recovered > 0) {
            log.info("{} fit job(s) abandoned by a stopped instance were queued again or failed", recovered);
        }
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "p2law-fit-job-" + threads.incrementAndGet());
            t.setDaemon(true);
            // a fit runs here when the engine's pool runs it in the caller's thread: as low as the pool's
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        for (int k = 0; k < concurrency; k++) {
            workers.execute(this::work);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "p2law-fit-job-heartbeat");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        stopping = true;
        // running fits end as cancelled and go back to the queue at once, so another instance (or
        // this one after a restart) resumes them instead of waiting for the heartbeat to age
        running.values().forEach(r -> r.cancelled = true);
        ticker.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return workers != null && !workers.isShutdown();
    }

    /** After the web server stops taking requests, before the connection pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void work() {
        while (!stopping) {
            try {
                Optional<FitJob> job = jobRows.claim();
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    jobs.awaitWork(Duration.ofMillis(500));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                log.warn("fit job runner: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private void run(FitJob job) {
        Running state = new Running(job);
        running.put(job.id(), state);
        LawCache.Key key = new LawCache.Key(job.familyId(), job.spec().form(), job.spec().optionsKey());
        FitJob finished;
        try {
            finished = fit(job, key, state);
        } catch (FitCancelledException e) {
            if (stopping) {
                jobRows.requeue(job.id());
                running.remove(job.id());
                return;
            }
            finished = fail(job, DELETED, false);
        } catch (UnfittableDataException e) {
            meters.counter("p2law.law.refusals", "form", job.spec().form()).increment();
            finished = fail(job, e.getMessage(), true);
        } catch (RuntimeException e) {
            if (stopping) {
                running.remove(job.id());
                return;
            }
            log.error("fit job {} failed", job.id(), e);
            finished = fail(job, "the fit failed: " + e, false);
        } finally {
            running.remove(job.id());
        }
        jobs.finished(key, finished);
    }

    private FitJob fit(FitJob job, LawCache.Key key, Running state) {
        FitSpec spec = job.spec();
        if (!sameFamily(job)) {
            throw new FitCancelledException();
        }
        FamilySnapshot snapshot = catalog.snapshot(job.family()).orElseThrow(FitCancelledException::new);
        if (!sameFamily(job)) {
            throw new FitCancelledException();
        }
        long dataVersion = snapshot.dataVersion();
        jobRows.fitting(job.id(), dataVersion);
        Optional<StoredFit> current = fits.findCurrent(job.familyId(), spec, dataVersion);
        if (current.isPresent()) {
            // asked for while the data had not changed since a fit that finished meanwhile: that is its answer
            jobRows.done(job.id(), current.get().id(), dataVersion, state.progress());
            cache.put(key, new CurrentLaw(current.get(), restore(current.get())));
            return done(job, current.get().id(), dataVersion, state);
        }
        Optional<StoredFit> previous = fits.findLatest(job.familyId(), spec);
        WarmStart warm = previous.map(p -> new WarmStart(p.values(), p.bootstrapValues(), p.points(), p.runs(),
                p.calibration(), p.adequacy(), p.calibrationBasis())).orElse(null);
        List<RunCurve> runs = snapshot.curves();
        FitReport report = fitting.fit(spec.form(), runs, spec.options(), warm, state);
        long calibrationDataVersion = report.calibrationBasis().reused()
                ? previous.orElseThrow().calibrationDataVersion() : dataVersion;
        ObservedRanges ranges = ObservedRanges.of(fitting.form(spec.form()), runs, spec.options().minTokens());
        StoredFit stored;
        try {
            stored = transactions.execute(status -> {
                if (!sameFamily(job)) {
                    throw new FitCancelledException();
                }
                StoredFit fit = fits.insert(job.id(), job.familyId(), job.family(), spec, dataVersion, report, ranges,
                        calibrationDataVersion);
                jobRows.done(job.id(), fit.id(), dataVersion, state.progress());
                fits.keepNewest(job.familyId(), spec.form(), fitHistory);
                return fit;
            });
        } catch (DataIntegrityViolationException e) {
            // the family's row went between the check and the insert
            throw new FitCancelledException();
        }
        meters.counter("p2law.law.fits", "form", spec.form()).increment();
        if (warm != null) {
            meters.counter("p2law.law.warm-fits", "form", spec.form()).increment();
        }
        if (report.calibrationBasis().reused()) {
            meters.counter("p2law.law.reused-calibrations", "form", spec.form()).increment();
        }
        cache.put(key, new CurrentLaw(stored, report.law()));
        return done(job, stored.id(), dataVersion, state);
    }

    private FitJob done(FitJob job, long fitId, long dataVersion, Running state) {
        return new FitJob(job.id(), job.familyId(), job.family(), job.spec(), FitJob.Status.DONE, dataVersion, fitId,
                null, false, job.requestedAt(), job.startedAt(), java.time.Instant.now(), state.progress());
    }

    private FitJob fail(FitJob job, String reason, boolean refused) {
        jobRows.failed(job.id(), reason, refused);
        return jobRows.find(job.id()).orElseThrow();
    }

    private boolean sameFamily(FitJob job) {
        Optional<FamilyVersion> version = catalog.version(job.family());
        return version.isPresent() && version.get().familyId() == job.familyId();
    }

    private io.p2law.fitting.FittedLaw restore(StoredFit fit) {
        return fitting.restore(fit.form(), fit.values(), fit.bootstrapValues(), fit.calibration(), fit.adequacy());
    }

    /** Progress and heartbeats of this instance's jobs; deleted families' jobs cancelled; abandoned jobs recovered. */
    private void tick() {
        try {
            List<FitJob> snapshot = new ArrayList<>();
            for (Running r : running.values()) {
                if (!sameFamily(r.job)) {
                    r.cancelled = true;
                }
                snapshot.add(r.job.withProgress(r.progress()));
            }
            jobRows.heartbeat(snapshot);
            if (jobRows.recoverAbandoned(abandonedAfter) > 0) {
                jobs.wake();
            }
        } catch (RuntimeException e) {
            log.warn("fit job heartbeat: {}", e.toString());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
