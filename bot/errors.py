"""The errors activity-bot raises on purpose.

Every one of them means bad input from a person or an operator, never a bug; the CLI turns
each into one line on stderr and exit code 2, the chat into a sentence that says what to do.

    ActivityBotError
    ├── SettingsError      a malformed environment variable or .env entry
    ├── PlanError          a plan file that is not valid (file, obligation, field)
    ├── RosterError        a roster CSV with bad rows (every bad line, by number)
    ├── NotFoundError      a member, a plan year or a record that does not exist
    ├── ChangeError        a roster change not understood (an unknown role, an empty department…)
    ├── LastAdminError     a roster change that would leave no active admin
    └── OwnAdminRoleError  an admin taking away their own admin role from the chat
"""

from __future__ import annotations

from dataclasses import dataclass


class ActivityBotError(Exception):
    """Bad input: the message says what is wrong and how to put it right."""


class SettingsError(ActivityBotError):
    """A setting could not be read."""


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong with a plan file."""

    obligation: str | None
    field: str
    message: str

    def render(self, path: str) -> str:
        where = f"obligation {self.obligation!r}: " if self.obligation else ""
        return f"{path}: {where}{self.field}: {self.message}"


class PlanError(ActivityBotError):
    """A plan file is not valid."""

    def __init__(self, path: str, problems: list[PlanProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("; ".join(p.render(path) for p in problems))


@dataclass(frozen=True)
class RosterProblem:
    """One bad row of a roster file."""

    line: int
    message: str


class RosterError(ActivityBotError):
    """A roster file has bad rows; nothing from it was written."""

    def __init__(self, path: str, problems: list[RosterProblem]) -> None:
        self.path = path
        self.problems = problems
        lines = "; ".join(f"line {p.line}: {p.message}" for p in problems)
        super().__init__(f"{path}: {lines} (nothing was imported)")


class NotFoundError(ActivityBotError):
    """Something named by the user does not exist."""


class ChangeError(ActivityBotError):
    """A roster change that is not understood; `key` names the sentence for a member in the
    catalog ("member.bad.<key>"), the message is the operator's."""

    def __init__(self, key: str, message: str, **fields: str) -> None:
        super().__init__(message)
        self.key = key
        self.fields = fields


class LastAdminError(ActivityBotError):
    """A roster change would leave the office with no active admin (secretary or clerk)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            f"no active admin (secretary or clerk) would be left: {', '.join(names)} must keep "
            "the role, or another member be given it first (nothing was changed)"
        )


class OwnAdminRoleError(ActivityBotError):
    """An admin in the chat taking away their own admin role, or deactivating themselves:
    another admin (or the operator) does that, so nobody locks themselves out by accident."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name} cannot take away their own admin role")
