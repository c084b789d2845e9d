-- Every committed change to a family's data version is announced with the version itself on the
-- channel p2law_family_versions: '<id> <data_version> <slug>' for a family created or changed,
-- '<id> deleted <slug>' for one deleted, '*' for a truncation. An instance that knows the new
-- version from the announcement keeps answering from memory; with V2's slug-only payload it had to
-- forget the version and read it again, which under a family appended to hundreds of times a second
-- put a database round trip back on the prediction path. V2's channel stays for instances of the
-- previous release during a rolling upgrade.

create function announce_family_version() returns trigger
    language plpgsql as
$$
begin
    if tg_level = 'STATEMENT' then
        perform pg_notify('p2law_family_versions', '*');
    elsif tg_op = 'DELETE' then
        perform pg_notify('p2law_family_versions', old.id || ' deleted ' || old.slug);
    else
        perform pg_notify('p2law_family_versions', new.id || ' ' || new.data_version || ' ' || new.slug);
    end if;
    return null;
end
$$;

create trigger family_version_changed
    after insert or delete or update of data_version on family
    for each row execute function announce_family_version();

create trigger family_version_truncated
    after truncate on family
    for each statement execute function announce_family_version();
