"""The send journal: an SQLite file beside the outputs recording what each message carried.

A message is identified by its content key (:func:`messages.content_key`: the address, the
series — the pack, or the title of what is sent — and the hash of every attachment), and
records the edition it carried. The rows of one series for one address tell whether what is
sent now is something that person already has, a new edition of it, or a revision under the
edition they had. Before a message is handed to the server its key
is written as ``sending``; once the server accepts it, ``sent``; if the server refused it, the
row is removed. So after a crash or a lost connection a re-run knows three things apart: sent
(never sent again), never sent (sent now), and ``sending`` — the message went out but no
answer came back, so it may have arrived; it is not sent again unless asked, since a double
delivery of a classified pack is the worse mistake.

The journal cannot be written to a temporary file and renamed like the other outputs: it is
updated in place, one message at a time. Each update is a single statement in autocommit mode
(``isolation_level=None``), hence its own SQLite transaction, and the database runs in WAL mode
with every commit flushed to disk before the next step (``synchronous=EXTRA``, which is
``FULL`` in WAL mode and durable in rollback mode too, should the file system refuse WAL): a
process killed at any moment leaves every committed update and none of a half-made one, and a
committed update survives a power cut too. A new journal's name is flushed into its folder,
so the file itself survives one. A journal that
cannot be opened or written (a read-only folder, a full disk) raises
:class:`~kzrs_reports.core.errors.WriteError` naming its file, before or instead of the
update it could not record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Literal, NamedTuple

from kzrs_reports.core.errors import WriteError, describe
from kzrs_reports.core.files import make_folder, sync_folder

Status = Literal["sending", "sent"]


class Sent(NamedTuple):
    """A message the journal holds: where it stands, and the edition it carried."""

    status: Status
    edition: str | None
    """None when no edition was given, or the journal predates recording it."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    key TEXT PRIMARY KEY,
    series TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    attachments TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
    updated TEXT NOT NULL,
    edition TEXT
)
"""


class Journal:
    """An open journal; use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            make_folder(path.parent)
            new = not path.exists()
            # isolation_level=None: every statement commits at once, so a crash loses nothing.
            self._db = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise WriteError(path, _reason(exc)) from None
        try:
            self._execute("PRAGMA journal_mode=WAL")
            # In WAL mode EXTRA is FULL: the log is flushed at every commit. On a file system
            # that refuses WAL it also flushes the folder when the rollback journal is deleted,
            # which is that mode's commit: a committed message stays committed either way.
            self._execute("PRAGMA synchronous=EXTRA")
            self._execute(_SCHEMA)
            columns = {row[1] for row in self._execute("PRAGMA table_info(messages)")}
            if "series" not in columns:  # a journal written before series were recorded
                self._execute("ALTER TABLE messages ADD COLUMN series TEXT NOT NULL DEFAULT ''")
            if "edition" not in columns:  # … or before editions were
                self._execute("ALTER TABLE messages ADD COLUMN edition TEXT")
            if new:  # SQLite flushes its log's name into the folder, not the database's own
                self._sync_folder()
        except WriteError:
            self._db.close()
            raise

    def _sync_folder(self) -> None:
        try:
            sync_folder(self.path.parent)
        except OSError as exc:
            raise WriteError(self.path, _reason(exc)) from None

    def _execute(self, sql: str, params: tuple[str | None, ...] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise WriteError(self.path, _reason(exc)) from None

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def already_sent(self, key: str) -> Status | None:
        """``sent``, ``sending`` (may have arrived), or None if this content never went out."""
        row = self._execute("SELECT status FROM messages WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def history(self, series: str, address: str) -> dict[str, Sent]:
        """Every message of ``series`` recorded for ``address``, the latest last: content
        key → where it stands and its edition."""
        rows = self._execute(
            "SELECT key, status, edition FROM messages "
            "WHERE series = ? AND address = ? COLLATE NOCASE ORDER BY rowid",
            (series, address),
        )
        return {key: Sent(status, edition) for key, status, edition in rows}

    def begin(
        self,
        key: str,
        series: str,
        address: str,
        subject: str,
        attachments: list[str],
        message_id: str,
        edition: str | None = None,
    ) -> None:
        """Record that the message is about to be handed to the server."""
        self._execute(
            "INSERT OR REPLACE INTO messages "
            "(key, series, address, subject, attachments, message_id, status, updated, edition) "
            "VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?)",
            (key, series, address, subject, "\n".join(attachments), message_id, _now(), edition),
        )

    def accepted(self, key: str) -> None:
        """Record that the server accepted the message."""
        self._execute(
            "UPDATE messages SET status = 'sent', updated = ? WHERE key = ?", (_now(), key)
        )

    def refused(self, key: str) -> None:
        """Forget a message the server certainly did not take, so a re-run sends it."""
        self._execute("DELETE FROM messages WHERE key = ? AND status = 'sending'", (key,))

    def entries(self) -> list[tuple[str, str, Status]]:
        """Every recorded message as (address, subject, status), in the order first recorded."""
        rows = self._execute("SELECT address, subject, status FROM messages ORDER BY rowid")
        return [(a, s, st) for a, s, st in rows]


def _reason(exc: OSError | sqlite3.Error) -> str:
    return describe(exc) if isinstance(exc, OSError) else str(exc)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
