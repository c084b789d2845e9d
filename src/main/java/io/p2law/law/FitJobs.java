package io.p2law.law;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * The queue of fits as the rest of the law module sees it: asking for a job, waiting for one, and
 * what the newest finished job of each family, form and options said. The jobs themselves live in
 * {@code fit_job}, so every instance on the database shares one queue; the maps here only spare the
 * database a read, they never decide anything another instance could contradict.
 */
@Component
class FitJobs {

    /** How often a waiter looks at the database for a job another instance runs. */
    private static final long POLL_MILLIS = 200;

    private final FitJobRepository jobs;
    private final Map<Long, CompletableFuture<FitJob>> completions = new ConcurrentHashMap<>();
    /** The newest finished job by key: its failure is reported beside the previous fit's answers. */
    private final Map<LawCache.Key, FitJob> lastFinished = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();

    FitJobs(FitJobRepository jobs) {
        this.jobs = jobs;
    }

    /** A queued job for the key: a new one or the one already waiting. Wakes this instance's runners. */
    FitJob enqueue(long familyId, String family, FitSpec spec, long dataVersion) {
        FitJob job = jobs.enqueue(familyId, family, spec, dataVersion);
        wake();
        return job;
    }

    Optional<FitJob> find(long familyId, long id) {
        return jobs.find(familyId, id);
    }

    /**
     * The job once finished, or as it is when {@code timeout} has passed. Waiters of a job this
     * instance runs are woken when it ends; a job another instance runs is looked at every 200 ms.
     */
    FitJob await(long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<FitJob> local = completions.computeIfAbsent(id, k -> new CompletableFuture<>());
        try {
            while (true) {
                FitJob job = jobs.find(id).orElseThrow(() -> new IllegalStateException("fit job " + id + " vanished"));
                if (job.status().finished()) {
                    return job;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return job;
                }
                try {
                    return local.get(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)),
                            TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // look at the database again: the job may run on another instance
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for fit " + id, e);
        } finally {
            completions.remove(id, local);
        }
    }

    /** Called by the runner when a job of this instance ends. */
    void finished(LawCache.Key key, FitJob job) {
        lastFinished.merge(key, job, (old, newer) -> newer.id() > old.id() ? newer : old);
        CompletableFuture<FitJob> waiting = completions.remove(job.id());
        if (waiting != null) {
            waiting.complete(job);
        }
        wake();
    }

    /** The newest finished job of the key this instance knows of, from memory, else from the database. */
    Optional<FitJob> lastFinished(LawCache.Key key, FitSpec spec) {
        FitJob known = lastFinished.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<FitJob> stored = jobs.latestFinished(key.familyId(), spec);
        stored.ifPresent(job -> lastFinished.putIfAbsent(key, job));
        return stored;
    }

    /** Remembers a finished job another instance ran, once a reader has seen it. */
    void seen(LawCache.Key key, FitJob job) {
        lastFinished.merge(key, job, (old, newer) -> newer.id() > old.id() ? newer : old);
    }

    /** Waits up to {@code timeout} for a job to be queued on this instance (runners between claims). */
    void awaitWork(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            queued.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes this instance's idle runners: there may be a job to claim. */
    void wake() {
        lock.lock();
        try {
            queued.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
