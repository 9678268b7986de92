"""PostgreSQL's roles for a team: who may read, who may append, who owns the schema.

Three group roles (NOLOGIN; people log in as their own users and are granted one of them):

- `<prefix>_reader`: SELECT on every table, nothing else.
- `<prefix>_analyst`: the reader's rights, INSERT on `events` (never UPDATE, DELETE or TRUNCATE), the
  registries (parties, aliases, sources: reference data an append may add to or correct), and the
  projections (`streams`, `snapshots`) only through the append path: a trigger lets an analyst write
  them only in the transaction that has just appended the head event, and for snapshots only rows from
  that head on, closing only current rows at that head. What remains possible (writing a wrong snapshot
  row in one's own append, through raw SQL) is a cache entry, checked by its checksum on every read
  and compared with a rebuild by `tracker verify --deep`.
- `<prefix>_owner`: owns the schema, the tables and the trigger functions: migrations, `tracker rebuild`.
  Only an owner (or a superuser) can alter or drop the tables or their triggers.

Grants are per schema: run the setup once per store (the roles are shared by the whole cluster).
"""

from __future__ import annotations

from sqlalchemy import Connection

from tracker.store.versions import VERSION_TABLE

ROLES = ("reader", "analyst", "owner")
TABLES = ("tracker_meta", "parties", "party_aliases", "sources", "events", "streams", "snapshots")
FUNCTIONS = ("tracker_events_append_only()", "tracker_events_recorded_by()", "tracker_append_path()")
OPEN_TEXT = str(2**62)

# The projections' guard. A member of the table's owner role (or a superuser) passes; anyone else may
# write only in the transaction that appended the head event: a visible row whose inserting transaction
# is still in progress can only be this transaction's own (other transactions' uncommitted rows are not
# visible), savepoints included.
APPEND_PATH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION tracker_append_path() RETURNS trigger AS $$
DECLARE
  head bigint;
  mine boolean;
BEGIN
  IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RETURN NEW;
  END IF;
  SELECT e.position,
         pg_xact_status(((pg_current_xact_id()::text::bigint >> 32 << 32) | e.xmin::text::bigint)::text::xid8)
           = 'in progress'
    INTO head, mine FROM events e ORDER BY e.position DESC LIMIT 1;
  IF head IS NULL OR NOT mine THEN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is written only by an append through the tracker';
  END IF;
  IF TG_TABLE_NAME = 'snapshots' THEN
    IF TG_OP = 'INSERT' AND (NEW.rec_from <> head OR NEW.rec_to <> {OPEN_TEXT}) THEN
      RAISE EXCEPTION USING MESSAGE = 'snapshots: an append adds rows from its own head position only';
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.rec_to <> {OPEN_TEXT} OR NEW.rec_to <> head
        OR (NEW.proposal_id, NEW.valid_from, NEW.rec_from, NEW.state, NEW.checksum)
           IS DISTINCT FROM (OLD.proposal_id, OLD.valid_from, OLD.rec_from, OLD.state, OLD.checksum)) THEN
      RAISE EXCEPTION USING MESSAGE = 'snapshots: an append only closes current rows at its own head position';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def role_names(prefix: str) -> dict[str, str]:
    return {kind: f"{prefix}_{kind}" for kind in ROLES}


def setup_roles(conn: Connection, prefix: str) -> list[str]:
    """Create the roles that are missing and grant this schema's rights; returns what was done, line by line."""
    names = role_names(prefix)
    done: list[str] = []
    existing = {r for (r,) in conn.exec_driver_sql("SELECT rolname FROM pg_roles")}
    for kind, name in names.items():
        if name not in existing:
            conn.exec_driver_sql(f'CREATE ROLE "{name}" NOLOGIN')
            done.append(f"created role {name}")
    reader, analyst, owner = (f'"{names[k]}"' for k in ROLES)
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    quoted = '"' + schema.replace('"', '""') + '"'
    # Ownership can be handed only to a role one may act as: the person running the setup joins the owners.
    me = conn.exec_driver_sql("SELECT current_user").scalar_one()
    if not conn.exec_driver_sql("SELECT pg_has_role(current_user, %s, 'MEMBER')", (names["owner"],)).scalar_one():
        conn.exec_driver_sql(f'GRANT {owner} TO "{me}"')
    conn.exec_driver_sql(APPEND_PATH_FUNCTION)
    for table in ("streams", "snapshots"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_append_path ON {table}")
        conn.exec_driver_sql(f"CREATE TRIGGER {table}_append_path BEFORE INSERT OR UPDATE ON {table} "
                             "FOR EACH ROW EXECUTE FUNCTION tracker_append_path()")
    conn.exec_driver_sql(f"ALTER SCHEMA {quoted} OWNER TO {owner}")
    # Alembic's revision table too: read on every open, written only by a migration (a store from before the
    # migrations moved to Alembic has none until its first migration, made by the owners' role).
    versions = conn.exec_driver_sql("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                    "current_schema() AND table_name = %s", (VERSION_TABLE,)).all()
    for table in (*TABLES, *(name for (name,) in versions)):
        conn.exec_driver_sql(f"ALTER TABLE {table} OWNER TO {owner}")
        conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM PUBLIC, {reader}, {analyst}")
        conn.exec_driver_sql(f"GRANT SELECT ON {table} TO {reader}, {analyst}")
    for function in FUNCTIONS:
        conn.exec_driver_sql(f"ALTER FUNCTION {function} OWNER TO {owner}")
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {quoted} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {quoted} TO {reader}, {analyst}")
    conn.exec_driver_sql(f"GRANT INSERT ON events TO {analyst}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE ON streams, snapshots, parties, sources TO {analyst}")
    conn.exec_driver_sql(f"GRANT INSERT ON party_aliases TO {analyst}")
    # Tables a later migration adds are readable by both at once.
    conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {quoted} "
                         f"GRANT SELECT ON TABLES TO {reader}, {analyst}")
    done.append(f"schema {schema}: owned by {names['owner']}; {names['reader']} reads; {names['analyst']} reads "
                "and appends (events insert-only, projections through the append path)")
    return done


def owner_of_schema(conn: Connection) -> str | None:
    """The role owning the current schema, if the current user may act as it and is not it (else None)."""
    row = conn.exec_driver_sql(
        "SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner "
        "WHERE n.nspname = current_schema() AND r.rolname <> current_user "
        "AND pg_has_role(current_user, r.oid, 'MEMBER') AND NOT r.rolsuper").first()
    return row[0] if row else None
