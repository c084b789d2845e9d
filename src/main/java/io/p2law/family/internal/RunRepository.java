package io.p2law.family.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.p2law.family.RunSnapshot;

import tools.jackson.databind.json.JsonMapper;

@Repository
public class RunRepository {

    /** A stored run: its database key and what the API shows. */
    record StoredRun(long id, RunSummary summary) {
    }

    /** The key of a run written by this request, and whether the request created it. */
    record Written(long id, boolean created) {
    }

    private static final String SELECT = """
            select r.id, r.run_id, r.base_model, r.pruning_method, r.params_before, r.params_after,
                   r.pruning_rate, r.loss_before, r.tags::text as tags, r.created_at, r.updated_at,
                   (select count(*) from checkpoint c where c.run_id = r.id) as checkpoint_count
              from run r
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Creates the run or replaces its fields (not its checkpoints), keeping its key and creation time. */
    Written upsert(long familyId, NewRun run) {
        RunSnapshot stored = run.run();
        return jdbc.sql("""
                insert into run (family_id, run_id, base_model, pruning_method, params_before, params_after,
                                 pruning_rate, loss_before, tags)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (family_id, run_id) do update
                   set base_model = excluded.base_model, pruning_method = excluded.pruning_method,
                       params_before = excluded.params_before, params_after = excluded.params_after,
                       pruning_rate = excluded.pruning_rate, loss_before = excluded.loss_before,
                       tags = excluded.tags, updated_at = now()
                returning id, (xmax = 0) as created
                """)
                .params(familyId, stored.runId(), stored.baseModel(), stored.pruningMethod(),
                        (long) stored.model().paramsBefore(), (long) stored.model().paramsAfter(),
                        stored.model().pruningRate(), stored.model().lossBefore(), json.writeValueAsString(run.tags()))
                .query((rs, n) -> new Written(rs.getLong("id"), rs.getBoolean("created"))).single();
    }

    Optional<StoredRun> find(long familyId, String runId) {
        return jdbc.sql(SELECT + " where r.family_id = ? and r.run_id = ?").params(familyId, runId)
                .query(this::stored).optional();
    }

    List<StoredRun> findAll(long familyId) {
        return jdbc.sql(SELECT + " where r.family_id = ? order by r.run_id").param(familyId).query(this::stored).list();
    }

    List<RunSummary> page(long familyId, int size, long offset) {
        return jdbc.sql(SELECT + " where r.family_id = ? order by r.run_id limit ? offset ?")
                .params(familyId, size, offset).query((rs, n) -> stored(rs, n).summary()).list();
    }

    long count(long familyId) {
        return jdbc.sql("select count(*) from run where family_id = ?").param(familyId).query(Long.class).single();
    }

    boolean delete(long familyId, String runId) {
        return jdbc.sql("delete from run where family_id = ? and run_id = ?").params(familyId, runId).update() > 0;
    }

    void touch(long id) {
        jdbc.sql("update run set updated_at = now() where id = ?").param(id).update();
    }

    private StoredRun stored(ResultSet rs, int rowNum) throws SQLException {
        Double lossBefore = rs.getObject("loss_before", Double.class);
        RunSummary summary = new RunSummary(rs.getString("run_id"), rs.getString("base_model"),
                rs.getString("pruning_method"), rs.getLong("params_before"), rs.getLong("params_after"),
                rs.getDouble("pruning_rate"), lossBefore, json.readTree(rs.getString("tags")),
                rs.getLong("checkpoint_count"), FamilyRepository.instant(rs, "created_at"),
                FamilyRepository.instant(rs, "updated_at"));
        return new StoredRun(rs.getLong("id"), summary);
    }
}
