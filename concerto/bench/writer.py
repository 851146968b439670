"""Fast writes of generated rows: PostgreSQL ``COPY`` for big tables, ``bulk_create`` elsewhere.

Rows are plain tuples in the order of the columns given (attribute names, e.g. ``session_id``)
with their primary keys already chosen, so children can point at parents without reading
anything back. Tables are flushed in the order they were opened, parents first, which keeps
foreign keys valid at every commit when the database checks them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

DEFAULT_BATCH = 50_000
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


class Table:
    """Buffered rows of one model (and of its history table, when asked)."""

    def __init__(
        self, writer: Writer, model: type[models.Model], columns: Sequence[str], *, history: bool = False
    ) -> None:
        self.writer = writer
        self.model = model
        self.columns = tuple(columns)
        self.rows: list[tuple[Any, ...]] = []
        self.history_rows: list[tuple[Any, ...]] = []
        self.history_model: type[models.Model] | None = model.history.model if history else None  # type: ignore[attr-defined]
        self.written = 0
        fields = {field.attname: field for field in model._meta.concrete_fields}
        self._json = tuple(
            index for index, name in enumerate(self.columns) if isinstance(fields[name], models.JSONField)
        )

    def add(self, row: tuple[Any, ...], when: dt.datetime | None = None) -> None:
        """Queue one row; ``when`` (tables with history) dates its "created" history record."""
        self.rows.append(row)
        if self.history_model is not None:
            self.history_rows.append((*row, when, None, "+", None))
        self.writer.pending += 1
        if self.writer.pending >= self.writer.batch:
            self.writer.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        self.writer.copy(self.model, self.columns, self.rows, self._json)
        if self.history_model is not None:
            self.writer.copy(self.history_model, (*self.columns, *HISTORY_COLUMNS), self.history_rows, self._json)
        self.written += len(self.rows)
        self.rows = []
        self.history_rows = []


class Writer:
    """Opens tables, flushes them together in opening order, resets the id sequences at the end."""

    def __init__(self, *, batch: int = DEFAULT_BATCH) -> None:
        self.batch = batch
        self.pending = 0
        self.tables: list[Table] = []
        self.postgres = connection.vendor == "postgresql"

    def table(self, model: type[models.Model], columns: Sequence[str], *, history: bool = False) -> Table:
        table = Table(self, model, columns, history=history)
        self.tables.append(table)
        return table

    def flush(self) -> None:
        for table in self.tables:
            table.flush()
        self.pending = 0

    def close(self) -> dict[str, int]:
        """Write what is left, make the id sequences follow the ids written; rows per table."""
        self.flush()
        models_written = {table.model for table in self.tables}
        models_written |= {table.history_model for table in self.tables if table.history_model is not None}
        statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return {table.model._meta.label: table.written for table in self.tables}

    def copy(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        json_columns: tuple[int, ...],
    ) -> None:
        if self.postgres:
            self._copy_postgres(model, columns, rows, json_columns)
        else:
            self._bulk_create(model, columns, rows)

    @staticmethod
    def _copy_postgres(
        model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]], json_columns: tuple[int, ...]
    ) -> None:
        fields = {field.attname: field.column for field in model._meta.concrete_fields}
        names = ", ".join(connection.ops.quote_name(fields[name]) for name in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    if json_columns:
                        row = tuple(json.dumps(value) if i in json_columns else value for i, value in enumerate(row))
                    copy.write_row(row)

    @staticmethod
    def _bulk_create(model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=2_000)
