"""The posts as CSV and back: one row per post with its versions side by side, offsets a spreadsheet leaves alone,
a stable post id; reading our own CSV (an edited title updates its post, nothing duplicated), Hootsuite's bulk format,
dates whose order is asked, repeated and skipped hours, and every bad row named by line and column with nothing
imported."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_ics_export import NASTY_TEXT, NASTY_TITLE, _post, clock_change_posts, nasty_posts, world_plan

from smplanner.domain.plan import PostStatus, PostVersion, VersionStatus
from smplanner.services.ics_export import CsvOptions
from smplanner.services.planning import PlanningService
from smplanner.services.post_csv import (
    CsvFileError,
    CsvFormat,
    DateOrder,
    ImportChoices,
    TimesIn,
    csv_export,
    neutralised,
)
from smplanner.storage.plan_file import PlanFile


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_dicts(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write_csv(rows: list[list[str]], bom: bool = True, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


# --- export -------------------------------------------------------------------------------------------------------


def test_header_and_one_row_per_post_with_its_versions_side_by_side() -> None:
    posts = clock_change_posts()[12:16] + nasty_posts()
    rows = read_csv(csv_export(world_plan(), posts))
    assert rows[0] == ["Post id", "Date", "Local time", "UTC offset", "Time zone", "UTC time", "Market", "Platform",
                       "Content type", "Status", "Title", "Text (en)", "Version status (en)", "Text (fr)",
                       "Version status (fr)", "Text (ja)", "Version status (ja)", "Published (UTC)", "Link",
                       "Reason skipped"]
    assert len(rows) == 1 + len(posts)
    tokyo = rows[2]
    assert tokyo[:13] == [posts[1].id, "2027-03-28", "09:00", "UTC+09:00", "Asia/Tokyo", "2027-03-28T00:00:00Z", "JP",
                          "LinkedIn", "", "idea", "", "", "to_write"]
    assert tokyo[13:17] == ["", "", "", ""]  # no French or Japanese version
    assert rows[4][:6] == [posts[3].id, "2027-11-07", "00:30", "UTC-03:00", "America/Sao_Paulo",
                           "2027-11-07T03:30:00Z"]
    launch = rows[5]
    assert launch[6:11] == ["BE", "LinkedIn", "Behind the scenes", "ready", NASTY_TITLE]
    assert launch[13:15] == [NASTY_TEXT, "to_write"] and launch[11:13] == ["", ""]
    assert rows[7][9:11] == ["published", "\u65e5\u672c" * 60] and rows[7][17] == "2027-05-06T01:00:00Z"


def test_a_post_with_two_versions_is_one_row() -> None:
    post = dataclasses.replace(
        _post(45, "m-qc", "America/Toronto", datetime(2027, 6, 2, 12, 0), title="Fête"),
        versions=(PostVersion("fr", "Bonne fête!", VersionStatus.READY),
                  PostVersion("en", "", VersionStatus.TO_TRANSLATE)),
        status=PostStatus.SKIPPED, skip_reason="=strike",
    )
    (row,) = read_dicts(csv_export(world_plan(), [post]))
    assert row["Text (fr)"] == "Bonne fête!" and row["Version status (fr)"] == "ready"
    assert row["Text (en)"] == "" and row["Version status (en)"] == "to_translate"
    assert row["Reason skipped"] == "'=strike" and row["Status"] == "skipped"


def test_offsets_are_never_a_time_or_a_duration_to_a_spreadsheet() -> None:
    posts = [_post(70, "m-jp", "Asia/Tokyo", datetime(2027, 2, 1, 9)),
             _post(71, "m-br", "America/Sao_Paulo", datetime(2027, 2, 1, 9)),
             _post(72, "m-be", "Europe/Brussels", datetime(2027, 2, 1, 9))]
    offsets = [row["UTC offset"] for row in read_dicts(csv_export(world_plan(), posts))]
    assert offsets == ["UTC+09:00", "UTC-03:00", "UTC+01:00"]
    assert all(not offset.startswith(("+", "-")) for offset in offsets)


def test_rows_follow_the_instant_not_the_stored_wall_time() -> None:
    gap, second = clock_change_posts()[1], clock_change_posts()[4]
    rows = read_dicts(csv_export(world_plan(), [gap, second]))
    assert [(r["Date"], r["Local time"], r["UTC offset"], r["UTC time"]) for r in rows] == [
        ("2027-03-28", "03:30", "UTC+02:00", "2027-03-28T01:30:00Z"),
        ("2027-10-31", "02:30", "UTC+01:00", "2027-10-31T01:30:00Z")]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    post = _post(40, "m-br", "America/Sao_Paulo", datetime(2027, 2, 1, 9, 0), title=cell, text=cell)
    (row,) = read_dicts(csv_export(world_plan(), [post]))
    assert row["Title"] == row["Text (en)"] == "'" + cell
    assert neutralised("Safe = fine") == "Safe = fine"


def test_byte_order_mark_present_or_not() -> None:
    with_bom = csv_export(world_plan(), nasty_posts())
    without = csv_export(world_plan(), nasty_posts(), bom=False)
    assert with_bom.startswith(b"\xef\xbb\xbf") and not without.startswith(b"\xef\xbb\xbf")
    assert with_bom[3:] == without and without.decode("utf-8").startswith("Post id,")
    assert CsvOptions().bom is True


def test_an_empty_export_is_a_header() -> None:
    assert read_csv(csv_export(world_plan(), [])) == [read_csv(csv_export(world_plan(), []))[0]]


# --- import, through the planning service on a real plan file ---------------------------------------------------


@pytest.fixture
def service(tmp_path: Path):
    posts = clock_change_posts() + nasty_posts()
    path = tmp_path / "world.smplan"
    PlanFile.create(path, world_plan(), posts)
    service = PlanningService(PlanFile.open(path))
    yield service
    service.close()


def _exported(service: PlanningService, tmp_path: Path) -> Path:
    target = tmp_path / "posts.csv"
    service.export_csv(target)
    return target


def test_round_trip_an_edited_title_updates_that_post_and_nothing_else(service: PlanningService,
                                                                        tmp_path: Path) -> None:
    before = service.posts_between(None, None)
    rows = read_csv(_exported(service, tmp_path).read_bytes())
    rows[3][10] = "A new title, edited in a spreadsheet"
    preview = service.preview_csv(write_csv(rows))
    assert preview.format is CsvFormat.OWN and preview.ready, preview.problems
    assert (preview.created, preview.updated, preview.unchanged) == (0, 1, len(before) - 1)
    assert preview.summary() == "0 new posts, 1 updated, {n} unchanged".format(n=len(before) - 1)
    service.import_posts(preview)
    after = service.posts_between(None, None)
    assert len(after) == len(before)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1
    old, new = changed[0]
    assert new.id == rows[3][0] and new.title == "A new title, edited in a spreadsheet"
    assert dataclasses.replace(new, title=old.title, revision=old.revision, modified_at=old.modified_at) == old


def test_every_field_survives_a_round_trip(service: PlanningService, tmp_path: Path) -> None:
    before = service.posts_between(None, None)
    preview = service.preview_csv(_exported(service, tmp_path).read_bytes())
    assert preview.ready and preview.unchanged == len(before) and preview.updated == preview.created == 0
    assert [row.post for row in preview.rows] == before


def test_a_spreadsheet_s_dates_semicolons_and_seconds_are_read(service: PlanningService, tmp_path: Path) -> None:
    rows = read_csv(_exported(service, tmp_path).read_bytes())
    for row in rows[1:]:  # what LibreOffice writes back in a French locale
        year, month, day = row[1].split("-")
        row[1] = "{d}/{m}/{y}".format(d=day, m=month, y=year)
        row[2] = row[2] + ":00"
    data = write_csv(rows, delimiter=";")
    preview = service.preview_csv(data)
    assert preview.needs == () and preview.choices.date_order is DateOrder.DAY_FIRST  # 28/03 settles it
    assert preview.ready and preview.unchanged == len(rows) - 1


def test_an_ambiguous_date_order_is_asked_never_guessed(service: PlanningService) -> None:
    header = ["Date", "Local time", "Market", "Platform", "Title"]
    data = write_csv([header, ["03/04/2027", "09:00", "JP", "LinkedIn", "Spring"]])
    preview = service.preview_csv(data)
    assert preview.needs == ("date_order",) and not preview.ready and preview.rows == ()
    assert preview.date_orders == (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST)
    april = service.preview_csv(data, ImportChoices(date_order=DateOrder.DAY_FIRST))
    march = service.preview_csv(data, ImportChoices(date_order=DateOrder.MONTH_FIRST))
    assert april.rows[0].post.local == datetime(2027, 4, 3, 9) and march.rows[0].post.local == datetime(2027, 3, 4, 9)
    assert april.created == 1 and april.rows[0].post.status is PostStatus.IDEA


def test_new_rows_make_posts_and_known_ids_update(service: PlanningService, tmp_path: Path) -> None:
    count = len(service.posts_between(None, None))
    rows = read_csv(_exported(service, tmp_path).read_bytes())
    new = list(rows[1])
    new[0] = ""
    new[10] = "A post made in the spreadsheet"
    rows.append(new)
    preview = service.preview_csv(write_csv(rows))
    assert preview.ready and preview.created == 1
    service.import_posts(preview)
    posts = service.posts_between(None, None)
    assert len(posts) == count + 1
    made = next(post for post in posts if post.title == "A post made in the spreadsheet")
    assert made.id != rows[1][0] and made.instant == service.post(rows[1][0]).instant


def test_the_import_is_undone_in_one_step(service: PlanningService, tmp_path: Path) -> None:
    before = service.posts_between(None, None)
    rows = read_csv(_exported(service, tmp_path).read_bytes())
    rows[2][10] = "Changed"
    added = list(rows[1])
    added[0] = ""
    rows.append(added)
    _changes, imported = service.import_posts(service.preview_csv(write_csv(rows)))
    changes = service.undo_import(imported)
    after = service.posts_between(None, None)
    assert [dataclasses.replace(p, revision=0, modified_at=None) for p in after] == [
        dataclasses.replace(p, revision=0, modified_at=None) for p in before]
    assert len(changes.post_changes) == 2


@pytest.mark.parametrize(("cell", "value", "column", "words"), [
    (1, "2027-02-30", "Date", "not a date"),
    (1, "tomorrow", "Date", "not a date"),
    (6, "XX", "Market", "No market"),
    (7, "MySpace", "Platform", "not a platform"),
    (2, "25:00", "Local time", "not a time"),
    (9, "maybe", "Status", "not a status"),
    (4, "Europe/Paris", "Time zone", "Europe/Brussels"),
])
def test_a_bad_cell_is_named_by_line_and_column_and_nothing_is_imported(
        service: PlanningService, tmp_path: Path, cell: int, value: str, column: str, words: str) -> None:
    rows = read_csv(_exported(service, tmp_path).read_bytes())
    brussels = next(index for index, row in enumerate(rows) if row[4] == "Europe/Brussels")
    rows[brussels][cell] = value
    rows[1][10] = "an edit that must not be stored"
    preview = service.preview_csv(write_csv(rows))
    assert not preview.ready
    (problem,) = preview.problems
    assert (problem.line, problem.column) == (brussels + 1, column) and words in problem.message
    assert "Line {line}, column \u201c{column}\u201d".format(line=brussels + 1, column=column) in str(problem)
    with pytest.raises(ValueError):
        service.import_posts(preview)
    assert all(post.title != "an edit that must not be stored" for post in service.posts_between(None, None))


def test_values_no_plan_may_hold_are_named_on_their_column(service: PlanningService, tmp_path: Path) -> None:
    rows = read_csv(_exported(service, tmp_path).read_bytes())
    header = rows[0]
    rows[1][header.index("Title")] = "x" * 501
    rows[2][header.index("Text (en)")] = "y" * 100_001
    preview = service.preview_csv(write_csv(rows))
    assert [(p.line, p.column) for p in preview.problems] == [(2, "Title"), (3, "Text (en)")]
    assert not preview.ready


def test_a_time_the_clocks_skip_is_refused_and_a_repeated_one_needs_its_offset(service: PlanningService) -> None:
    header = ["Date", "Local time", "UTC offset", "Market", "Platform"]
    rows = [header,
            ["2027-03-28", "02:30", "", "BE", "LinkedIn"],  # Brussels springs forward from 02:00 to 03:00
            ["2027-10-31", "02:30", "", "BE", "LinkedIn"],  # and 02:30 happens twice
            ["2027-10-31", "02:30", "UTC+01:00", "BE", "LinkedIn"],
            ["2027-10-31", "02:30", "UTC+05:00", "BE", "LinkedIn"]]
    preview = service.preview_csv(write_csv(rows))
    assert [(p.line, p.column) for p in preview.problems] == [(2, "Local time"), (3, "Local time"), (5, "Local time")]
    assert "skip" in preview.problems[0].message and "UTC+02:00 or UTC+01:00" in preview.problems[1].message
    (second,) = preview.rows
    assert second.line == 4 and second.post.fold == 1
    assert second.post.instant == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_wrong_columns_refuse_the_file(service: PlanningService) -> None:
    with pytest.raises(CsvFileError, match="unknown column \u201cColour\u201d"):
        service.preview_csv(write_csv([["Date", "Local time", "Market", "Platform", "Colour"]]))
    with pytest.raises(CsvFileError, match="the column \u201cLocal time\u201d is missing"):
        service.preview_csv(write_csv([["Date", "Market", "Platform"], ["2027-01-02", "JP", "LinkedIn"]]))
    with pytest.raises(CsvFileError, match="not UTF-8"):
        service.preview_csv("Date,Local time\n2027-01-02,café".encode("cp1252"))
    with pytest.raises(CsvFileError, match="no rows"):
        service.preview_csv(b"\xef\xbb\xbf\n\n")


def test_a_csv_written_in_french_is_read_in_english(service: PlanningService, tmp_path: Path) -> None:
    from smplanner.i18n import set_language

    set_language("fr")
    data = _exported(service, tmp_path).read_bytes()
    assert "Heure locale" in data.decode("utf-8-sig").splitlines()[0]
    set_language("en")
    assert service.preview_csv(data).ready


# --- Hootsuite's bulk format ---------------------------------------------------------------------------------------

HOOTSUITE = (
    b'03/04/2027 09:30,"Spring is here: our new pralines, in the shops now",https://example.com/spring\r\n'
    b"04/04/2027 18:05,Behind the scenes at the workshop,\r\n"
    b'05/04/2027 12:00,"Two lines\nof text",\r\n'
)


def test_a_hootsuite_file_needs_its_market_platform_and_clock_said(service: PlanningService) -> None:
    preview = service.preview_csv(HOOTSUITE)
    assert preview.format is CsvFormat.HOOTSUITE
    assert preview.needs == ("date_order", "market", "platform", "times_in") and preview.rows == ()


def test_a_hootsuite_file_makes_ready_posts_at_the_said_clock(service: PlanningService, tmp_path: Path) -> None:
    count = len(service.posts_between(None, None))
    (tmp_path / "bulk.csv").write_bytes(HOOTSUITE)
    choices = ImportChoices(DateOrder.DAY_FIRST, "m-jp", "linkedin", TimesIn.MARKET)
    preview = service.preview_csv((tmp_path / "bulk.csv").read_bytes(), choices)
    assert preview.ready and preview.created == 3
    first = preview.rows[0].post
    assert first.local == datetime(2027, 4, 3, 9, 30) and first.zone == "Asia/Tokyo"
    assert first.status is PostStatus.READY and first.presence_id == "p-m-jp"
    assert first.versions[0].text == "Spring is here: our new pralines, in the shops now\nhttps://example.com/spring"
    assert first.versions[0].status is VersionStatus.READY
    assert preview.rows[2].post.versions[0].text == "Two lines\nof text" and preview.rows[2].line == 3
    home = service.preview_csv(HOOTSUITE, dataclasses.replace(choices, times_in=TimesIn.HOME))
    assert home.rows[0].post.instant == datetime(2027, 4, 3, 7, 30, tzinfo=UTC)  # 09:30 in Brussels (CEST)
    assert home.rows[0].post.local == datetime(2027, 4, 3, 16, 30)  # in Tokyo
    service.import_posts(preview)
    assert len(service.posts_between(None, None)) == count + 3


def test_a_hootsuite_file_with_date_and_time_apart_and_a_header(service: PlanningService) -> None:
    data = write_csv([["Date", "Time", "Message", "Link"],
                      ["2027-04-03", "09:30", "Hello", ""],
                      ["2027-04-04", "9:35 PM", "Evening", "https://example.com/"]], bom=False)
    preview = service.preview_csv(data, ImportChoices(None, "m-be", "linkedin", TimesIn.MARKET))
    assert preview.ready, preview.problems
    assert [row.post.local for row in preview.rows] == [datetime(2027, 4, 3, 9, 30), datetime(2027, 4, 4, 21, 35)]
    assert [row.line for row in preview.rows] == [2, 3]
    one = service.preview_csv(data[:data.index(b"2027-04-04")], ImportChoices(None, "m-be", "linkedin", TimesIn.MARKET))
    assert one.summary() == "1 new post, 0 updated, 0 unchanged"


def test_a_bad_hootsuite_row_is_named_by_line_and_column_letter(service: PlanningService) -> None:
    data = b"03/04/2027 09:30,Fine,\n31/04/2027 10:00,Bad date,\n05/04/2027 25:00,Bad time,\n06/04/2027 10:00,,\n"
    preview = service.preview_csv(data, ImportChoices(DateOrder.DAY_FIRST, "m-jp", "linkedin", TimesIn.MARKET))
    assert [(p.line, p.column) for p in preview.problems] == [(2, "A"), (3, "A"), (4, "B")]
    assert not preview.ready
