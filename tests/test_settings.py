"""Settings kept between runs (``settings.json`` in the data dir): read tolerantly, validated, written atomically;
the interview date and the desired retention as the user types them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.settings import (
    DEFAULT_RETENTION,
    SETTINGS_FILE,
    SettingsCheck,
    SettingsError,
    check_settings,
    describe_moment,
    load_settings,
    parse_interview_moment,
    parse_retention,
    read_settings,
    read_theme,
    update_settings,
    write_theme,
)


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


# --- validated settings: the interview date and the desired retention ---------------------------------------------

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def test_settings_default_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.interview_at is None
    assert settings.desired_retention == DEFAULT_RETENTION == 0.9
    assert settings.problems == ()


def test_interview_and_retention_are_saved_validated_and_keep_other_keys(tmp_path: Path) -> None:
    write_theme(tmp_path, "nord")
    moment = datetime(2026, 12, 8, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    update_settings(tmp_path, interview_at=moment, desired_retention=0.85)
    raw = read_settings(tmp_path)
    assert raw == {"theme": "nord", "interview_at": "2026-12-08T14:00:00+01:00", "desired_retention": 0.85}
    settings = load_settings(tmp_path)
    assert settings.interview_at == moment and settings.interview_at.utcoffset() == timedelta(hours=1)
    assert settings.desired_retention == 0.85 and settings.theme == "nord"
    update_settings(tmp_path, interview_at=None)  # None removes the setting
    assert "interview_at" not in read_settings(tmp_path)
    assert load_settings(tmp_path).desired_retention == 0.85


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"desired_retention": 0.99}, "desired_retention: Input should be less than or equal to 0.97"),
        ({"desired_retention": 0.5}, "desired_retention: Input should be greater than or equal to 0.7"),
        ({"interview_at": datetime(2026, 12, 8, 14, 0)}, "interview_at: Input should have timezone info"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError) as info:
        update_settings(tmp_path, **changes)
    assert str(info.value) == message
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_a_damaged_value_is_ignored_and_named_never_fatal(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        json.dumps({"theme": "nord", "interview_at": "soon", "desired_retention": 2}), encoding="utf-8"
    )
    settings = load_settings(tmp_path)
    assert (settings.theme, settings.interview_at, settings.desired_retention) == ("nord", None, 0.9)
    assert len(settings.problems) == 2
    assert all(str(tmp_path / SETTINGS_FILE) in p and p.endswith("ignored") for p in settings.problems)
    assert any("interview_at" in p and "'soon'" in p for p in settings.problems)


def test_a_date_alone_is_nine_in_the_morning_local_time() -> None:
    moment = parse_interview_moment("2026-12-08", NOW)
    assert moment.tzinfo is not None
    assert moment.astimezone().replace(tzinfo=None) == datetime(2026, 12, 8, 9, 0)
    local = parse_interview_moment("2026-12-08T14:30", NOW)
    assert local.utcoffset() == datetime(2026, 12, 8, 14, 30).astimezone().utcoffset()  # the local zone's offset
    assert local.replace(tzinfo=None) == datetime(2026, 12, 8, 14, 30)
    assert parse_interview_moment("2026-12-08 14:30", NOW) == local


def test_an_offset_given_is_kept() -> None:
    moment = parse_interview_moment("2026-12-08T14:00+05:30", NOW)
    assert moment.utcoffset() == timedelta(hours=5, minutes=30)
    assert describe_moment(moment) == "Tue 8 Dec 2026 14:00 (UTC+05:30)"
    assert parse_interview_moment("2026-12-08T14:00Z", NOW) == datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-11-30", "is in the past"),
        ("2026-12-01T17:59Z", "is in the past"),
        ("2026-13-01", "'2026-13-01' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        ("next tuesday", "is not a date"),
        ("", "an empty value is not a date"),
        ("2029-01-01", "more than 730 days away"),
    ],
)
def test_past_malformed_or_far_dates_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_interview_moment(text, NOW)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("text", "value"), [("0.85", 0.85), ("85%", 0.85), (" 0.7 ", 0.7), ("0.97", 0.97)])
def test_retention_is_parsed(text: str, value: float) -> None:
    assert parse_retention(text) == value


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0.99", "must be between 0.7 and 0.97 (Anki's advice for FSRS), got 0.99"),
        ("0.5", "must be between 0.7 and 0.97"),
        ("97.5%", "must be between 0.7 and 0.97"),
        ("high", "'high' is not a number"),
        ("nan", "must be between"),
    ],
)
def test_bad_retention_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_retention(text)
    assert fragment in str(info.value)


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
