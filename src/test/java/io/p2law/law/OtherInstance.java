package io.p2law.law;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Another service instance on the same database, seen only through the fit job rows it writes. */
final class OtherInstance {

    private OtherInstance() {
    }

    /**
     * A job of {@code spec} the other instance runs, its heartbeat {@code heartbeat} (a PostgreSQL
     * interval from now: in the future it stays alive, an hour ago it stopped); returns its id.
     */
    static long running(JdbcClient jdbc, String family, FitSpec spec, String heartbeat) {
        long familyId = jdbc.sql("select id from family where slug = ?").param(family).query(Long.class).single();
        return jdbc.sql("""
                insert into fit_job (family_id, family, form, options_key, huber_delta, starts, min_tokens,
                    bootstrap_samples, seed, status, data_version, started_at, heartbeat_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', 1, now(), now() + ?::interval)
                returning id
                """).params(familyId, family, spec.form(), spec.optionsKey(), spec.options().huberDelta(),
                        spec.options().starts(), spec.options().minTokens(), spec.options().bootstrapSamples(),
                        spec.options().seed(), heartbeat)
                .query(Long.class).single();
    }

    /** The other instance's job ends (it failed there), so this instance's queued one may start. */
    static void ends(JdbcClient jdbc, long job) {
        jdbc.sql("update fit_job set status = 'failed', reason = 'other instance', finished_at = now() where id = ?")
                .param(job).update();
    }
}
