package io.p2law.family.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.p2law.family.RunSnapshot;
import io.p2law.fitting.PrunedModel;
import io.p2law.support.IntegrationTest;

/** An upload's checkpoints in COPY statements of bounded size: every row lands, and a bad batch undoes all. */
@IntegrationTest
class CheckpointCopyTests {

    @Autowired
    CheckpointRepository checkpoints;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private long run(long family, String runId) {
        return jdbc.sql("""
                insert into run (family_id, run_id, base_model, pruning_method, params_before, params_after, pruning_rate)
                values (?, ?, 'm', 'depth', 1000, 900, 0.1) returning id
                """).params(family, runId).query(Long.class).single();
    }

    private long family() {
        return jdbc.sql("insert into family (slug) values (?) returning id").param("copy-" + System.nanoTime())
                .query(Long.class).single();
    }

    private static RunSnapshot curve(String runId, int count) {
        long[] tokens = new long[count];
        double[] losses = new double[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = 1_000_000L * (i + 1);
            losses[i] = 3.0 - 0.01 * i;
        }
        return new RunSnapshot(runId, "m", "depth", new PrunedModel(1000, 900, 0.1, 2.5), tokens, losses);
    }

    @Test
    void checkpointsSpanningSeveralCopyStatementsAllLand() {
        long family = family();
        long[] keys = {run(family, "a"), run(family, "b")};

        new TransactionTemplate(transactions).executeWithoutResult(status ->
                checkpoints.insert(keys, List.of(curve("a", 5), curve("b", 7)), 3));

        List<Double> losses = jdbc.sql("select loss from checkpoint where run_id = ? order by tokens")
                .param(keys[1]).query(Double.class).list();
        assertThat(losses).hasSize(7).startsWith(3.0, 2.99).endsWith(2.94);
        assertThat(jdbc.sql("select count(*) from checkpoint where run_id = ?").param(keys[0]).query(Long.class)
                .single()).isEqualTo(5);
    }

    @Test
    void aLaterCopyStatementThatFailsUndoesTheEarlierOnes() {
        long family = family();
        long[] keys = {run(family, "a"), Long.MAX_VALUE};

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status ->
                checkpoints.insert(keys, List.of(curve("a", 4), curve("gone", 4)), 4)))
                .isInstanceOf(DataIntegrityViolationException.class);

        assertThat(jdbc.sql("select count(*) from checkpoint where run_id = ?").param(keys[0]).query(Long.class)
                .single()).isZero();
    }
}
