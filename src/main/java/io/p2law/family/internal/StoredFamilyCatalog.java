package io.p2law.family.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.family.FamilyVersion;
import io.p2law.family.RunSnapshot;
import io.p2law.fitting.PrunedModel;
/** {@link FamilyCatalog} over the stored families. */
@Component
public class StoredFamilyCatalog implements FamilyCatalog {

    private static final CheckpointRepository.Curve NO_CHECKPOINTS =
            new CheckpointRepository.Curve(new long[0], new double[0]);

    private final FamilyRepository families;
    private final RunRepository runs;
    private final CheckpointRepository checkpoints;
    private final TransactionTemplate reads;
    private final FamilyVersions versions;

    StoredFamilyCatalog(FamilyRepository families, RunRepository runs, CheckpointRepository checkpoints,
            PlatformTransactionManager transactions, FamilyVersions versions) {
        this.families = families;
        this.versions = versions;
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.reads = FamilyService.readOnlySnapshot(transactions);
    }

    @Override
    public Optional<FamilyVersion> version(String family) {
        return versions.version(family,
                slug -> families.state(slug).map(state -> new FamilyVersion(state.id(), state.dataVersion())));
    }

    @Override
    public Optional<FamilySnapshot> snapshot(String family) {
        return reads.execute(status -> families.state(family).map(state -> {
            var curves = checkpoints.forFamily(state.id());
            List<RunSnapshot> snapshots = new ArrayList<>();
            for (RunRepository.StoredRun stored : runs.findAll(state.id())) {
                RunSummary run = stored.summary();
                CheckpointRepository.Curve curve = curves.getOrDefault(stored.id(), NO_CHECKPOINTS);
                PrunedModel model = new PrunedModel(run.paramsBefore(), run.paramsAfter(), run.pruningRate(),
                        run.lossBefore());
                snapshots.add(new RunSnapshot(run.runId(), run.baseModel(), run.pruningMethod(), model, curve.tokens(),
                        curve.losses()));
            }
            return new FamilySnapshot(family, state.dataVersion(), snapshots);
        }));
    }
}
