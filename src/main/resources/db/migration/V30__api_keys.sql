-- API keys. Only a SHA-256 hash of each key is kept: keys are 32 random bytes (or, for the key set
-- by P2LAW_ADMIN_KEY, at least 24 characters the operator chose), too much entropy for a slow hash
-- to add anything. A revoked key keeps its row (revoked_at set) so the list shows what was revoked.
create table api_key (
    id          text primary key,
    name        text not null,
    scopes      text[] not null,
    secret_hash bytea not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);
