"""The Bot API description (tests/data/telegram-bot-api/api.min.json), used to check the sandbox.

Every request the bot makes must name a known method with known parameters and all required
ones; every answer the sandbox gives must have every required field of its type, and no field
the type does not have.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SPEC = Path(__file__).parent / "data" / "telegram-bot-api" / "api.min.json"
SCALARS = {
    "Integer": int,
    "Float": (int, float),
    "String": str,
    "Boolean": bool,
    "True": bool,
}


@cache
def spec() -> dict[str, Any]:
    return dict(json.loads(SPEC.read_text(encoding="utf-8")))


def check_request(method: str, params: dict[str, Any]) -> list[str]:
    described = spec()["methods"].get(method)
    if described is None:
        return [f"{method}: not a Bot API method"]
    fields = {f["name"]: f for f in described.get("fields", [])}
    problems = [f"{method}: unknown parameter {name!r}" for name in params if name not in fields]
    problems += [
        f"{method}: required parameter {name!r} missing"
        for name, f in fields.items()
        if f["required"] and name not in params
    ]
    return problems


def check_result(method: str, result: Any) -> list[str]:
    returns = spec()["methods"][method]["returns"]
    attempts = [_check(kind, result, method) for kind in returns]
    return [] if any(not a for a in attempts) else min(attempts, key=len)


def check_object(type_name: str, value: Any, where: str = "") -> list[str]:
    return _check(type_name, value, where or type_name)


def _check(kind: str, value: Any, where: str) -> list[str]:
    if kind.startswith("Array of "):
        if not isinstance(value, list):
            return [f"{where}: expected an array"]
        return [p for i, item in enumerate(value) for p in _check(kind[9:], item, f"{where}[{i}]")]
    if kind in SCALARS:
        python = SCALARS[kind]
        ok = isinstance(value, python) and not (
            kind in ("Integer", "Float") and isinstance(value, bool)
        )
        if kind == "True":
            ok = value is True
        return [] if ok else [f"{where}: expected {kind}, got {value!r}"]
    described = spec()["types"].get(kind)
    if described is None:
        return [f"{where}: unknown type {kind}"]
    if "subtypes" in described:
        attempts = [_check(sub, value, where) for sub in described["subtypes"]]
        return [] if any(not a for a in attempts) else min(attempts, key=len)
    if not isinstance(value, dict):
        return [f"{where}: expected a {kind} object"]
    fields = {f["name"]: f for f in described.get("fields", [])}
    problems = [f"{where}: {kind} has no field {name!r}" for name in value if name not in fields]
    for name, f in fields.items():
        if name not in value:
            if f["required"]:
                problems.append(f"{where}: {kind} lacks required field {name!r}")
            continue
        attempts = [_check(t, value[name], f"{where}.{name}") for t in f["types"]]
        if all(attempts):
            problems.extend(min(attempts, key=len))
    return problems
