"""A cursor whose statements PostgreSQL keeps prepared, for the hand-written statements of the write paths.

Django's psycopg cursors bind parameters on the client (the values written into the SQL text): PostgreSQL
parses and plans every statement again, and psycopg cannot prepare it. The statements built once
(`relais.utils.rows` and the others that run on every referral, admission and exit) go through a
server-side binding cursor instead: psycopg prepares a statement on the connection once it has run
`prepare_threshold` times (`config/settings/base.py`), and PostgreSQL then skips its parse and, with a
generic plan, its planning. The ORM's own queries keep Django's cursor (server-side binding refuses a few
of the queries it writes). The cursor is wrapped as Django wraps its own: the same execute wrappers, the
same query log in tests and the debug toolbar, the same error classes. Elsewhere than on PostgreSQL,
Django's cursor."""

from django.db.backends.utils import CursorWrapper


def statement_cursor(connection) -> CursorWrapper:
    """`connection.cursor()`, with server-side binding (and prepared statements) on PostgreSQL."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql import base

    if not base.is_psycopg3:
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = base.ServerBindingCursor(connection.connection)
        # What Django's `create_cursor` does: timestamps read in the connection's time zone.
        loader = connection.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, base.Format.TEXT)
        if connection.timezone != loader.timezone:
            base.register_tzloader(connection.timezone, cursor)
        return connection._prepare_cursor(cursor)
