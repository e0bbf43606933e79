"""The `activity-bot` command as its own process: what a person sees and what is left on disk.

Bad input is exit code 2 and one line on stderr naming the real problem (never a traceback,
never a password); a file is written whole or not at all.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"
HEADER = "name,telegram_id,roles,department,supervises,lang\n"
TYPED = '=HYPERLINK("http://evil.example","3月2日与分管科室专题研究党风廉政建设工作")'


def cli(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command in `cwd` as a person would; its environment is the test's."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one line of a refusal: exit code 2, nothing on stdout, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("activity-bot: error: "), result.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_sqlite_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "ACTIVITY_BOT_PLAN", "ACTIVITY_BOT_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACTIVITY_BOT_DATABASE_URL", fresh_sqlite_url)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """The example roster, imported in this process (the quicker way to set up)."""
    assert main(["roster", "import", str(EXAMPLE)]) == 0
    return tmp_path


@pytest.fixture
def ledger(roster: Path) -> Path:
    """The example roster and two records whose text a spreadsheet would take for formulas."""
    script = roster / "talk.txt"
    script.write_text(
        f":clock 2022-06-15T10:00\n:as 李明\n{TYPED}\n:press 确认\n"
        ":as 郑磊\n@SUM(1+1)*cmd|' /C calc'!A0 5月20日到银行调研\n:press 确认\n",
        encoding="utf-8",
    )
    assert main(["console", "--script", str(script)]) == 0
    return roster


def test_what_people_typed_is_text_in_the_workbook_and_the_csv(ledger: Path) -> None:
    assert cli(ledger, "export", "--year", "2022", "-o", "l.xlsx").returncode == 0
    sheet = load_workbook(ledger / "l.xlsx")["活动台账"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row}
    assert cells[TYPED].data_type == "s"
    assert cells["@SUM(1+1)*cmd|' /C calc'!A0 5月20日到银行调研"].data_type == "s"
    assert not [c for c in cells.values() if c.data_type == "f"]

    assert cli(ledger, "export", "--year", "2022", "--format", "csv", "-o", "l.csv").returncode == 0
    with (ledger / "l.csv").open(encoding="utf-8-sig", newline="") as handle:
        texts = [row[7] for row in csv.reader(handle)][1:]
    assert texts == ["'" + TYPED, "'@SUM(1+1)*cmd|' /C calc'!A0 5月20日到银行调研"]


def test_a_roster_name_that_a_spreadsheet_would_run_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(HEADER + "张三,1,staff,综合科,,zh\n=cmd|calc,2,staff,综合科,,zh\n")
    line = refused(cli(tmp_path, "roster", "import", str(roster)))
    assert "line 3: name '=cmd|calc' cannot start with" in line
    roster.write_text(HEADER + "张三,1,staff,@综合科,,zh\n")
    assert "line 2: department '@综合科' cannot start with" in refused(
        cli(tmp_path, "roster", "import", str(roster))
    )


def test_the_export_format_follows_the_extension_or_the_flag(ledger: Path) -> None:
    assert cli(ledger, "export", "--year", "2022", "-o", "l.csv").returncode == 0
    assert (ledger / "l.csv").read_text(encoding="utf-8-sig").startswith("序号,类型,日期")
    assert cli(ledger, "export", "--year", "2022", "-o", "L.XLSX").returncode == 0
    assert load_workbook(ledger / "L.XLSX").sheetnames[0] == "活动台账"
    assert cli(ledger, "export", "--year", "2022", "--format", "csv", "-o", "l.txt").returncode == 0
    assert (ledger / "l.txt").read_text(encoding="utf-8-sig").startswith("序号,类型,日期")

    assert "-o x.txt: " in refused(cli(ledger, "export", "--year", "2022", "-o", "x.txt"))
    line = refused(cli(ledger, "export", "--year", "2022", "--format", "xlsx", "-o", "x.csv"))
    assert "-o x.csv" in line and "--format xlsx" in line
    assert not (ledger / "x.txt").exists() and not (ledger / "x.csv").exists()


@pytest.mark.parametrize(
    "where",
    ["no/such/folder/x", "a-folder", "a-file/x", "/sys/x"],  # /sys: even root cannot
)
def test_an_output_that_cannot_be_written_is_named(roster: Path, where: str) -> None:
    for folder in ("a-folder.xlsx", "a-folder.docx"):
        (roster / folder).mkdir()
    (roster / "a-file").write_text("")
    line = refused(cli(roster, "export", "--year", "2022", "-o", f"{where}.xlsx"))
    assert f"-o {where}.xlsx: " in line and "database" not in line
    line = refused(
        cli(roster, "summary", "--year", "2022", "--member", "李明", "-o", f"{where}.docx")
    )
    assert f"-o {where}.docx: " in line and "database" not in line
    assert not (roster / "no").exists()


def test_a_failed_export_leaves_the_old_file_and_no_other(ledger: Path) -> None:
    old = ledger / "l.csv"
    old.write_text("last year's ledger\n", encoding="utf-8")
    line = refused(cli(ledger, "export", "--year", "2021", "--format", "csv", "-o", "l.csv"))
    assert "no plan for 2021" in line
    assert old.read_text(encoding="utf-8") == "last year's ledger\n"
    assert sorted(p.name for p in ledger.iterdir() if p.name.startswith(("l.", ".l."))) == ["l.csv"]


def test_plan_files_that_cannot_be_read(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("year: 2022\ntitle: 工作计划\n".encode("gbk"))
    assert "gbk.yaml: file: not UTF-8" in refused(cli(tmp_path, "plan", "check", str(gbk)))
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 10000 + "]" * 10000, encoding="utf-8")
    assert "nested deeper than" in refused(cli(tmp_path, "plan", "check", str(deep)))


def test_a_member_id_beyond_any_database(tmp_path: Path) -> None:
    line = refused(cli(tmp_path, "remaining", "--member", "999999999999999999999999"))
    assert "no member '999999999999999999999999'" in line


@pytest.mark.parametrize("port", ["99999999", "abc", "0"])
def test_a_database_url_with_a_bad_port(tmp_path: Path, port: str) -> None:
    url = f"postgresql+asyncpg://u:hunter2@localhost:{port}/db"
    line = refused(cli(tmp_path, "roster", "list", env={"ACTIVITY_BOT_DATABASE_URL": url}))
    assert "setting ACTIVITY_BOT_DATABASE_URL" in line and "port" in line
    assert "hunter2" not in line


def test_a_sqlite_folder_must_exist_except_the_default_one(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'typo' / 'bot.sqlite3'}"
    line = refused(cli(tmp_path, "roster", "list", env={"ACTIVITY_BOT_DATABASE_URL": url}))
    assert f"no folder {tmp_path / 'typo'}" in line
    assert not (tmp_path / "typo").exists()
    default = {k: v for k, v in os.environ.items() if k != "ACTIVITY_BOT_DATABASE_URL"}
    made = subprocess.run(
        [sys.executable, "-m", "bot", "roster", "list"],
        env=default,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "data" / "activity-bot.sqlite3").is_file()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_a_roster_saved_by_excel_in_a_chinese_locale(tmp_path: Path, encoding: str) -> None:
    name = "李明" if encoding == "gbk" else "李䶮"  # 䶮 is in GB18030, not in GBK
    roster = tmp_path / "r.csv"
    roster.write_bytes(f"{HEADER}{name},1,staff,综合科,,zh\n".encode(encoding))
    assert cli(tmp_path, "roster", "import", str(roster)).returncode == 0
    listed = cli(tmp_path, "roster", "list").stdout
    assert f"\t{name}\t1\tstaff\t综合科\t" in listed


def test_a_roster_in_another_encoding_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_bytes(f"{HEADER}李明,1,staff,综合科,,zh\n".encode("utf-16"))
    assert "save it as UTF-8" in refused(cli(tmp_path, "roster", "import", str(roster)))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("张三,1,staff,综合科,,zh,extra", "line 3: 7 cells where the header has 6"),
        ('"张\n三",1,staff,综合科,,zh', "line 3: a cell holds a line break"),
    ],
)
def test_a_roster_row_out_of_shape_is_refused(tmp_path: Path, row: str, message: str) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(f"{HEADER}王五,2,staff,综合科,,zh\n{row}\n", encoding="utf-8")
    line = refused(cli(tmp_path, "roster", "import", str(roster)))
    assert message in line
    assert "The roster is empty" in cli(tmp_path, "roster", "list").stdout


def test_roster_set_with_an_empty_department_is_one_line(roster: Path) -> None:
    for empty in ("", "  "):
        line = refused(cli(roster, "roster", "set", "郑磊", "--department", empty))
        assert "department" in line and "empty" in line
    listed = cli(roster, "roster", "list").stdout
    assert "郑磊\t100009\tstaff\t银行保险科\t-\tzh\tjoined" in listed


def test_a_summary_is_written_only_under_a_word_name(roster: Path) -> None:
    for name in ("a.txt", "a"):
        line = refused(cli(roster, "summary", "--year", "2022", "--member", "李明", "-o", name))
        assert f"-o {name}: " in line and ".docx" in line
        assert not (roster / name).exists()
    written = cli(roster, "summary", "--year", "2022", "--member", "李明", "-o", "A.DOCX")
    assert written.returncode == 0, written.stderr
    assert (roster / "A.DOCX").read_bytes().startswith(b"PK")


@pytest.mark.parametrize("limit", ["-5", "0", "many"])
def test_an_audit_limit_below_one_is_refused(roster: Path, limit: str) -> None:
    line = refused(cli(roster, "audit", "show", "--limit", limit))
    assert "audit show: argument --limit: " in line and repr(limit) in line


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["roster", "set"], "roster set: the following arguments are required: name"),
        (["digest"], "digest: the following arguments are required: --dry-run"),
        (["export", "--year", "x", "-o", "l.xlsx"], "export: argument --year: invalid int"),
        (["--log-level", "LOUD", "roster", "list"], "argument --log-level: invalid choice"),
        (["roster", "list", "extra"], "unrecognized arguments: extra"),
    ],
)
def test_a_command_line_that_cannot_be_read_is_one_line(
    tmp_path: Path, argv: list[str], said: str
) -> None:
    assert said in refused(cli(tmp_path, *argv))
