package io.p2law.family.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Repository
public class FamilyRepository {

    /** A family row written by this request, and whether the request created it. */
    record Written(FamilyState state, boolean created) {
    }

    private static final String SELECT_WITH_COUNTS = """
            select f.id, f.slug, f.display_name, f.description, f.pruning_method, f.data_version,
                   f.created_at, f.updated_at,
                   (select count(*) from run r where r.family_id = f.id) as run_count,
                   (select count(*) from checkpoint c join run r on r.id = c.run_id
                     where r.family_id = f.id) as checkpoint_count
              from family f
            """;

    private final JdbcClient jdbc;
    private final FamilyVersions versions;

    FamilyRepository(JdbcClient jdbc, FamilyVersions versions) {
        this.jdbc = jdbc;
        this.versions = versions;
    }

    Optional<FamilyRow> find(String slug) {
        return jdbc.sql(SELECT_WITH_COUNTS + " where f.slug = ?").param(slug).query(FamilyRepository::row).optional();
    }

    List<FamilyRow> findAll() {
        return jdbc.sql(SELECT_WITH_COUNTS + " order by f.slug").query(FamilyRepository::row).list();
    }

    Optional<FamilyState> state(String slug) {
        return jdbc.sql("select id, data_version, updated_at from family where slug = ?")
                .param(slug).query(FamilyRepository::state).optional();
    }

    /** The family's state, its row locked until the transaction ends: writers of one family queue here. */
    Optional<FamilyState> lock(String slug) {
        return jdbc.sql("select id, data_version, updated_at from family where slug = ? for update")
                .param(slug).query(FamilyRepository::state).optional();
    }

    /**
     * Creates the family at data version 1, or counts one more change to it; either way the row
     * stays locked until the transaction ends, so concurrent uploads to one family serialise here
     * and each one is counted exactly once.
     */
    Written createOrCountChange(String slug) {
        Written written = jdbc.sql("""
                insert into family (slug, data_version) values (?, 1)
                on conflict (slug) do update
                   set data_version = family.data_version + 1, updated_at = now()
                returning id, data_version, updated_at, (xmax = 0) as created
                """).param(slug).query(FamilyRepository::written).single();
        afterCommit(() -> versions.changed(slug, written.state().version()));
        return written;
    }

    /** Counts one more change to a family whose row this transaction has locked. */
    FamilyState countChange(long id) {
        FamilyState state = jdbc.sql("""
                update family set data_version = data_version + 1, updated_at = now()
                 where id = ? returning id, data_version, updated_at
                """).param(id).query(FamilyRepository::state).single();
        afterCommit(() -> versions.changed(state.version()));
        return state;
    }

    Written putDetails(String slug, FamilyDetails details) {
        return jdbc.sql("""
                insert into family (slug, display_name, description, pruning_method) values (?, ?, ?, ?)
                on conflict (slug) do update
                   set display_name = excluded.display_name, description = excluded.description,
                       pruning_method = excluded.pruning_method, updated_at = now()
                returning id, data_version, updated_at, (xmax = 0) as created
                """).params(slug, details.displayName(), details.description(), details.pruningMethod())
                .query(FamilyRepository::written).single();
    }

    boolean delete(String slug) {
        Optional<Long> deleted = jdbc.sql("delete from family where slug = ? returning id").param(slug)
                .query(Long.class).optional();
        deleted.ifPresent(id -> afterCommit(() -> versions.deleted(slug, id)));
        return deleted.isPresent();
    }

    /**
     * This instance takes the family's new data version as soon as the change commits, before the
     * writer's response goes out: the database's change notification (migration V52) tells every
     * instance too, but a client reading its own write must not race it. Outside a transaction the
     * statement has committed already.
     */
    private static void afterCommit(Runnable tell) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            tell.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                tell.run();
            }
        });
    }

    private static FamilyRow row(ResultSet rs, int rowNum) throws SQLException {
        return new FamilyRow(state(rs, rowNum), rs.getString("slug"), rs.getString("display_name"),
                rs.getString("description"), rs.getString("pruning_method"), rs.getLong("run_count"),
                rs.getLong("checkpoint_count"), instant(rs, "created_at"));
    }

    private static FamilyState state(ResultSet rs, int rowNum) throws SQLException {
        return new FamilyState(rs.getLong("id"), rs.getLong("data_version"), instant(rs, "updated_at"));
    }

    private static Written written(ResultSet rs, int rowNum) throws SQLException {
        return new Written(state(rs, rowNum), rs.getBoolean("created"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
