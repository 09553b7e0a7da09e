"""Settings kept between runs (``settings.json`` in the data dir): read tolerantly, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.settings import SETTINGS_FILE, read_settings, read_theme, write_theme


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
