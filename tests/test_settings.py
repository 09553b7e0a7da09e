"""Settings kept between runs (``settings.json`` in the data dir): read tolerantly, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.settings import SETTINGS_FILE, SettingsCheck, check_settings, read_settings, read_theme, write_theme


def test_a_written_theme_is_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"  # created on the first write
    path = write_theme(folder, "textual-light")
    assert path == folder / SETTINGS_FILE
    assert read_theme(folder) == "textual-light"
    write_theme(folder, "nord")
    assert read_theme(folder) == "nord"
    assert not list(folder.glob(".*.tmp"))


def test_other_settings_survive_a_theme_change(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"theme": "nord", "later": 3}), encoding="utf-8")
    write_theme(tmp_path, "textual-light")
    assert read_settings(tmp_path) == {"theme": "textual-light", "later": 3}


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"theme": 7}', '{"theme": ""}', '{"other": 1}'])
def test_no_file_or_a_damaged_one_means_no_theme(tmp_path: Path, text: str) -> None:
    assert read_theme(tmp_path) is None
    (tmp_path / SETTINGS_FILE).write_text(text, encoding="utf-8")
    assert read_theme(tmp_path) is None


def test_a_damaged_file_is_replaced_by_the_next_write(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(b"\xff\xfe garbage")
    write_theme(tmp_path, "textual-light")
    assert read_theme(tmp_path) == "textual-light"


def test_an_unwritable_folder_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(FileExistsError):  # mkdir: a file is where the folder should be
        write_theme(blocker, "textual-light")


# --- checking the file (quiz doctor) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"not json", "not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        (b"\xff\xfe garbage", "not UTF-8 text (byte 0)"),
        (b"[1, 2]", "not a JSON object (a list)"),
        (b"[" * 100_000, "nested too deeply to be a settings file"),
        (b'{"theme": 7}', "theme: should be a theme name (a non-empty string) (got 7)"),
        (b'{"theme": ""}', "theme: should be a theme name (a non-empty string) (got '')"),
        (b'{"mock": [5]}', "mock: should be an object (the last mock interview's setup) (got [5])"),
    ],
)
def test_a_damaged_file_or_value_is_named_and_left_as_it_is(tmp_path: Path, raw: bytes, problem: str) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_bytes(raw)
    checked = check_settings(tmp_path)
    assert checked.exists and checked.problems == (problem,)
    assert read_theme(tmp_path) is None  # the app's own reading agrees: nothing usable
    assert path.read_bytes() == raw


def test_a_good_file_checks_clean_and_unknown_keys_are_listed(tmp_path: Path) -> None:
    assert check_settings(tmp_path) == SettingsCheck(tmp_path / SETTINGS_FILE, exists=False)
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"theme": "nord", "later": 3}), encoding="utf-8")
    checked = check_settings(tmp_path)
    assert checked.problems == () and checked.unknown == ("later",)
    assert read_theme(tmp_path) == "nord"


def test_a_folder_where_the_file_should_be_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).mkdir()
    assert check_settings(tmp_path).problems == ("not a regular file",)
