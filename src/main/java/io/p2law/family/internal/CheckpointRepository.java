package io.p2law.family.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Checkpoints are written as arrays unnested by PostgreSQL: one statement per chunk instead of one
 * per row, which is what makes a million-checkpoint upload take seconds.
 */
@Repository
public class CheckpointRepository {

    private static final int CHUNK = 100_000;

    /** One run's checkpoints in tokens order, as parallel arrays. */
    record Curve(long[] tokens, double[] losses) {
    }

    private final JdbcClient jdbc;

    CheckpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void deleteForRuns(long[] runKeys) {
        jdbc.sql("delete from checkpoint where run_id = any(?)").param(runKeys).update();
    }

    /** Inserts rows given as parallel arrays (run key, tokens, loss). */
    void insert(long[] runKeys, long[] tokens, double[] losses) {
        for (int from = 0; from < tokens.length; from += CHUNK) {
            int to = Math.min(tokens.length, from + CHUNK);
            jdbc.sql("insert into checkpoint (run_id, tokens, loss) select * from unnest(?::bigint[], ?::bigint[], ?::float8[])")
                    .params(Arrays.copyOfRange(runKeys, from, to), Arrays.copyOfRange(tokens, from, to),
                            Arrays.copyOfRange(losses, from, to))
                    .update();
        }
    }

    /** Inserts one run's checkpoints, overwriting the loss at tokens it already has. */
    void upsert(long runKey, long[] tokens, double[] losses) {
        for (int from = 0; from < tokens.length; from += CHUNK) {
            int to = Math.min(tokens.length, from + CHUNK);
            jdbc.sql("""
                    insert into checkpoint (run_id, tokens, loss)
                    select ?, * from unnest(?::bigint[], ?::float8[])
                    on conflict (run_id, tokens) do update set loss = excluded.loss
                    """)
                    .params(runKey, Arrays.copyOfRange(tokens, from, to), Arrays.copyOfRange(losses, from, to))
                    .update();
        }
    }

    List<Checkpoint> forRun(long runKey) {
        return jdbc.sql("select tokens, loss from checkpoint where run_id = ? order by tokens").param(runKey)
                .query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getDouble(2))).list();
    }

    /** The checkpoints at the given tokens of one run, by tokens. */
    Map<Long, Double> lossesAt(long runKey, long[] tokens) {
        Map<Long, Double> losses = new HashMap<>();
        jdbc.sql("select tokens, loss from checkpoint where run_id = ? and tokens = any(?)").params(runKey, tokens)
                .query(rs -> {
                    losses.put(rs.getLong(1), rs.getDouble(2));
                });
        return losses;
    }

    /** Every checkpoint of a family's runs, by run key, each curve in tokens order. */
    Map<Long, Curve> forFamily(long familyId) {
        Map<Long, List<Checkpoint>> byRun = new HashMap<>();
        jdbc.sql("""
                select c.run_id, c.tokens, c.loss from checkpoint c join run r on r.id = c.run_id
                 where r.family_id = ? order by c.run_id, c.tokens
                """).param(familyId)
                .query(rs -> {
                    byRun.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Checkpoint(rs.getLong(2), rs.getDouble(3)));
                });
        Map<Long, Curve> curves = new HashMap<>();
        byRun.forEach((run, checkpoints) -> {
            long[] tokens = new long[checkpoints.size()];
            double[] losses = new double[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = checkpoints.get(i).tokens();
                losses[i] = checkpoints.get(i).loss();
            }
            curves.put(run, new Curve(tokens, losses));
        });
        return curves;
    }
}
