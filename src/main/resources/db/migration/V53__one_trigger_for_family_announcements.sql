-- V2's trigger function announces on both channels, and V52's function and pair of triggers go:
-- each change to a family row then fires one trigger, not two, with the same payloads as before on
-- both channels (p2law_family_changed for instances of the release before V52 during a rolling
-- upgrade, p2law_family_versions for this one). A migration of its own rather than an edit of V52,
-- which databases of the previous release have already applied.

create or replace function announce_family_change() returns trigger
    language plpgsql as
$$
begin
    if tg_level = 'STATEMENT' then
        perform pg_notify('p2law_family_changed', '*');
        perform pg_notify('p2law_family_versions', '*');
    elsif tg_op = 'DELETE' then
        perform pg_notify('p2law_family_changed', old.slug);
        perform pg_notify('p2law_family_versions', old.id || ' deleted ' || old.slug);
    else
        perform pg_notify('p2law_family_changed', new.slug);
        perform pg_notify('p2law_family_versions', new.id || ' ' || new.data_version || ' ' || new.slug);
    end if;
    return null;
end
$$;

drop trigger family_version_changed on family;
drop trigger family_version_truncated on family;
drop function announce_family_version();
