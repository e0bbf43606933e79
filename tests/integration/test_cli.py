"""The `activity-bot` command, run in-process on a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.plan import shipped_plan_path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_sqlite_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("ACTIVITY_BOT_PLAN", raising=False)
    monkeypatch.setenv("ACTIVITY_BOT_DATABASE_URL", fresh_sqlite_url)


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "plan", "roster", "db"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "check", "--help"],
        ["roster", "import", "--help"],
        ["roster", "list", "--help"],
        ["db", "upgrade", "--help"],
    ],
)
def test_each_subcommand_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    assert "usage: activity-bot" in capsys.readouterr().out


def test_plan_check_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check", str(shipped_plan_path())]) == 0
    assert capsys.readouterr().out.strip().endswith("valid plan for 2022, 24 obligations")


def test_plan_check_invalid_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        shipped_plan_path().read_text(encoding="utf-8").replace("    target: 12", "    target: 0"),
        encoding="utf-8",
    )
    assert main(["plan", "check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml: obligation 'research-trips': target:" in err
    assert err.count("\n") == 1


def test_plan_check_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check", "nope.yaml"]) == 2
    assert "nope.yaml: file:" in capsys.readouterr().err


def test_roster_import_then_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roster", "import", str(EXAMPLE)]) == 0
    assert "11 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["roster", "import", str(EXAMPLE)]) == 0
    assert "0 added, 0 updated, 11 unchanged" in capsys.readouterr().out
    assert main(["roster", "list"]) == 0
    out = capsys.readouterr().out
    assert "李明\t100002\tdeputy\t-\t综合科;银行保险科\tzh\tjoined" in out
    assert "何平\t-\tstaff\t地方金融监管科\t-\tzh\tnot joined" in out


def test_roster_import_bad_file_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,telegram_id,roles,department,supervises,lang\n"
        "张三,1,staff,综合科,,zh\n李四,2,wizard,综合科,,zh\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(bad)]) == 2
    assert "line 3: unknown role 'wizard'" in capsys.readouterr().err
    assert main(["roster", "list"]) == 0
    assert "The roster is empty" in capsys.readouterr().out


def test_malformed_setting_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACTIVITY_BOT_TIMEZONE", "Nowhere/Land")
    assert main(["roster", "list"]) == 2
    assert capsys.readouterr().err.startswith("activity-bot: error: setting ACTIVITY_BOT_TIMEZONE")


def test_unreachable_database_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "ACTIVITY_BOT_DATABASE_URL", "postgresql+asyncpg://u:hunter2@127.0.0.1:1/nowhere"
    )
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "cannot use the database" in err and "hunter2" not in err


def test_db_upgrade(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "latest schema" in capsys.readouterr().out


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert (
        main(
            [
                "parse",
                "前天和分管科室负责人逐一进行了提醒谈话",
                "--now",
                "2022-06-15T10:00",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "reminder_talk" and out["date"] == "2022-06-13"
    assert out["date_assumed"] is False and out["counterpart"] == "dept_heads"
    assert (
        main(["parse", "召开三重一大会议，纪检组未列席", "--now", "2022-06-15T10:00", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["inspectors_present"] is False and out["date_assumed"] is True
    assert main(["parse", "收到，谢谢", "--now", "2022-06-15T10:00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["kind"], out["date"]) == (None, None)


def test_parse_bad_now(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "调研", "--now", "yesterday-ish"]) == 2
    assert "--now" in capsys.readouterr().err


def test_remaining_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["roster", "import", str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["remaining", "--member", "李明", "--on", "2022-06-15", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["member"] == {"id": 2, "name": "李明"} and out["on"] == "2022-06-15"
    first = out["obligations"][0]
    assert set(first) >= {"id", "target", "done", "remaining", "due", "status"}
    ids = {o["id"]: o for o in out["obligations"]}
    assert ids["deputy-duty-statement"]["status"] == "not_yet_open"
    assert ids["midyear-report"]["due"] == "2022-07-31"
    assert main(["remaining", "--unit", "--on", "2022-08-01", "--json"]) == 0
    unit = json.loads(capsys.readouterr().out)
    assert {o["id"]: o["status"] for o in unit["obligations"]}["midyear-report"] == "overdue"
    assert main(["remaining", "--member", "2", "--on", "2022-06-15"]) == 0
    assert "deputy-report" in capsys.readouterr().out


def test_remaining_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remaining", "--member", "无名氏", "--json"]) == 2
    assert "no member" in capsys.readouterr().err
    assert main(["remaining", "--unit", "--on", "2026-01-01"]) == 2
    assert "outside the loaded plans (2022)" in capsys.readouterr().err
    assert main(["remaining", "--unit", "--on", "June"]) == 2


def test_roster_admin_and_audit(capsys: pytest.CaptureFixture[str], fresh_sqlite_url: str) -> None:
    import asyncio

    from sqlalchemy import update

    from storage.db import make_engine
    from storage.models import AuditEntry

    assert main(["roster", "import", str(EXAMPLE)]) == 0
    assert main(["roster", "set", "李明", "--roles", "deputy", "--supervises", "综合科"]) == 0
    assert "supervises 综合科" in capsys.readouterr().out
    assert main(["roster", "set", "李明", "--supervises", "不存在科"]) == 2
    assert "unknown department" in capsys.readouterr().err
    assert main(["roster", "set", "李明"]) == 2
    assert main(["roster", "deactivate", "郑磊"]) == 0
    assert main(["roster", "list"]) == 0
    assert "郑磊\t100009\tstaff\t银行保险科\t-\tzh\tinactive" in capsys.readouterr().out
    assert main(["roster", "invite", "何平", "--bot-username", "@my_bot"]) == 0
    assert "https://t.me/my_bot?start=" in capsys.readouterr().out
    assert main(["audit", "show", "--member", "郑磊"]) == 0
    assert "member.update" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "audit chain intact"

    async def tamper() -> None:
        engine = make_engine(fresh_sqlite_url)
        async with engine.begin() as connection:
            await connection.execute(
                update(AuditEntry)
                .where(AuditEntry.id == 2)
                .values(after={"supervises": ["everything"]})
            )
        await engine.dispose()

    asyncio.run(tamper())
    assert main(["audit", "verify"]) == 1
    assert capsys.readouterr().err.strip() == "activity-bot: audit chain broken at entry 2"


def test_the_roster_always_keeps_an_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["roster", "import", str(EXAMPLE)]) == 0
    assert main(["roster", "set", "王建国", "--roles", "deputy"]) == 0
    assert main(["roster", "deactivate", "陈静"]) == 0
    capsys.readouterr()
    last = (
        "activity-bot: error: no active admin (secretary or clerk) would be left: 吴强 "
        "must keep the role, or another member be given it first (nothing was changed)\n"
    )
    for argv in (["roster", "set", "吴强", "--roles", "staff"], ["roster", "deactivate", "吴强"]):
        assert main(argv) == 2
        assert capsys.readouterr().err == last
    demoting = tmp_path / "demote.csv"
    demoting.write_text(
        "name,telegram_id,roles,department,supervises,lang\n吴强,100008,staff,综合科,,zh\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(demoting)]) == 2
    assert capsys.readouterr().err == last
    assert main(["roster", "list"]) == 0
    assert "吴强\t100008\tclerk\t综合科\t-\tzh\tjoined" in capsys.readouterr().out
    assert main(["roster", "set", "郑磊", "--roles", "clerk"]) == 0
    assert main(["roster", "deactivate", "吴强"]) == 0


def test_digest_dry_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roster", "import", str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["digest", "--dry-run", "--on", "2022-07-25", "--member", "王建国"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("── digest → 王建国 (100001) ──\n本周提示（7月25日）\n")
    assert "── table → 王建国 (100001) ──" in out
    assert "⏰ 提醒：单位任务“年中专题报告”将于7月31日截止（还有 6 天），目前 0/1。" in out
    assert main(["digest", "--dry-run", "--member", "无此人"]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["digest", "--on", "2022-07-25"])
    assert caught.value.code == 2


def test_export_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    from docx import Document
    from openpyxl import load_workbook

    assert main(["roster", "import", str(EXAMPLE)]) == 0
    console = tmp_path / "s.txt"
    console.write_text(
        ":clock 2022-06-15T10:00\n:as 李明\n3月2日与分管科室专题研究党风廉政建设工作\n"
        ":press 确认\n",
        encoding="utf-8",
    )
    assert main(["console", "--script", str(console)]) == 0
    capsys.readouterr()
    assert main(["export", "--year", "2022", "-o", str(tmp_path / "l.xlsx")]) == 0
    assert capsys.readouterr().out.strip().endswith("l.xlsx: 1 records")
    rows = list(load_workbook(tmp_path / "l.xlsx")["活动台账"].iter_rows(values_only=True))
    assert rows[1][1:2] == ("与分管科室专题研究",) and rows[1][4] == "李明"
    assert (
        main(
            [
                "export",
                "--year",
                "2022",
                "--format",
                "csv",
                "--lang",
                "en",
                "-o",
                str(tmp_path / "l.csv"),
            ]
        )
        == 0
    )
    with (tmp_path / "l.csv").open(encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    assert table[0][:3] == ["No.", "Kind", "Date"] and table[1][2] == "2022-03-02"
    assert main(["export", "--year", "2022", "--evidence", str(tmp_path / "ev")]) == 0
    assert (tmp_path / "ev" / "index.csv").read_text(encoding="utf-8-sig").startswith("activity")
    assert (
        main(["summary", "--year", "2022", "--member", "李明", "-o", str(tmp_path / "s.docx")]) == 0
    )
    out = capsys.readouterr().out
    assert "■ 与分管科室专题研究（已完成）" in out
    assert Document(str(tmp_path / "s.docx")).paragraphs[0].text.endswith("——李明")
    assert main(["export", "--year", "2021", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "no plan for 2021" in capsys.readouterr().err
    assert main(["export", "--year", "2022"]) == 2


def test_parse_json_says_whether_it_is_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    now = ["--now", "2022-06-15T10:00", "--json"]
    assert main(["parse", "后天计划去一趟保险公司调研", *now]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["is_report"], out["mood"], out["kind"]) == (False, "planned", None)
    assert main(["parse", "昨天开了个生活会", *now]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["is_report"] is True and out["mood"] == "done"
    assert out["candidates"] == ["democratic_life_meeting", "organizational_life_meeting"]
    assert main(["parse", "赵局今天和孙伟谈话，帮她记一下", *now]) == 0  # the example roster
    out = json.loads(capsys.readouterr().out)
    assert (out["on_behalf_of"], out["counterpart"]) == ("赵敏", "dept_heads")
    assert main(["parse", "x", "--roster", "/nonexistent.csv", *now]) == 2
    assert "--roster" in capsys.readouterr().err


def test_ask_prints_the_question_as_understood_and_its_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert main(["roster", "import", str(EXAMPLE)]) == 0
    capsys.readouterr()
    now = ["--now", "2022-06-15T10:00"]
    assert main(["ask", "哪些班子成员还没向党组报告", "--as", "王建国", *now, "--json"]) == 0
    asked = json.loads(capsys.readouterr().out)
    assert asked["intent"] == "who" and asked["subject"] == "leaders"
    assert asked["kinds"] == ["report_to_party_group"] and asked["period"] == "year"
    assert asked["answer"] == "向党组报告党风廉政建设工作还没完成（2 人）：李明、赵敏"
    assert main(["ask", "哪些班子成员还没向党组报告", "--as", "王建国", "--group", *now]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "asks: who  about: leaders  kinds: report_to_party_group  period: year",
        "向党组报告党风廉政建设工作：0 人已完成，2 人还没完成。",
    ]
    assert main(["ask", "昨天去银行调研了", "--as", "郑磊", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"is_question": False}
    assert main(["ask", "还剩什么", "--as", "无此人"]) == 2
    assert (
        capsys.readouterr().err.strip() == "activity-bot: error: no member '无此人' on the roster"
    )
