-- Families, their runs (pruned models) and the runs' post-training checkpoints.
-- The checks repeat the API's validation so that no path around the service can store what the
-- fitter would choke on.

create table family (
    id             bigint generated always as identity primary key,
    slug           text        not null unique check (slug ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    display_name   text,
    description    text,
    pruning_method text,
    -- Increases by exactly one with every committed request that changes the family's runs.
    data_version   bigint      not null default 0 check (data_version >= 0),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create table run (
    id             bigint generated always as identity primary key,
    family_id      bigint           not null references family (id) on delete cascade,
    run_id         text             not null check (run_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    base_model     text             not null,
    pruning_method text             not null,
    params_before  bigint           not null check (params_before > 0),
    params_after   bigint           not null check (params_after > 0 and params_after <= params_before),
    pruning_rate   double precision not null check (pruning_rate >= 0 and pruning_rate < 1),
    -- NaN sorts above every number in PostgreSQL, so "< 'Infinity'" also rejects NaN.
    loss_before    double precision check (loss_before > 0 and loss_before < 'Infinity'),
    tags           jsonb            not null default '{}' check (jsonb_typeof(tags) = 'object'),
    created_at     timestamptz      not null default now(),
    updated_at     timestamptz      not null default now(),
    unique (family_id, run_id)
);

create table checkpoint (
    run_id bigint           not null references run (id) on delete cascade,
    tokens bigint           not null check (tokens >= 0),
    loss   double precision not null check (loss > 0 and loss < 'Infinity'),
    primary key (run_id, tokens)
);
