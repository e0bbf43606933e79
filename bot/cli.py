"""The `activity-bot` command: run the bot, check a plan, manage the roster and the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.clock import Clock, SystemClock, clock_for
from bot.console import EXAMPLE_ROSTER
from bot.core.parser import Reading
from bot.core.people import Member
from bot.core.plan import Plan, PlanBook, load_plan, load_plans
from bot.core.progress import Progress
from bot.errors import ActivityBotError, NotFoundError
from bot.logs import configure_logging
from bot.services import Services, open_services
from bot.settings import Settings, load_settings
from storage.db import safe_url

log = logging.getLogger("activity_bot")

EXPORT_FORMATS = {".xlsx": "xlsx", ".csv": "csv"}
NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set, so the bot cannot reach Telegram.\n"
    "To run on Telegram: get a token from @BotFather, then\n"
    "  export TELEGRAM_BOT_TOKEN=123456:ABC...   (or put it in .env)\n"
    "  make run\n"
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, refusing a command line as every refusal here is: one line on stderr, exit 2.

    argparse would print the usage before its error; --help is where the usage is."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("activity-bot").strip()
        where = f"{command}: " if command else ""
        hint = f"activity-bot {command} --help" if command else "activity-bot --help"
        self.exit(2, f"activity-bot: error: {where}{' '.join(message.split())} (see {hint})\n")


def _at_least_one(value: str) -> int:
    """A whole number of 1 or more (argparse's `type`)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is below 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="activity-bot",
        description="Report the activities of a yearly work plan and see what remains.",
    )
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (Telegram with a token, else the console)")
    run.add_argument(
        "--api-url",
        metavar="URL",
        help="another Bot API server, e.g. the HTTP sandbox (default: Telegram's)",
    )
    run.add_argument("--webhook", metavar="URL", help="take updates by webhook at this URL")
    run.add_argument(
        "--listen", metavar="HOST:PORT", default="127.0.0.1:8443", help="where the webhook listens"
    )
    run.add_argument(
        "--no-jobs",
        action="store_true",
        help="do not run the scheduled jobs in this instance (another one does)",
    )
    run.set_defaults(handler=cmd_run)

    sandbox = commands.add_parser("sandbox", help="the sandbox Telegram").add_subparsers(
        dest="sandbox_command", required=True, metavar="ACTION"
    )
    serve = sandbox.add_parser("serve", help="serve the sandbox Bot API over HTTP on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8081, help="port (0 picks a free one)")
    serve.add_argument(
        "--flood-limits", action="store_true", help="answer 429 past Telegram's flood limits"
    )
    serve.add_argument("--clock", metavar="ISO", help="start the sandbox clock here")
    serve.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        default=Path("data/sandbox-ids.json"),
        help="where the last update and message ids are kept, so that a sandbox started "
        "again never gives an id twice (default: %(default)s)",
    )
    serve.set_defaults(handler=cmd_sandbox_serve)

    console = commands.add_parser(
        "console", help="talk to the bot in this terminal, on a sandbox Telegram (no token)"
    )
    console.add_argument("--as", dest="as_name", metavar="NAME", help="write as this member")
    console.add_argument(
        "--script", type=Path, metavar="FILE", help="read the lines from FILE instead of stdin"
    )
    console.set_defaults(handler=cmd_console)

    parse = commands.add_parser("parse", help="show what the bot understands of a message")
    parse.add_argument("text", help="the message")
    parse.add_argument("--now", metavar="ISO", help="reference time (default: now)")
    parse.add_argument("--lang", choices=["zh", "en"], help="the writer's language (informative)")
    parse.add_argument("--json", action="store_true", help="print one JSON object")
    parse.add_argument(
        "--roster",
        metavar="CSV",
        help="the roster whose names and roles are read (default: examples/roster.csv)",
    )
    parse.set_defaults(handler=cmd_parse)

    ask = commands.add_parser("ask", help="ask a question as a member would; print the answer")
    ask.add_argument("text", help="the question, as a member would write it")
    ask.add_argument("--as", dest="as_name", required=True, metavar="NAME", help="who asks")
    ask.add_argument(
        "--now", metavar="ISO", help="the moment it is asked (default: now), e.g. 2022-06-15T10:00"
    )
    ask.add_argument("--group", action="store_true", help="asked in a group chat (no names)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(handler=cmd_ask)

    remaining = commands.add_parser("remaining", help="what remains, for a member or the unit")
    who = remaining.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", metavar="NAME|ID", help="a roster member, by name or id")
    who.add_argument("--unit", action="store_true", help="the unit's obligations")
    remaining.add_argument(
        "--on", metavar="YYYY-MM-DD", help="the day to judge on (default: today)"
    )
    remaining.add_argument("--json", action="store_true", help="print one JSON object")
    remaining.set_defaults(handler=cmd_remaining)

    digest = commands.add_parser("digest", help="the weekly digest and reminders")
    digest.add_argument(
        "--dry-run",
        action="store_true",
        required=True,
        help="print exactly what would be sent, send nothing",
    )
    digest.add_argument("--on", metavar="YYYY-MM-DD", help="the day (default: today)")
    digest.add_argument("--member", metavar="NAME", help="only this member's messages")
    digest.set_defaults(handler=cmd_digest)

    export = commands.add_parser("export", help="the ledger (台账) of a year, or its evidence")
    export.add_argument("--year", type=int, required=True, help="the plan year")
    export.add_argument("--member", metavar="NAME", help="only this member's records")
    export.add_argument(
        "--format", choices=["xlsx", "csv"], help="xlsx or csv (default: from the FILE's extension)"
    )
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="the file to write")
    export.add_argument(
        "--evidence",
        type=Path,
        metavar="DIR",
        help="copy the evidence files into DIR with an index instead",
    )
    export.add_argument("--lang", choices=["zh", "en"], help="column headers (default: zh)")
    export.set_defaults(handler=cmd_export)

    summary = commands.add_parser("summary", help="a leader's year for the 述责述廉 statement")
    summary.add_argument("--year", type=int, required=True, help="the plan year")
    summary.add_argument("--member", metavar="NAME", required=True, help="the leader")
    summary.add_argument(
        "-o", "--output", type=Path, metavar="FILE.docx", help="also write it as a Word document"
    )
    summary.add_argument("--lang", choices=["zh", "en"], help="the language (default: zh)")
    summary.set_defaults(handler=cmd_summary)

    plan = commands.add_parser("plan", help="work with plan files").add_subparsers(
        dest="plan_command", required=True, metavar="ACTION"
    )
    check = plan.add_parser("check", help="validate a plan file")
    check.add_argument("path", type=Path, help="the plan YAML file")
    check.set_defaults(handler=cmd_plan_check)

    roster = commands.add_parser("roster", help="the people of the office").add_subparsers(
        dest="roster_command", required=True, metavar="ACTION"
    )
    imp = roster.add_parser(
        "import",
        help="load or update people from a CSV (name,telegram_id,roles,department,supervises,lang)",
    )
    imp.add_argument("file", type=Path, help="the roster CSV file")
    imp.set_defaults(handler=cmd_roster_import)
    lst = roster.add_parser("list", help="show who is on the roster")
    lst.set_defaults(handler=cmd_roster_list)
    change = roster.add_parser("set", help="change a member's roles, department, supervision")
    change.add_argument("name", help="the member's name on the roster")
    change.add_argument("--roles", help="role ids joined by ;")
    change.add_argument("--department", help="the member's department")
    change.add_argument("--supervises", help="departments joined by ; (deputies)")
    change.add_argument("--lang", choices=["zh", "en"])
    change.set_defaults(handler=cmd_roster_set)
    for action, text in (
        ("deactivate", "someone who leaves: they can no longer use the bot"),
        ("activate", "let a deactivated member back in"),
    ):
        toggle = roster.add_parser(action, help=text)
        toggle.add_argument("name", help="the member's name on the roster")
        toggle.set_defaults(handler=cmd_roster_toggle, active=action == "activate")
    invite = roster.add_parser("invite", help="a one-time invitation code for a member")
    invite.add_argument("name", help="the member's name on the roster")
    invite.add_argument("--bot-username", help="to print a t.me link as well")
    invite.set_defaults(handler=cmd_roster_invite)

    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    verify = audit.add_parser("verify", help="recompute the hash chain")
    verify.set_defaults(handler=cmd_audit_verify)
    show = audit.add_parser("show", help="list audit entries")
    show.add_argument("--member", metavar="NAME", help="entries by or about this member")
    show.add_argument(
        "--limit", type=_at_least_one, default=50, help="the last N entries (default 50)"
    )
    show.set_defaults(handler=cmd_audit_show)

    db = commands.add_parser("db", help="the database").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    up = db.add_parser("upgrade", help="apply the schema migrations")
    up.set_defaults(handler=cmd_db_upgrade)
    return parser


def _now(written: str | None, settings: Settings) -> dt.datetime:
    """--now as given (2022-06-15T10:00), or the present moment in the office's zone."""
    try:
        return dt.datetime.fromisoformat(written) if written else dt.datetime.now(settings.zone)
    except ValueError:
        raise ActivityBotError(f"--now {written!r}: write it as 2022-06-15T10:00") from None


def cmd_parse(args: argparse.Namespace) -> int:
    from bot.core.parser import Recogniser

    settings: Settings = args.settings
    now = _now(args.now, settings)
    if now.tzinfo is None:
        now = now.replace(tzinfo=settings.zone)
    today = now.astimezone(settings.zone).date()
    plans = load_plans(settings.plan_paths())
    plan = plans.for_day(today) or plans.latest()
    readings = Recogniser(plan).read_message(args.text, today, _parse_roster(args, plan))
    items = [_reading_json(r, plan) for r in readings]
    result = dict(items[0])
    if len(items) > 1:
        result["items"] = items
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for item in items:
            print("  ".join(f"{k}={v}" for k, v in item.items() if v not in (None, [], False)))
    return 0


def _parse_roster(args: argparse.Namespace, plan: Plan) -> list[Member]:
    """The people `parse` reads names against: --roster, else the example roster shipped."""
    from bot.core.roster import as_members, parse_roster

    path = Path(args.roster) if args.roster else EXAMPLE_ROSTER
    if not args.roster and not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActivityBotError(f"--roster {path}: cannot read it ({exc})") from None
    return as_members(parse_roster(text, path=str(path), roles=plan.roles))


def _reading_json(reading: Reading, plan: Plan) -> dict[str, object]:
    report = reading.is_report
    item: dict[str, object] = {
        "is_report": report,
        # done | question | planned | not_done | cancelled: why a message naming an activity
        # is not a report
        "mood": reading.mood.value,
        "kind": reading.kind if report else None,
        "date": reading.day.isoformat()
        if report and reading.day and not reading.day_question
        else None,
        "date_assumed": reading.day_assumed if report else False,
        # the date as written when no day can be taken from it (2月30日, 上个月): the bot asks
        "date_question": reading.day_question if report else None,
        "candidates": list(reading.candidates) if report else [],
        "participants": reading.participants if report else None,
        "on_behalf_of": reading.on_behalf_of,
        "alternatives": list(reading.alternatives),
    }
    kind = plan.kinds.get(reading.kind or "")
    if report and kind is not None and kind.attribute is not None:
        value = reading.attribute[1] if reading.attribute else None
        if kind.attribute.type == "flag" and value is not None:
            item[kind.attribute.name] = value == "yes"
        else:
            item[kind.attribute.name] = value
    return item


def _progress_json(p: Progress) -> dict[str, object]:
    item: dict[str, object] = {
        "id": p.obligation.id,
        "scope": p.obligation.scope.value,
        "target": p.target,
        "done": p.done,
        "remaining": p.remaining,
        "due": p.due.isoformat(),
        "status": p.status.value,
    }
    if p.expected is not None:
        item["expected"] = p.expected
    if p.breaches:
        item["breaches"] = p.breaches
        item["violations"] = [f.day.isoformat() for f in p.violations]
    if p.missing:
        item["missing"] = list(p.missing)
    return item


def cmd_ask(args: argparse.Namespace) -> int:
    import html

    from bot.answer_views import answer_text
    from bot.clock import SettableClock

    settings: Settings = args.settings
    now = _now(args.now, settings)

    async def job(services: Services) -> None:
        member = await services.find_member(args.as_name)
        roster = await services.members()
        question = services.questions.read(member, args.text, roster)
        if question is None:
            result: dict[str, object] = {"is_question": False}
            text = "not a question: the bot reads it as a report (see `activity-bot parse`)"
        else:
            asked = await services.questions.answer(
                member, question, roster, private=not args.group
            )
            text = html.unescape(
                answer_text(asked.answer, asked.plan, asked.roster, member.lang, asked.today)
            )
            result = {
                "is_question": True,
                "intent": question.intent.value,
                "subject": question.subject.label,
                "kinds": list(question.kinds),
                "attribute": "=".join(question.attribute) if question.attribute else None,
                "period": question.period.label,
                "start": question.period.start.isoformat(),
                "end": question.period.end.isoformat(),
                "answer": text,
            }
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
            return
        if question is not None:
            kinds = ",".join(question.kinds) or "-"
            print(
                f"asks: {question.intent.value}  about: {question.subject.label}  "
                f"kinds: {kinds}  period: {question.period.label}"
            )
        print(text)

    return _with_services(args.settings, job, SettableClock(settings.zone, now))


def cmd_remaining(args: argparse.Namespace) -> int:
    on = None
    if args.on:
        try:
            on = dt.date.fromisoformat(args.on)
        except ValueError:
            raise ActivityBotError(f"--on {args.on!r}: write it as YYYY-MM-DD") from None

    async def job(services: Services) -> None:
        from bot.standing import OutsidePlans

        day = on or services.clock.now().date()
        if args.unit:
            unit = await services.standing.for_unit(None, day)
            if isinstance(unit, OutsidePlans):
                raise ActivityBotError(
                    f"{day} is outside the loaded plans ({', '.join(map(str, unit.years))})"
                )
            result: dict[str, object] = {
                "unit": unit.plan.title.in_(services.settings.language),
                "on": day.isoformat(),
                "obligations": [_progress_json(p) for p in unit.unit],
                "holders": [
                    {**_progress_json(p), "member": p.holder.name if p.holder else None}
                    for p in unit.people
                ],
            }
        else:
            member = await services.find_member(args.member)
            standing = await services.standing.for_member(member, day)
            if isinstance(standing, OutsidePlans):
                raise ActivityBotError(
                    f"{day} is outside the loaded plans ({', '.join(map(str, standing.years))})"
                )
            result = {
                "member": {"id": member.id, "name": member.name},
                "on": day.isoformat(),
                "obligations": [_progress_json(p) for p in (*standing.mine, *standing.unit)],
            }
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
            return
        obligations = result["obligations"]
        assert isinstance(obligations, list)
        for item in obligations:
            print(
                f"{item['status']:<13}{item['done']}/{item['target'] or '-'}\t"
                f"due {item['due']}\t{item['id']}"
            )

    return _with_services(args.settings, job)


def cmd_digest(args: argparse.Namespace) -> int:
    from bot.outbox import dry_run_text

    try:
        on = dt.date.fromisoformat(args.on) if args.on else None
    except ValueError:
        raise ActivityBotError(f"--on {args.on!r}: write it as YYYY-MM-DD") from None

    async def job(services: Services) -> None:
        if args.member:
            await services.find_member(args.member)
        day = on or services.clock.now().date()
        moment = dt.datetime.combine(day, dt.time(23, 59), services.settings.zone)
        planned = await services.outbox.due(moment, everything=True, only=args.member)
        print(dry_run_text(planned))

    return _with_services(args.settings, job)


def _export_format(output: Path, flag: str | None) -> str:
    """The ledger's format: the one the file's extension names, else the --format flag's."""
    named = EXPORT_FORMATS.get(output.suffix.lower())
    if named is not None and flag is not None and named != flag:
        raise ActivityBotError(
            f"-o {output}: the name says {named} but --format {flag}; make them agree"
        )
    chosen = named or flag
    if chosen is None:
        raise ActivityBotError(f"-o {output}: name it .xlsx or .csv, or give --format xlsx|csv")
    return chosen


def cmd_export(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from bot.output import Output, naming

    settings: Settings = args.settings
    lang = args.lang or settings.language
    if args.evidence is None and args.output is None:
        raise ActivityBotError("give -o FILE (the ledger) or --evidence DIR (the files)")
    if args.evidence is not None and args.output is not None:
        raise ActivityBotError("give -o FILE (the ledger) or --evidence DIR (the files), not both")
    if args.evidence is not None:
        with naming(f"--evidence {args.evidence}"):
            args.evidence.mkdir(parents=True, exist_ok=True)

        async def copy(services: Services) -> None:
            if args.member:
                await services.find_member(args.member)
            with naming(f"--evidence {args.evidence}"):
                listed = await services.ledger.evidence(args.evidence, args.year)
            print(f"{args.evidence}: {listed} evidence files listed in index.csv")

        return _with_services(settings, copy)
    chosen = _export_format(args.output, args.format)
    counted: list[int] = []

    async def job(services: Services) -> None:
        if args.member:
            await services.find_member(args.member)
        with (
            tqdm(
                unit=" records",
                desc=f"{args.year}",
                file=sys.stderr,
                disable=not sys.stderr.isatty(),
            ) as bar,
            output.writing() as file,
        ):
            write = services.ledger.workbook if chosen == "xlsx" else services.ledger.csv_file
            counted.append(
                await write(file, args.year, member=args.member, lang=lang, progressed=bar.update)
            )

    with Output(args.output, "-o") as output:
        _with_services(settings, job)
    print(f"{args.output}: {counted[0]} records")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from bot.ledger import summary_docx, summary_text
    from bot.output import Output

    settings: Settings = args.settings
    lang = args.lang or settings.language
    if args.output is not None and args.output.suffix.lower() != ".docx":
        raise ActivityBotError(f"-o {args.output}: name it .docx (the summary is a Word document)")

    async def job(services: Services) -> None:
        member = await services.find_member(args.member)
        summary = await services.ledger.summary(args.year, member, lang)
        print(summary_text(summary, lang))
        if output is not None:
            content = summary_docx(summary, lang)
            with output.writing() as file:
                await asyncio.to_thread(file.write_bytes, content)

    output = Output(args.output, "-o") if args.output is not None else None
    with output or contextlib.nullcontext():
        _with_services(settings, job)
    if output is not None:
        print(f"{args.output}: written")
    return 0


def cmd_plan_check(args: argparse.Namespace) -> int:
    plan = load_plan(args.path)
    print(f"{args.path}: valid plan for {plan.year}, {len(plan.obligations)} obligations")
    return 0


def _with_services(
    settings: Settings, job: Callable[[Services], object], clock: Clock | None = None
) -> int:
    plans = load_plans(settings.plan_paths())

    async def main() -> None:
        async with open_services(settings, plans, clock or SystemClock(settings.zone)) as services:
            result = job(services)
            if asyncio.iscoroutine(result):
                await result

    try:
        asyncio.run(main())
    except (OperationalError, DBAPIError, OSError) as exc:
        if isinstance(exc, ActivityBotError):
            raise
        raise ActivityBotError(
            f"cannot use the database {safe_url(settings.database_url)}: {type(exc).__name__}"
        ) from exc
    return 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    from bot.core.roster import decode_roster

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise ActivityBotError(f"{args.file}: cannot read the file ({exc})") from exc
    text = decode_roster(data, path=str(args.file))

    async def job(services: Services) -> None:
        result = await services.import_roster(text, str(args.file))
        print(
            f"{args.file}: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )

    return _with_services(args.settings, job)


def cmd_roster_list(args: argparse.Namespace) -> int:
    async def job(services: Services) -> None:
        members = await services.members()
        if not members:
            print("The roster is empty. Load one with: activity-bot roster import FILE.csv")
            return
        print("id\tname\ttelegram_id\troles\tdepartment\tsupervises\tlang\tstatus")
        for m in members:
            status = ("joined" if m.telegram_id else "not joined") if m.active else "inactive"
            cells = (
                m.id,
                m.name,
                m.telegram_id or "-",
                ";".join(sorted(m.roles)),
                m.department or "-",
                ";".join(sorted(m.supervises)) or "-",
                m.lang,
                status,
            )
            print("\t".join(map(str, cells)))

    return _with_services(args.settings, job)


def cmd_roster_set(args: argparse.Namespace) -> int:
    from bot.access import Changes

    async def job(services: Services) -> None:
        roles = frozenset(r for r in args.roles.split(";") if r) if args.roles else None
        if roles is not None:
            unknown = sorted(roles - services.access.roles())
            if unknown or not roles:
                raise ActivityBotError(f"--roles: unknown role {unknown[0] if unknown else ''!r}")
        supervises = (
            frozenset(d for d in args.supervises.split(";") if d)
            if args.supervises is not None
            else None
        )
        changes = Changes(
            roles=roles, department=args.department, supervises=supervises, lang=args.lang
        )
        if changes == Changes():
            raise ActivityBotError(
                "nothing to change: give --roles, --department, --supervises or --lang"
            )
        member = await _change(services, args.name, changes)
        print(
            f"{member.name}: roles {';'.join(sorted(member.roles))}, department "
            f"{member.department or '-'}, supervises {';'.join(sorted(member.supervises)) or '-'}"
            f", lang {member.lang}"
        )

    return _with_services(args.settings, job)


async def _change(services: Services, name: str, changes: object) -> Member:
    from bot.access import Changes

    assert isinstance(changes, Changes)
    try:
        return await services.access.change(None, name, changes)
    except NotFoundError:
        raise ActivityBotError(f"no member {name!r} on the roster") from None


def cmd_roster_toggle(args: argparse.Namespace) -> int:
    from bot.access import Changes

    async def job(services: Services) -> None:
        member = await _change(services, args.name, Changes(active=args.active))
        print(f"{member.name}: {'active' if member.active else 'deactivated'}")

    return _with_services(args.settings, job)


def cmd_roster_invite(args: argparse.Namespace) -> int:
    from bot.access import INVITATION_LIFETIME

    async def job(services: Services) -> None:
        try:
            member, code = await services.access.invite(None, args.name)
        except NotFoundError:
            raise ActivityBotError(f"no active member {args.name!r} on the roster") from None
        print(f"{member.name}: /start {code}  (one use, {INVITATION_LIFETIME.days} days)")
        if args.bot_username:
            print(f"https://t.me/{args.bot_username.lstrip('@')}?start={code}")

    return _with_services(args.settings, job)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    broken: list[int | None] = []

    async def job(services: Services) -> None:
        broken.append(await services.access.verify())

    _with_services(args.settings, job)
    if broken[0] is not None:
        print(f"activity-bot: audit chain broken at entry {broken[0]}", file=sys.stderr)
        return 1
    print("audit chain intact")
    return 0


def cmd_audit_show(args: argparse.Namespace) -> int:
    async def job(services: Services) -> None:
        try:
            entries = await services.access.audit(args.member, args.limit)
        except NotFoundError:
            raise ActivityBotError(f"no member {args.member!r} on the roster") from None
        for e in entries:
            before = json.dumps(e.before, ensure_ascii=False) if e.before is not None else "-"
            after = json.dumps(e.after, ensure_ascii=False) if e.after is not None else "-"
            print(
                f"{e.id}\t{e.at.isoformat(timespec='seconds')}\t{e.actor_id or '-'}\t"
                f"{e.action}\t{e.entity}:{e.entity_id or '-'}\t{before}\t{after}"
            )

    return _with_services(args.settings, job)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    def job(services: Services) -> None:
        print(f"database {safe_url(services.settings.database_url)} is at the latest schema")

    return _with_services(args.settings, job)


def cmd_run(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    plans = load_plans(settings.plan_paths())
    if settings.telegram_bot_token is None:
        sys.stdout.write(NO_TOKEN)
        return run_console(settings, plans)
    from telegram.error import InvalidToken, TelegramError

    from bot.app import build_application
    from bot.intake import serve

    # The Bot API's address, with or without the /bot that python-telegram-bot appends.
    api_url = args.api_url.rstrip("/").removesuffix("/bot") if args.api_url else None
    clock = clock_for(settings.zone, settings.clock_start)
    application = build_application(
        settings, plans, clock, base_url=api_url, schedule=False, updater=False
    )
    where = api_url or "Telegram"
    log.info("starting on %s; database %s", where, safe_url(settings.database_url))
    today = clock.now().date()
    if plans.for_day(today) is None:
        log.warning(
            "no loaded plan covers today, %s (plans for %s): nothing done this year counts "
            "until the office loads this year's plan (ACTIVITY_BOT_PLAN); running on",
            today,
            ", ".join(str(year) for year in plans.years),
        )
    listen = _listen(args.listen) if args.webhook else ("127.0.0.1", 0)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    try:
        asyncio.run(
            serve(
                application,
                webhook=args.webhook,
                listen=listen,
                secret=secret,
                run_jobs=not args.no_jobs,
                jobs_every=settings.jobs_every,
            )
        )
    except InvalidToken:  # (its message quotes the token)
        raise ActivityBotError(
            f"the Bot API at {where} refuses TELEGRAM_BOT_TOKEN: check it with @BotFather"
        ) from None
    except TelegramError as exc:  # a refusal at start (being unreachable is waited out)
        raise ActivityBotError(f"the Bot API at {where} refused to start the bot: {exc}") from None
    return 0


def _listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdecimal():
        raise ActivityBotError(f"--listen {value!r}: write it as HOST:PORT")
    return host, int(port)


def cmd_sandbox_serve(args: argparse.Namespace) -> int:
    from bot.clock import SettableClock
    from bot.sandbox.model import TelegramSandbox
    from bot.sandbox.server import SandboxServer

    settings: Settings = args.settings
    try:
        start = (
            dt.datetime.fromisoformat(args.clock) if args.clock else dt.datetime.now(settings.zone)
        )
    except ValueError:
        raise ActivityBotError(f"--clock {args.clock!r}: write it as 2022-06-15T10:00") from None
    sandbox = TelegramSandbox(
        clock=SettableClock(settings.zone, start), flood_limits=args.flood_limits
    )
    state: Path = args.state
    try:
        kept = json.loads(state.read_text(encoding="utf-8")) if state.exists() else {}
        sandbox.continue_after(int(kept.get("update_id", 0)), int(kept.get("message_id", 0)))
        state.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise ActivityBotError(f"--state {state}: cannot use it ({exc})") from None

    def keep_ids() -> None:
        temporary = state.with_suffix(".tmp")
        temporary.write_text(json.dumps(sandbox.numbering()), encoding="utf-8")
        temporary.replace(state)

    async def serve() -> None:
        server = SandboxServer(sandbox, port=args.port)
        try:
            await server.start()
        except OSError as exc:
            raise ActivityBotError(f"cannot listen on port {args.port}: {exc.strerror}") from exc
        print(f"sandbox listening on {server.url}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        kept = sandbox.numbering()
        while not stop.is_set():  # the ids given so far, kept every second (and at the end)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
            if sandbox.numbering() != kept:
                kept = sandbox.numbering()
                await asyncio.to_thread(keep_ids)
        await server.stop()
        await asyncio.to_thread(keep_ids)

    asyncio.run(serve())
    return 0


def run_console(
    settings: Settings, plans: PlanBook, as_name: str | None = None, script: Path | None = None
) -> int:
    from bot import console

    if script is not None and not script.is_file():
        raise ActivityBotError(f"{script}: no such file")
    try:
        return asyncio.run(console.run_console(settings, plans, as_name=as_name, script=script))
    except (OperationalError, DBAPIError) as exc:
        raise ActivityBotError(
            f"cannot use the database {safe_url(settings.database_url)}: {type(exc).__name__}"
        ) from exc


def cmd_console(args: argparse.Namespace) -> int:
    settings: Settings = args.settings
    return run_console(settings, load_plans(settings.plan_paths()), args.as_name, args.script)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `activity-bot` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        secrets = (
            [settings.telegram_bot_token.get_secret_value()] if settings.telegram_bot_token else []
        )
        configure_logging(getattr(logging, args.log_level), secrets)
        args.settings = settings
        code: int = args.handler(args)
    except ActivityBotError as exc:
        print(f"activity-bot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
