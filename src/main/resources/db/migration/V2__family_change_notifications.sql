-- Every committed change to a family's data version, and every family created or deleted, is
-- announced on the channel p2law_family_changed with the family's slug as payload; a truncation
-- announces '*'. Service instances keep data versions in memory on the strength of these
-- announcements (io.p2law.family.FamilyChangeListener), so the trigger, not the service code,
-- announces: a change made by any instance, or by hand in psql, reaches them all. PostgreSQL sends
-- notifications only when the transaction commits, and never for one that rolls back.

create function announce_family_change() returns trigger
    language plpgsql as
$$
begin
    if tg_level = 'STATEMENT' then
        perform pg_notify('p2law_family_changed', '*');
    elsif tg_op = 'DELETE' then
        perform pg_notify('p2law_family_changed', old.slug);
    else
        perform pg_notify('p2law_family_changed', new.slug);
    end if;
    return null;
end
$$;

create trigger family_changed
    after insert or delete or update of data_version on family
    for each row execute function announce_family_change();

create trigger family_truncated
    after truncate on family
    for each statement execute function announce_family_change();
