package io.p2law.family.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.DigestUtils;

import io.p2law.error.ConflictException;
import io.p2law.error.FieldProblem;
import io.p2law.error.NotFoundException;
import io.p2law.error.UnknownFamilyException;

/**
 * Families and their runs. Every write is one transaction that first locks the family row and
 * counts the change in its data version, so concurrent writers of one family queue there and
 * every committed change is counted exactly once.
 */
@Service
public class FamilyService {

    private final FamilyRepository families;
    private final RunRepository runs;
    private final CheckpointRepository checkpoints;
    private final TransactionTemplate writes;
    private final TransactionTemplate reads;

    public FamilyService(FamilyRepository families, RunRepository runs, CheckpointRepository checkpoints,
            PlatformTransactionManager transactions) {
        this.families = families;
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.writes = new TransactionTemplate(transactions);
        this.reads = readOnlySnapshot(transactions);
    }

    /** Read-only and repeatable read: every statement sees the same committed state. */
    static TransactionTemplate readOnlySnapshot(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setReadOnly(true);
        template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return template;
    }

    public Tagged<FamilyList> families() {
        List<FamilyRow> rows = reads.execute(status -> families.findAll());
        StringBuilder states = new StringBuilder();
        rows.forEach(row -> states.append(row.state().etag()));
        String etag = "\"" + DigestUtils.md5DigestAsHex(states.toString().getBytes(StandardCharsets.UTF_8)) + "\"";
        return new Tagged<>(new FamilyList(rows.stream().map(FamilyRow::view).toList()), etag);
    }

    public Versioned<FamilyView> family(String slug) {
        FamilyRow row = reads.execute(status -> families.find(slug)).orElseThrow(() -> noFamily(slug));
        return new Versioned<>(row.view(), row.state().dataVersion(), row.state().etag(), false);
    }

    public Versioned<FamilyView> putFamily(String slug, FamilyDetails details) {
        RunValidator.requireSlug(slug);
        return writes.execute(status -> {
            FamilyRepository.Written written = families.putDetails(slug, details);
            FamilyRow row = families.find(slug).orElseThrow();
            return new Versioned<>(row.view(), row.state().dataVersion(), row.state().etag(), written.created());
        });
    }

    public void deleteFamily(String slug) {
        if (!families.delete(slug)) {
            throw noFamily(slug);
        }
    }

    public Versioned<UploadResult> uploadRuns(String slug, List<NewRun> upload) {
        RunValidator.requireSlug(slug);
        return writes.execute(status -> {
            FamilyRepository.Written family = families.createOrCountChange(slug);
            int created = store(family.state().id(), upload);
            long stored = upload.stream().mapToLong(NewRun::checkpointCount).sum();
            UploadResult result = new UploadResult(slug, family.state().dataVersion(), family.created(), created,
                    upload.size() - created, stored);
            return new Versioned<>(result, family.state().dataVersion(), family.state().etag(), family.created());
        });
    }

    public Versioned<RunView> putRun(String slug, NewRun run) {
        RunValidator.requireSlug(slug);
        return writes.execute(status -> {
            FamilyRepository.Written family = families.createOrCountChange(slug);
            boolean created = store(family.state().id(), List.of(run)) == 1;
            RunView view = readRun(family.state().id(), slug, run.run().runId());
            return new Versioned<>(view, family.state().dataVersion(), family.state().etag(), created);
        });
    }

    public Versioned<RunView> run(String slug, String runId) {
        return reads.execute(status -> {
            FamilyState family = families.state(slug).orElseThrow(() -> noFamily(slug));
            return new Versioned<>(readRun(family.id(), slug, runId), family.dataVersion(), family.etag(), false);
        });
    }

    public Versioned<RunPage> runs(String slug, int page, int size) {
        return reads.execute(status -> {
            FamilyState family = families.state(slug).orElseThrow(() -> noFamily(slug));
            long total = runs.count(family.id());
            List<RunSummary> listed = runs.page(family.id(), size, (long) page * size);
            RunPage body = new RunPage(slug, family.dataVersion(), page, size, total, (total + size - 1) / size, listed);
            return new Versioned<>(body, family.dataVersion(), family.etag(), false);
        });
    }

    /** Deletes the run; answers the family's new data version. */
    public long deleteRun(String slug, String runId) {
        return writes.execute(status -> {
            FamilyState family = families.lock(slug).orElseThrow(() -> noFamily(slug));
            if (!runs.delete(family.id(), runId)) {
                throw noRun(slug, runId);
            }
            return families.countChange(family.id()).dataVersion();
        });
    }

    /**
     * Adds checkpoints to a run. Identical ones change nothing (a request of only those leaves the
     * data version alone); a different loss at stored tokens is a conflict unless {@code replace}.
     */
    public Versioned<AppendResult> append(String slug, String runId, List<Checkpoint> appended, boolean replace) {
        return writes.execute(status -> {
            FamilyState family = families.lock(slug).orElseThrow(() -> noFamily(slug));
            RunRepository.StoredRun run = runs.find(family.id(), runId).orElseThrow(() -> noRun(slug, runId));
            long[] tokens = appended.stream().mapToLong(Checkpoint::tokens).toArray();
            Map<Long, Double> stored = checkpoints.lossesAt(run.id(), tokens);
            long[] changedTokens = new long[appended.size()];
            double[] changedLosses = new double[appended.size()];
            int changed = 0;
            int replaced = 0;
            List<FieldProblem> conflicts = new ArrayList<>();
            for (int i = 0; i < appended.size(); i++) {
                Checkpoint checkpoint = appended.get(i);
                Double existing = stored.get(checkpoint.tokens());
                if (existing != null && existing == checkpoint.loss()) {
                    continue;
                }
                if (existing != null) {
                    replaced++;
                    conflicts.add(FieldProblem.of("checkpoints[" + i + "].loss", "the run has loss " + existing
                            + " at " + checkpoint.tokens() + " tokens, not " + checkpoint.loss()));
                }
                changedTokens[changed] = checkpoint.tokens();
                changedLosses[changed] = checkpoint.loss();
                changed++;
            }
            if (!conflicts.isEmpty() && !replace) {
                throw new ConflictException("Checkpoints conflict with stored ones; send replace=true to "
                        + "overwrite them. Nothing was stored.", conflicts);
            }
            FamilyState after = family;
            if (changed > 0) {
                checkpoints.upsert(run.id(), Arrays.copyOf(changedTokens, changed),
                        Arrays.copyOf(changedLosses, changed));
                runs.touch(run.id());
                after = families.countChange(family.id());
            }
            long count = run.summary().checkpointCount() + changed - replaced;
            AppendResult result = new AppendResult(slug, runId, after.dataVersion(), changed - replaced, replaced,
                    appended.size() - changed, count);
            return new Versioned<>(result, after.dataVersion(), after.etag(), false);
        });
    }

    /** Writes the runs with their checkpoints, replacing stored ones of the same runId; answers how many are new. */
    private int store(long familyId, List<NewRun> upload) {
        long[] keys = new long[upload.size()];
        int created = 0;
        int total = 0;
        for (int i = 0; i < upload.size(); i++) {
            RunRepository.Written written = runs.upsert(familyId, upload.get(i));
            keys[i] = written.id();
            created += written.created() ? 1 : 0;
            total += upload.get(i).checkpointCount();
        }
        if (created < upload.size()) {
            checkpoints.deleteForRuns(keys);
        }
        // run by run, never one array of all checkpoints: 10M of them would be 240 MB more heap
        checkpoints.insert(keys, upload.stream().map(NewRun::run).toList());
        return created;
    }

    private RunView readRun(long familyId, String slug, String runId) {
        RunRepository.StoredRun run = runs.find(familyId, runId).orElseThrow(() -> noRun(slug, runId));
        return new RunView(run.summary(), checkpoints.forRun(run.id()));
    }

    private static UnknownFamilyException noFamily(String slug) {
        return new UnknownFamilyException(slug);
    }

    private static NotFoundException noRun(String slug, String runId) {
        return NotFoundException.run(slug, runId);
    }
}
