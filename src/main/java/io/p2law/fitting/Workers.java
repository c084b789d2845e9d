package io.p2law.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The engine's bounded pool. A fork-join pool because work nests (starts run in parallel, and a
 * big data set's objective splits its points across the same threads): a worker waiting on
 * subtasks runs them itself instead of blocking, so nesting neither deadlocks nor adds threads.
 */
final class Workers implements AutoCloseable {

    private final ForkJoinPool pool;

    Workers(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        // maximum = parallelism and a saturation policy of "carry on": a joining worker helps with
        // queued subtasks instead of asking for a compensating thread, so the pool never grows
        pool = new ForkJoinPool(parallelism, p -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            thread.setName("p2law-fitting-" + thread.getPoolIndex());
            // fits are background work: where the JVM maps priorities to the OS (on Linux with
            // -XX:ThreadPriorityPolicy=1), requests sharing the cores with a fit come first
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        }, null, false, parallelism, parallelism, 1, p -> true, 60, TimeUnit.SECONDS);
    }

    int parallelism() {
        return pool.getParallelism();
    }

    /** Threads the pool has started and not yet retired. */
    int threads() {
        return pool.getPoolSize();
    }

    /** Runs {@code task(0..count-1)} on the pool; results in index order. */
    <T> List<T> map(int count, IntFunction<T> task) {
        List<T> results = new ArrayList<>(count);
        if (count == 1 || pool.getParallelism() == 1 && ForkJoinTask.getPool() != pool) {
            for (int k = 0; k < count; k++) {
                results.add(task.apply(k));
            }
            return results;
        }
        List<ForkJoinTask<T>> tasks = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int index = k;
            tasks.add(ForkJoinTask.adapt(() -> task.apply(index)));
        }
        if (ForkJoinTask.getPool() == pool) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
        }
        for (ForkJoinTask<T> t : tasks) {
            results.add(t.join());
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
