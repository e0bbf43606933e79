"""The files the command writes: checked before any work, then written whole or not at all.

A file is written under a temporary name beside its place and renamed into it at the end, so
that a failure half-way leaves the old file (or none), never a torn one; and a problem with the
place is said before the database is opened or anything is printed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from bot.errors import ActivityBotError


@contextlib.contextmanager
def naming(shown: str) -> Iterator[None]:
    """Turn an OSError inside into an ActivityBotError that names the output, not its writer."""
    try:
        yield
    except OSError as exc:
        raise ActivityBotError(f"{shown}: cannot write it ({exc.strerror or exc})") from exc


class Output:
    """A file to write at `path`, named in errors as `option path` (e.g. `-o ledger.xlsx`).

    Made before any work: it checks the place and creates the temporary file there. Used as a
    context manager around the work: on success the temporary file takes the path's place; on
    any error it is removed and the path is left as it was.
    """

    def __init__(self, path: Path, option: str) -> None:
        self.path = path
        self.shown = f"{option} {path}"
        folder = path.parent
        if path.is_dir():
            raise ActivityBotError(f"{self.shown}: is a folder; name a file in it")
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise ActivityBotError(f"{self.shown}: the folder {folder} {what}")
        if path.exists() and not os.access(path, os.W_OK):
            raise ActivityBotError(f"{self.shown}: the file is read-only")
        self.temporary = folder / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as exc:
            raise ActivityBotError(
                f"{self.shown}: cannot write in {folder} ({exc.strerror or exc})"
            ) from None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Path]:
        """The temporary file to write into; an OSError writing it names the output."""
        with naming(self.shown):
            yield self.temporary

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if error is None:
                with naming(self.shown):
                    os.replace(self.temporary, self.path)
        finally:
            self.temporary.unlink(missing_ok=True)
