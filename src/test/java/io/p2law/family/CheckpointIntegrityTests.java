package io.p2law.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.p2law.support.IntegrationTest;

/** The rules the per-row foreign key kept, now checked once per statement (V41), still hold. */
@IntegrationTest
class CheckpointIntegrityTests {

    @Autowired
    JdbcClient jdbc;

    private long run(String slug) {
        long family = jdbc.sql("insert into family (slug) values (?) returning id").param(slug).query(Long.class).single();
        return jdbc.sql("""
                insert into run (family_id, run_id, base_model, pruning_method, params_before, params_after, pruning_rate)
                values (?, 'r1', 'm', 'depth', 1000, 900, 0.1) returning id
                """).param(family).query(Long.class).single();
    }

    @Test
    void aCheckpointOfARunThatDoesNotExistIsRefusedWithTheWholeStatement() {
        long run = run("integrity-" + System.nanoTime());
        assertThatThrownBy(() -> jdbc.sql("insert into checkpoint (run_id, tokens, loss) values (?, 1, 2.5), (?, 2, 2.4)")
                .params(run, Long.MAX_VALUE).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("does not exist");
        assertThat(jdbc.sql("select count(*) from checkpoint where run_id = ?").param(run).query(Long.class).single())
                .isZero();
    }

    @Test
    void deletingARunOrItsFamilyDeletesItsCheckpoints() {
        String slug = "integrity-" + System.nanoTime();
        long run = run(slug);
        jdbc.sql("insert into checkpoint (run_id, tokens, loss) select ?, g, 2.5 from generate_series(1, 100) g")
                .param(run).update();
        long other = run(slug + "-b");
        jdbc.sql("insert into checkpoint (run_id, tokens, loss) values (?, 1, 2.5)").param(other).update();

        jdbc.sql("delete from run where id = ?").param(run).update();
        assertThat(jdbc.sql("select count(*) from checkpoint where run_id = ?").param(run).query(Long.class).single())
                .isZero();
        jdbc.sql("delete from family where slug = ?").param(slug + "-b").update();
        assertThat(jdbc.sql("select count(*) from checkpoint where run_id = ?").param(other).query(Long.class).single())
                .isZero();
    }
}
