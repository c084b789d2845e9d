package io.p2law.family.internal;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.stereotype.Repository;

import io.p2law.family.RunSnapshot;

/**
 * A bulk upload's checkpoints go in with PostgreSQL's {@code COPY} (binary, through the driver's
 * {@code CopyManager}) on the surrounding transaction's connection: no SQL per row or per chunk and
 * no number formatting. Upserts of a few checkpoints are arrays unnested by PostgreSQL.
 */
@Repository
public class CheckpointRepository {

    private static final int CHUNK = 100_000;
    /**
     * Checkpoints per {@code COPY} statement: a 10M-checkpoint upload as one statement ran for 12.7 s
     * on a quiet machine, near the 15 s statement timeout, and past it on a busy one; a million take
     * about 1.3 s. The statements share the upload's transaction, so it still commits or rolls back whole.
     */
    static final int ROWS_PER_COPY = 1_000_000;
    /** Bytes handed to the driver at a time while copying. */
    private static final int COPY_BUFFER = 1 << 20;
    /** The binary COPY signature, flags and header extension length. */
    private static final byte[] COPY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};

    /** One run's checkpoints in tokens order, as parallel arrays. */
    record Curve(long[] tokens, double[] losses) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    CheckpointRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    void deleteForRuns(long[] runKeys) {
        jdbc.sql("delete from checkpoint where run_id = any(?)").param(runKeys).update();
    }

    /**
     * Inserts the runs' checkpoints ({@code runKeys[r]} is run {@code r}'s key) with binary {@code COPY}
     * statements of at most {@link #ROWS_PER_COPY} rows on the transaction's connection, so they commit
     * or roll back with the rest of the upload.
     */
    void insert(long[] runKeys, List<RunSnapshot> runs) {
        insert(runKeys, runs, ROWS_PER_COPY);
    }

    void insert(long[] runKeys, List<RunSnapshot> runs, int rowsPerCopy) {
        if (runs.stream().allMatch(run -> run.checkpointCount() == 0)) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyManager copies = connection.unwrap(PGConnection.class).getCopyAPI();
            ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
            CopyIn copy = null;
            try {
                int rows = 0;
                for (int r = 0; r < runs.size(); r++) {
                    long[] tokens = runs.get(r).tokens();
                    double[] losses = runs.get(r).losses();
                    for (int i = 0; i < tokens.length; i++) {
                        if (copy == null) {
                            copy = copies.copyIn("copy checkpoint (run_id, tokens, loss) from stdin (format binary)");
                            buffer.clear();
                            buffer.put(COPY_HEADER);
                        }
                        if (buffer.remaining() < 38) {
                            copy.writeToCopy(buffer.array(), 0, buffer.position());
                            buffer.clear();
                        }
                        // a row: 3 fields, each its length (8) then the big-endian value
                        buffer.putShort((short) 3).putInt(8).putLong(runKeys[r]).putInt(8).putLong(tokens[i])
                                .putInt(8).putDouble(losses[i]);
                        if (++rows == rowsPerCopy) {
                            end(copy, buffer);
                            copy = null;
                            rows = 0;
                        }
                    }
                }
                if (copy != null) {
                    end(copy, buffer);
                }
            } finally {
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new SQLErrorCodeSQLExceptionTranslator(dataSource).translate("COPY checkpoint", null, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void end(CopyIn copy, ByteBuffer buffer) throws SQLException {
        if (buffer.remaining() < 2) {
            copy.writeToCopy(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        buffer.putShort((short) -1);
        copy.writeToCopy(buffer.array(), 0, buffer.position());
        copy.endCopy();
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
