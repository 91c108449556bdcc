"""The command line: exit codes and one-line errors, as the contract specifies."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cairn.scheduling.solver.__main__ import main

from .factory import make_week, valid_solution

ROOT = Path(__file__).resolve().parents[4]


def _write(tmp_path: Path, name: str, doc) -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return str(path)


def test_it_solves_to_a_file_and_exits_0(tmp_path, capsys):
    instance = _write(tmp_path, "week.json", make_week())
    out = tmp_path / "solution.json"
    code = main(["solve", instance, "-o", str(out), "--time-limit", "5", "--workers", "1"])
    assert code == 0
    solution = json.loads(out.read_text())
    assert solution["status"] in ("optimal", "feasible")
    assert "status" in capsys.readouterr().err
    assert main(["check", instance, str(out)]) == 0


def test_it_prints_the_solution_on_stdout_without_o(tmp_path, capsys):
    instance = _write(tmp_path, "week.json", make_week())
    assert main(["solve", instance, "--time-limit", "5", "--workers", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "cairn-schedule-solution/1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({**make_week(), "week_start": "soon"}), "week_start: expected a date"),
        (json.dumps([]), "instance: expected an object"),
    ],
)
def test_it_exits_2_with_one_line_on_bad_instance(tmp_path, capsys, content, message):
    instance = _write(tmp_path, "week.json", content)
    assert main(["solve", instance]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_it_exits_2_on_a_missing_file(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "nope.json")]) == 2
    assert "cannot read instance file" in capsys.readouterr().err


def test_it_checks_a_valid_solution_with_exit_0(tmp_path, capsys):
    instance = _write(tmp_path, "week.json", make_week())
    solution = _write(tmp_path, "solution.json", valid_solution())
    assert main(["check", instance, solution]) == 0
    assert "valid; 0 unmet" in capsys.readouterr().out


def test_it_lists_every_violation_and_unmet_requirement_with_exit_1(tmp_path, capsys):
    week = make_week(keep_apart=[["c1", "c2"]])
    week["staff"][0]["max_hours"] = 4
    sol = valid_solution()
    del sol["sessions"][-1]
    code = main(["check", _write(tmp_path, "w.json", week), _write(tmp_path, "s.json", sol)])
    out = capsys.readouterr().out
    assert code == 1
    assert "VIOLATED hard constraint 7" in out
    assert "VIOLATED hard constraint 6" in out
    assert "UNMET client c6 individual_sessions: needed 1, scheduled 0" in out


def test_it_exits_2_on_a_malformed_solution(tmp_path, capsys):
    instance = _write(tmp_path, "week.json", make_week())
    solution = _write(tmp_path, "solution.json", {"format": "cairn-schedule-solution/1"})
    assert main(["check", instance, solution]) == 2
    assert "sessions: missing required field" in capsys.readouterr().err
    assert main(["check", instance, _write(tmp_path, "bad.json", "[")]) == 2


def test_it_runs_as_a_module_without_a_traceback(tmp_path):
    week = make_week()
    week["clients"][3]["clinician"] = "s99"
    instance = _write(tmp_path, "week.json", week)
    run = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "cairn.scheduling.solver", "solve", instance],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr == "error: clients[3].clinician: unknown staff id 's99'\n"
