-- A warm refit after a small change takes over the previous fit's calibration instead of running
-- its held-out refits again (issue 10): which data a fit's calibration was measured on. Nulls (fits
-- stored before this migration) mean the fit's own data.
alter table law_fit
    -- the data version, points and runs of the fit whose held-out refits measured the calibration
    add column calibration_data_version bigint,
    add column calibration_points       integer,
    add column calibration_runs         integer,
    -- the calibration's own warnings (also among the fit's warnings), handed on with it when reused
    add column calibration_warnings     text[];
