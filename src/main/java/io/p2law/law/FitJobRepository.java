package io.p2law.law;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.p2law.fitting.FitOptions;

/**
 * The {@code fit_job} table: the queue of fits, shared by every instance on the database. Partial
 * unique indexes keep at most one queued and one running job per family, form and options; a job
 * is claimed with {@code FOR UPDATE SKIP LOCKED}, so instances never run the same job.
 */
@Repository
class FitJobRepository {

    private static final String COLUMNS = """
            id, family_id, family, form, options_key, huber_delta, starts, min_tokens, bootstrap_samples, seed, status,
            data_version, fit_id, reason, refused, requested_at, started_at, finished_at, starts_finished,
            starts_total, bootstrap_finished, bootstrap_total
            """;

    private final JdbcClient jdbc;

    FitJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The queued job for the family, form and options: a new one, or the one already waiting (then
     * asked for at the newer of the two data versions). Never a second queued job.
     */
    FitJob enqueue(long familyId, String family, FitSpec spec, long dataVersion) {
        FitOptions o = spec.options();
        return jdbc.sql("insert into fit_job (family_id, family, form, options_key, huber_delta, starts, min_tokens, "
                + "bootstrap_samples, seed, status, data_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?) "
                + "on conflict (family_id, form, options_key) where status = 'queued' do update "
                + "set data_version = greatest(fit_job.data_version, excluded.data_version) returning " + COLUMNS)
                .params(familyId, family, spec.form(), spec.optionsKey(), o.huberDelta(), o.starts(), o.minTokens(),
                        o.bootstrapSamples(), o.seed(), dataVersion)
                .query(FitJobRepository::job).single();
    }

    /**
     * The oldest queued job whose family, form and options have no running job, now running; empty
     * when there is none (or another instance took it first).
     */
    Optional<FitJob> claim() {
        try {
            return jdbc.sql("""
                    update fit_job set status = 'running', started_at = now(), heartbeat_at = now()
                     where id = (select j.id from fit_job j
                                  where j.status = 'queued'
                                    and not exists (select 1 from fit_job r
                                                     where r.status = 'running' and r.family_id = j.family_id
                                                       and r.form = j.form and r.options_key = j.options_key)
                                  order by j.id limit 1 for update skip locked)
                     returning\s""" + COLUMNS)
                    .query(FitJobRepository::job).optional();
        } catch (DuplicateKeyException e) {
            // another instance started a job of the same family, form and options in between
            return Optional.empty();
        }
    }

    /** The data version the running job fits, once it has read the family. */
    void fitting(long id, long dataVersion) {
        jdbc.sql("update fit_job set data_version = ? where id = ?").params(dataVersion, id).update();
    }

    /** Progress of running jobs, and proof that their instance is alive. */
    void heartbeat(List<FitJob> running) {
        for (FitJob job : running) {
            FitJob.Progress p = job.progress();
            jdbc.sql("""
                    update fit_job set heartbeat_at = now(), starts_finished = ?, starts_total = ?,
                           bootstrap_finished = ?, bootstrap_total = ?
                     where id = ? and status = 'running'
                    """)
                    .params(p.startsFinished(), p.starts(), p.bootstrapFinished(), p.bootstrapSamples(), job.id())
                    .update();
        }
    }

    void done(long id, long fitId, long dataVersion, FitJob.Progress progress) {
        jdbc.sql("""
                update fit_job set status = 'done', fit_id = ?, data_version = ?, finished_at = now(),
                       starts_finished = ?, starts_total = ?, bootstrap_finished = ?, bootstrap_total = ?
                 where id = ?
                """)
                .params(fitId, dataVersion, progress.startsFinished(), progress.starts(), progress.bootstrapFinished(),
                        progress.bootstrapSamples(), id)
                .update();
    }

    /** A running job this instance stops for its shutdown: queued again, or failed when a newer one waits. */
    void requeue(long id) {
        int failed = jdbc.sql("""
                update fit_job r set status = 'failed', finished_at = now(),
                       reason = 'the instance running this fit stopped before it finished; a newer fit is queued'
                 where r.id = ? and r.status = 'running'
                   and exists (select 1 from fit_job q where q.status = 'queued' and q.family_id = r.family_id
                                 and q.form = r.form and q.options_key = r.options_key)
                """).param(id).update();
        if (failed == 0) {
            jdbc.sql("""
                    update fit_job set status = 'queued', started_at = null, heartbeat_at = null, starts_finished = 0,
                           starts_total = 0, bootstrap_finished = 0, bootstrap_total = 0
                     where id = ? and status = 'running'
                    """).param(id).update();
        }
    }

    void failed(long id, String reason, boolean refused) {
        jdbc.sql("update fit_job set status = 'failed', reason = ?, refused = ?, finished_at = now() where id = ?")
                .params(reason, refused, id).update();
    }

    Optional<FitJob> find(long familyId, long id) {
        return jdbc.sql("select " + COLUMNS + " from fit_job where family_id = ? and id = ?").params(familyId, id)
                .query(FitJobRepository::job).optional();
    }

    Optional<FitJob> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from fit_job where id = ?").param(id)
                .query(FitJobRepository::job).optional();
    }

    /** The newest finished job of the family, form and options. */
    Optional<FitJob> latestFinished(long familyId, FitSpec spec) {
        return jdbc.sql("select " + COLUMNS + """
                 from fit_job where family_id = ? and form = ? and options_key = ? and status in ('done', 'failed')
                 order by id desc limit 1
                """)
                .params(familyId, spec.form(), spec.optionsKey()).query(FitJobRepository::job).optional();
    }

    /**
     * Running jobs whose instance stopped touching them (it stopped or lost the database) go back to
     * the queue, or fail with the reason when a newer job of theirs is queued already.
     */
    int recoverAbandoned(Duration silence) {
        Timestamp before = Timestamp.from(Instant.now().minus(silence));
        int failed = jdbc.sql("""
                update fit_job r set status = 'failed', finished_at = now(),
                       reason = 'the instance running this fit stopped before it finished; a newer fit is queued'
                 where r.status = 'running' and r.heartbeat_at < ?
                   and exists (select 1 from fit_job q where q.status = 'queued' and q.family_id = r.family_id
                                 and q.form = r.form and q.options_key = r.options_key)
                """).param(before).update();
        int requeued = jdbc.sql("""
                update fit_job set status = 'queued', started_at = null, heartbeat_at = null, starts_finished = 0,
                       starts_total = 0, bootstrap_finished = 0, bootstrap_total = 0
                 where status = 'running' and heartbeat_at < ?
                """).param(before).update();
        return failed + requeued;
    }

    private static FitJob job(ResultSet rs, int row) throws SQLException {
        FitOptions options = new FitOptions(rs.getDouble("huber_delta"), rs.getInt("starts"),
                rs.getDouble("min_tokens"), rs.getInt("bootstrap_samples"), rs.getLong("seed"));
        long fitId = rs.getLong("fit_id");
        Long fit = rs.wasNull() ? null : fitId;
        return new FitJob(rs.getLong("id"), rs.getLong("family_id"), rs.getString("family"), new FitSpec(rs.getString("form"), options),
                FitJob.Status.of(rs.getString("status")), rs.getLong("data_version"), fit, rs.getString("reason"),
                rs.getBoolean("refused"), instant(rs, "requested_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), new FitJob.Progress(rs.getInt("starts_finished"), rs.getInt("starts_total"),
                        rs.getInt("bootstrap_finished"), rs.getInt("bootstrap_total")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
