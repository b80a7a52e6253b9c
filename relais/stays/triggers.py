"""Database triggers: never more open stays in a structure than its places in service today.

"Today" is the UTC date on SQLite (it has no time-zone database) and the Paris date on
PostgreSQL; around midnight the SQLite check may be one day off, the service's own check
(local date, under the structure row lock) stays exact.

The admission service already serialises on the structure row (`select_for_update`); these make
the rule hold whatever writes to the table. On PostgreSQL the trigger takes the same row lock
first, so concurrent inserts cannot both pass the count.
"""

TABLE = "stays_stay"
MESSAGE = "Plus aucune place libre dans cette structure."

_CAPACITY_SQLITE = """(SELECT COUNT(DISTINCT p.id) FROM structures_place p
    JOIN structures_placeserviceperiod sp ON sp.place_id = p.id
    WHERE p.structure_id = NEW.structure_id AND sp.start <= date('now')
    AND (sp."end" IS NULL OR sp."end" > date('now')))"""

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_capacity_insert BEFORE INSERT ON {TABLE}
    WHEN NEW.exited_at IS NULL AND
    (SELECT COUNT(*) FROM {TABLE} s WHERE s.structure_id = NEW.structure_id AND s.exited_at IS NULL)
    >= {_CAPACITY_SQLITE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",  # noqa: S608 - constants only
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_capacity_update BEFORE UPDATE OF exited_at, structure_id ON {TABLE}
    WHEN NEW.exited_at IS NULL AND (OLD.exited_at IS NOT NULL OR OLD.structure_id != NEW.structure_id) AND
    (SELECT COUNT(*) FROM {TABLE} s WHERE s.structure_id = NEW.structure_id AND s.exited_at IS NULL
     AND s.id != NEW.id)
    >= {_CAPACITY_SQLITE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",  # noqa: S608 - constants only
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_capacity_insert;",
    f"DROP TRIGGER IF EXISTS {TABLE}_capacity_update;",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_capacity() RETURNS trigger AS $$
    DECLARE open_count integer; capacity integer;
    BEGIN
      IF NEW.exited_at IS NOT NULL THEN RETURN NEW; END IF;
      IF TG_OP = 'UPDATE' AND OLD.exited_at IS NULL AND OLD.structure_id = NEW.structure_id THEN
        RETURN NEW;
      END IF;
      PERFORM 1 FROM structures_structure WHERE id = NEW.structure_id FOR UPDATE;
      SELECT COUNT(*) INTO open_count FROM {TABLE}
        WHERE structure_id = NEW.structure_id AND exited_at IS NULL AND id <> NEW.id;
      SELECT COUNT(DISTINCT p.id) INTO capacity FROM structures_place p
        JOIN structures_placeserviceperiod sp ON sp.place_id = p.id
        WHERE p.structure_id = NEW.structure_id AND sp.start <= (now() AT TIME ZONE 'Europe/Paris')::date
        AND (sp."end" IS NULL OR sp."end" > (now() AT TIME ZONE 'Europe/Paris')::date);
      IF open_count >= capacity THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",  # noqa: S608 - constants only
    f"""CREATE TRIGGER {TABLE}_capacity BEFORE INSERT OR UPDATE OF exited_at, structure_id ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_capacity();""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_capacity ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_capacity();",
]


def create(connection):
    with connection.cursor() as cursor:
        for statement in POSTGRES_CREATE if connection.vendor == "postgresql" else SQLITE_CREATE:
            cursor.execute(statement)


def drop(connection):
    with connection.cursor() as cursor:
        for statement in POSTGRES_DROP if connection.vendor == "postgresql" else SQLITE_DROP:
            cursor.execute(statement)
