-- A bulk upload writes up to millions of checkpoints of runs it created a moment before, in one
-- transaction that holds its family's row lock. The foreign key checked each of those rows on its
-- own (one index probe and row lock per checkpoint: most of a 1M-checkpoint upload's time); the
-- same rule is now checked once per statement, with one join over the rows it inserted, and the
-- cascade on a run's deletion is one statement too. Runs and their checkpoints are only written
-- under the family's row lock, so the row locks the foreign key took guarded no race here.
alter table checkpoint drop constraint checkpoint_run_id_fkey;

create function checkpoint_runs_exist() returns trigger language plpgsql as $$
begin
    if exists (select 1 from inserted_checkpoint c where not exists (select 1 from run r where r.id = c.run_id)) then
        raise foreign_key_violation using message = 'checkpoint references a run that does not exist',
            table = 'checkpoint', constraint = 'checkpoint_run_id_fkey';
    end if;
    return null;
end
$$;

create trigger checkpoint_runs_exist after insert on checkpoint
    referencing new table as inserted_checkpoint
    for each statement execute function checkpoint_runs_exist();

create function run_checkpoints_delete() returns trigger language plpgsql as $$
begin
    delete from checkpoint c using deleted_run d where c.run_id = d.id;
    return null;
end
$$;

-- Also fires for the runs a family's deletion cascades to.
create trigger run_checkpoints_delete after delete on run
    referencing old table as deleted_run
    for each statement execute function run_checkpoints_delete();
