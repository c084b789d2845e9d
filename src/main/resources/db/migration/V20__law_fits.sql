-- Fitted laws, one row per fit. A fit is current for its family while family.data_version equals
-- law_fit.data_version; older rows stay as the family's fit history.
create table law_fit (
    id                   bigint generated always as identity primary key,
    family_id            bigint not null references family (id) on delete cascade,
    form                 text not null,
    -- The options below in one canonical string, so that "same options" is one equality test.
    options_key          text not null,
    huber_delta          double precision not null,
    starts               integer not null,
    min_tokens           double precision not null,
    bootstrap_samples    integer not null,
    seed                 bigint not null,
    data_version         bigint not null,
    objective            double precision not null,
    r2                   double precision not null,
    rmse                 double precision not null,
    asd                  double precision not null,
    points               integer not null,
    runs                 integer not null,
    starts_run           integer not null,
    starts_at_best       integer not null,
    converged            boolean not null,
    warnings             text[] not null,
    -- Bootstrap replicates of the constants, row-major: one row of parameter-count values per resample.
    bootstrap_values     double precision[] not null,
    -- What the fitted data covers, for extrapolation warnings without reading the runs again.
    params_before_min    double precision not null,
    params_before_max    double precision not null,
    pruning_rate_min     double precision not null,
    pruning_rate_max     double precision not null,
    tokens_min           double precision not null,
    tokens_max           double precision not null,
    fitted_at            timestamptz not null default now(),
    duration_millis      bigint not null
);

create index law_fit_current on law_fit (family_id, form, options_key, data_version desc);
create index law_fit_history on law_fit (family_id, fitted_at desc);

create table law_fit_parameter (
    fit_id     bigint not null references law_fit (id) on delete cascade,
    position   integer not null,
    name       text not null,
    value      double precision not null,
    std_error  double precision not null,
    lower      double precision not null,
    upper      double precision not null,
    primary key (fit_id, position)
);
