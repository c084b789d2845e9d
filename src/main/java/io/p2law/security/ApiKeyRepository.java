package io.p2law.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

    /** A stored key: never its text, only the hash of it. */
    record StoredKey(String id, String name, Set<ApiKeyScope> scopes, byte[] secretHash, Instant createdAt,
            Instant revokedAt) {

        StoredKey {
            scopes = Set.copyOf(scopes);
            secretHash = secretHash.clone();
        }

        @Override
        public byte[] secretHash() {
            return secretHash.clone();
        }

        boolean revoked() {
            return revokedAt != null;
        }
    }

    private static final String COLUMNS = "select id, name, scopes, secret_hash, created_at, revoked_at from api_key";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredKey> find(String id) {
        return jdbc.sql(COLUMNS + " where id = ?").param(id).query(ApiKeyRepository::row).optional();
    }

    List<StoredKey> findAll() {
        return jdbc.sql(COLUMNS + " order by created_at, id").query(ApiKeyRepository::row).list();
    }

    StoredKey insert(String id, String name, Set<ApiKeyScope> scopes, byte[] secretHash) {
        return jdbc.sql("insert into api_key (id, name, scopes, secret_hash) values (?, ?, ?, ?) returning "
                        + "id, name, scopes, secret_hash, created_at, revoked_at")
                .params(id, name, wire(scopes), secretHash).query(ApiKeyRepository::row).single();
    }

    /** The key set by configuration: created, or given the configured text again and un-revoked. */
    void upsertConfigured(byte[] secretHash) {
        jdbc.sql("""
                insert into api_key (id, name, scopes, secret_hash) values (?, 'P2LAW_ADMIN_KEY', '{admin}', ?)
                on conflict (id) do update set secret_hash = excluded.secret_hash, scopes = excluded.scopes,
                                               revoked_at = null
                """).params(ApiKeyToken.CONFIGURED_ID, secretHash).update();
    }

    /** Whether a key was revoked now (false: unknown, or revoked before). */
    boolean revoke(String id) {
        return jdbc.sql("update api_key set revoked_at = now() where id = ? and revoked_at is null")
                .param(id).update() == 1;
    }

    boolean exists(String id) {
        return jdbc.sql("select count(*) from api_key where id = ?").param(id).query(Long.class).single() > 0;
    }

    boolean anyActiveAdminKey() {
        return jdbc.sql("select exists (select 1 from api_key where revoked_at is null and 'admin' = any (scopes))")
                .query(Boolean.class).single();
    }

    /** Serialises first starts of several instances on one database until the transaction ends. */
    void lockBootstrap() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('p2law.api_key.bootstrap'))").query().singleRow();
    }

    private static String[] wire(Set<ApiKeyScope> scopes) {
        return scopes.stream().sorted().map(ApiKeyScope::wireName).toArray(String[]::new);
    }

    private static StoredKey row(ResultSet rs, int rowNum) throws SQLException {
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        Array array = rs.getArray("scopes");
        for (Object name : (Object[]) array.getArray()) {
            ApiKeyScope.fromWire(String.valueOf(name)).ifPresent(scopes::add);
        }
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        return new StoredKey(rs.getString("id"), rs.getString("name"), scopes, rs.getBytes("secret_hash"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
