"""The start-up reader (sqlite3 alone) reads every field of every table into the right domain field.

Each plan is read twice: through PlanReader, and through an independent path that shares nothing with it but
the file: SQLAlchemy reflects the tables the migrations made and decodes them with its own SQLite types, and
this test maps each column to the domain field of the same name (the few renames are listed here), converting
by the field's type annotation. Both are compared field by field with each other and with what was written.
A column read into the wrong field, a value encoded differently from SQLAlchemy, a lost fold or microsecond
fails here (test_a_column_read_into_the_wrong_field_is_caught shows it does).

Opening a plan and showing its summary also must not import SQLAlchemy (it is most of a start-up: tests/benchmarks).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, create_engine, select

from smplanner.domain.catalogue import ChannelType, founder_platform, parse_platform, shipped_catalogue
from smplanner.domain.market_days import HolidayOverride, MarketEvent, OverrideAction
from smplanner.domain.plan import (
    Actor,
    ActorKind,
    Audience,
    CadenceRule,
    ContentFormat,
    ContentType,
    Firm,
    HolidayPolicy,
    LanguageMode,
    Market,
    Objective,
    Plan,
    Post,
    PostStatus,
    PostVersion,
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
    VersionStatus,
)
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import summarise
from smplanner.storage import reading, tables
from smplanner.storage.errors import PlanContentError
from smplanner.storage.plan_file import PlanFile

# -- the independent path: SQLAlchemy reflection and the domain classes' own annotations -----------------------

RENAMED = {(Post, "local"): "local_time"}
"""Domain fields whose column has another name (every other field is stored in the column of its name)."""
ELSEWHERE = {(Post, "versions")}
"""Domain fields read from another table (a post's versions: rows of post_version, by post_id then position)."""
UTC_INSTANTS = {(Post, "published_at"), (Post, "modified_at")}
"""Aware UTC instants in the domain, stored naive."""


def _convert(hint: Any, value: Any, where: str) -> Any:
    """A value SQLAlchemy decoded, as the domain field annotated `hint` holds it."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if value is None:
            return None
        (hint,) = [h for h in typing.get_args(hint) if h is not type(None)]
    assert value is not None, where + " is NULL"
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        assert isinstance(value, list), where
        return tuple(_convert(item, v, where) for v in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is Decimal:
        assert isinstance(value, str), where  # money is text in the file
        return Decimal(value)
    if hint is time:
        assert isinstance(value, str) and len(value) == 5, where  # "HH:MM"
        return time.fromisoformat(value)
    if hint is float:
        assert isinstance(value, float | int), where
        return float(value)
    if hint is datetime:
        assert isinstance(value, datetime), where
        return value
    if hint is date:
        assert type(value) is date, where
        return value
    assert isinstance(value, hint), f"{where}: {value!r} is not {hint}"
    return value


def _domain_from_row(cls: type, row: Mapping[str, Any], table: str, **elsewhere: Any) -> Any:
    hints = typing.get_type_hints(cls)
    values = dict(elsewhere)
    for item in dataclasses.fields(cls):
        if (cls, item.name) in ELSEWHERE:
            assert item.name in values, f"{cls.__name__}.{item.name} is read from another table"
            continue
        column = RENAMED.get((cls, item.name), item.name)
        assert column in row, f"{table} has no column for {cls.__name__}.{item.name}"
        where = "{table}[{id}].{column}".format(table=table, id=row.get("id"), column=column)
        values[item.name] = _convert(hints[item.name], row[column], where)
        if (cls, item.name) in UTC_INSTANTS and values[item.name] is not None:
            values[item.name] = values[item.name].replace(tzinfo=UTC)
    return cls(**values)


@dataclasses.dataclass
class ReadIndependently:
    plan: Plan
    posts: list[Post]
    overrides: list[HolidayOverride]
    events: list[MarketEvent]


def read_independently(path: Path) -> ReadIndependently:
    engine = create_engine(f"sqlite:///{path}")
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            def rows(table: str, order: str = "id") -> list[Mapping[str, Any]]:
                found = metadata.tables[table]
                return [r._mapping for r in connection.execute(select(found).order_by(found.c[order]))]

            (firm_row,) = rows("firm")
            (strategy_row,) = rows("strategy")
            assert firm_row["id"] == 1 and strategy_row["id"] == 1
            own_rows = rows("own_platform", order="position")
            assert [r["position"] for r in own_rows] == list(range(len(own_rows)))
            own = tuple(parse_platform(r["entry"]) for r in own_rows)
            assert [r["id"] for r in own_rows] == [e.id for e in own]
            version_table = metadata.tables["post_version"]
            versions: dict[str, list[PostVersion]] = {}
            for r in connection.execute(select(version_table).order_by(version_table.c.post_id,
                                                                       version_table.c.position)):
                versions.setdefault(r.post_id, []).append(_domain_from_row(PostVersion, r._mapping, "post_version"))
            post_rows = rows("post")
            posts = [_domain_from_row(Post, r, "post", versions=tuple(versions.pop(r["id"], ()))) for r in post_rows]
            assert not versions, "versions of no post"
            for row, post in zip(post_rows, posts, strict=True):  # the derived instant, for sorting
                assert row["utc_instant"] == post.instant.replace(tzinfo=None), row["id"]
            plan = Plan(
                firm=_domain_from_row(Firm, firm_row, "firm"),
                strategy=_domain_from_row(Strategy, strategy_row, "strategy"),
                markets=tuple(_domain_from_row(Market, r, "market") for r in rows("market")),
                actors=tuple(_domain_from_row(Actor, r, "actor") for r in rows("actor")),
                presences=tuple(_domain_from_row(Presence, r, "presence") for r in rows("presence")),
                content_types=tuple(_domain_from_row(ContentType, r, "content_type") for r in rows("content_type")),
                cadence_rules=tuple(_domain_from_row(CadenceRule, r, "cadence_rule") for r in rows("cadence_rule")),
                own_platforms=own,
            )
            return ReadIndependently(
                plan,
                posts,
                [_domain_from_row(HolidayOverride, r, "holiday_override") for r in rows("holiday_override")],
                [_domain_from_row(MarketEvent, r, "market_event") for r in rows("market_event")],
            )
    finally:
        engine.dispose()


# -- comparing field by field ------------------------------------------------------------------------------------


def assert_same(expected: Any, actual: Any, where: str, every_field: bool = False) -> None:
    """Equal dataclasses, compared field by field so that a failure names the field; the fields the class does not
    compare (a post's revision and moment of change, which the file sets) only when `every_field`."""
    assert type(expected) is type(actual), where
    for item in dataclasses.fields(expected):
        if not (item.compare or every_field):
            continue
        want, got = getattr(expected, item.name), getattr(actual, item.name)
        assert got == want, f"{where}.{item.name}: expected {want!r}, read {got!r}"
        widened = type(want) is int and type(got) is float  # an int written to a float field reads as a float
        assert type(got) is type(want) or widened, f"{where}.{item.name}: {got!r} is a {type(got).__name__}"


def assert_same_items(expected: Iterable[Any], actual: Iterable[Any], where: str, every_field: bool = False) -> None:
    want = {item.id: item for item in expected}
    got = {item.id: item for item in actual}
    assert sorted(got) == sorted(want), where + ": other rows"
    for key, item in want.items():
        assert_same(item, got[key], f"{where}[{key}]", every_field)


def assert_same_plan(expected: Plan, actual: Plan, where: str) -> None:
    assert_same(expected.firm, actual.firm, where + " firm")
    assert_same(expected.strategy, actual.strategy, where + " strategy")
    for kind in ("markets", "actors", "presences", "content_types", "cadence_rules"):
        assert_same_items(getattr(expected, kind), getattr(actual, kind), f"{where} {kind}")
    assert actual.own_platforms == expected.own_platforms, where + " own_platforms"


def assert_read_back(path: Path, plan: Plan, posts: list[Post], overrides: Iterable[HolidayOverride] = (),
                     events: Iterable[MarketEvent] = ()) -> None:
    """The fast reader and the independent path both read exactly what was written, field by field."""
    independent = read_independently(path)
    with PlanFile.open(path, read_only=True) as plan_file:
        reader = plan_file.reader
        fast = reader.load_plan()
        fast_posts = reader.posts()
        for name, read in (("reader", fast), ("independent", independent.plan)):
            assert_same_plan(plan, read, name)
        assert_same_items(posts, fast_posts, "reader posts")
        assert_same_items(posts, independent.posts, "independent posts")
        assert_same_items(independent.posts, fast_posts, "reader against independent posts", every_field=True)
        assert all(post.modified_at is not None and post.modified_at.tzinfo is UTC for post in fast_posts)
        assert_same_items(overrides, reader.holiday_overrides(), "reader holiday_override")
        assert_same_items(overrides, independent.overrides, "independent holiday_override")
        assert_same_items(events, reader.market_events(), "reader market_event")
        assert_same_items(events, independent.events, "independent market_event")
        check_orders_and_ranges(reader, posts, fast)


def check_orders_and_ranges(reader: reading.PlanReader, posts: list[Post], plan: Plan) -> None:
    """What the reader promises about order and ranges, against the domain's own instants."""
    by_instant = sorted(posts, key=lambda p: (p.instant, p.id))
    assert [p.instant for p in reader.posts()] == [p.instant for p in by_instant]
    assert reader.count_posts() == len(posts)
    last = reader.last_post()
    assert (last.instant if last else None) == (by_instant[-1].instant if posts else None)
    market_order = [(m.entry_order, m.country) for m in plan.markets]
    assert market_order == sorted(market_order)
    assert [a.name for a in plan.actors] == sorted(a.name for a in plan.actors)
    for post in posts[:20]:
        assert reader.post(post.id) == post
    assert reader.post("no such post") is None
    instants = sorted({p.instant.replace(tzinfo=None) for p in posts})
    for start in [datetime(2000, 1, 1), *instants[:3], *(i + timedelta(microseconds=1) for i in instants[:2])]:
        end = start + timedelta(days=40)
        expected = [p for p in by_instant if start <= p.instant.replace(tzinfo=None) < end]
        got = reader.posts(start_utc=start, end_utc=end)
        assert sorted(p.id for p in got) == sorted(p.id for p in expected)
        first = reader.posts(start_utc=start, limit=1)
        from_start = [p.instant for p in by_instant if start <= p.instant.replace(tzinfo=None)]
        assert [p.instant for p in first] == from_start[:1]
    hand = {}
    for post in posts:
        if post.rule_id is None or post.edited:
            hand[post.market_id] = hand.get(post.market_id, 0) + 1
    assert reader.count_hand_posts_by_market() == hand


# -- the plans ----------------------------------------------------------------------------------------------


def test_reader_reads_every_field_of_the_rich_plan(plan_path, rich):
    plan, posts = rich
    assert_read_back(plan_path, plan, posts)


@pytest.mark.parametrize("name", ["confectioner", "consultancy", "training"])
def test_reader_reads_every_field_of_the_examples(tmp_path, name):
    path = tmp_path / "example.smplan"
    plan, posts = create_from_example(path, name, date(2027, 3, 3))
    assert len(posts) > 100
    assert_read_back(path, plan, posts)


def test_reader_reads_an_empty_plan(tmp_path):
    from smplanner.services.plan_files import create_empty

    path = tmp_path / "empty.smplan"
    plan = create_empty(path, date(2027, 3, 3))
    with PlanFile.open(path) as plan_file:
        assert plan_file.reader.last_post() is None and plan_file.reader.posts(limit=1) == []
    assert_read_back(path, plan, [])


ZONES = {"BE": ("Europe/Brussels", None), "GB": ("Europe/London", "ENG"), "CA": ("America/Toronto", "QC"),
         "JP": ("Asia/Tokyo", None), "US": ("America/New_York", "NY"), "AU": ("Australia/Lord_Howe", None)}
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
NAME = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
MONEY = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2)
MINUTE = st.builds(time, st.integers(0, 23), st.integers(0, 59))
PLATFORMS = sorted(p.id for p in shipped_catalogue().platforms)
LANGUAGES = st.sampled_from(["en", "fr", "ja", "nl", "de", "zh_Hans"])


@st.composite
def stored_plans(draw) -> tuple[Plan, list[Post], list[HolidayOverride], list[MarketEvent]]:
    """A plan with every kind of row, each field drawn from its valid range, and rows that link to each other."""
    country = draw(st.sampled_from(sorted(ZONES)))
    zone, subdivision = ZONES[country]
    start = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    firm = Firm(
        name=draw(NAME), home_country=country, home_zone=zone,
        home_subdivision=draw(st.sampled_from([None, subdivision])),
        sector=draw(TEXT), audience=draw(st.sampled_from(Audience)), team_size=draw(st.integers(1, 500)),
        scenario=draw(st.sampled_from(Scenario)), working_start=draw(MINUTE), working_end=draw(MINUTE),
        working_days=tuple(draw(st.lists(st.integers(0, 6), unique=True, max_size=7))),
    )
    strategy = Strategy(
        period_start=start, period_end=start + timedelta(days=draw(st.integers(0, 3 * 365))),
        currency=draw(st.sampled_from(["EUR", "GBP", "JPY", "CAD"])), budget_organic_month=draw(MONEY),
        budget_paid_month=draw(MONEY), language_mode=draw(st.sampled_from(LanguageMode)),
        main_language=draw(LANGUAGES), editorial_line=draw(TEXT), silence_threshold_days=draw(st.integers(1, 365)),
    )
    markets = []
    for market_country in draw(st.lists(st.sampled_from(sorted(ZONES)), min_size=1, max_size=4, unique=True)):
        market_zone, market_subdivision = ZONES[market_country]
        markets.append(Market(
            market_country, market_zone, subdivision=draw(st.sampled_from([None, market_subdivision])),
            objectives=tuple(draw(st.lists(st.sampled_from(Objective), unique=True, max_size=3))),
            languages=tuple(draw(st.lists(LANGUAGES, unique=True, max_size=3))), entry_order=draw(st.integers(1, 9)),
            entry_date=draw(st.none() | st.dates(date(2026, 1, 1), date(2030, 1, 1))),
            content_adapted=draw(st.booleans()), adaptation_notes=draw(TEXT), personal_share=draw(st.integers(0, 100)),
            paid_ads=draw(st.booleans()), ads_budget_month=draw(MONEY), translator=draw(st.sampled_from(Translator)),
        ))
    actors = [
        Actor(draw(NAME), draw(st.sampled_from(ActorKind)), country=draw(st.none() | st.sampled_from(sorted(ZONES))),
              hours_per_week=draw(st.floats(0, 168, allow_nan=False)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    content_types = [
        ContentType(draw(NAME), share_percent=draw(st.integers(0, 100)), format=draw(st.sampled_from(ContentFormat)),
                    personal=draw(st.booleans()))
        for _ in range(draw(st.integers(0, 3)))
    ]

    def maybe(items: list) -> str | None:
        return draw(st.none() | st.sampled_from([i.id for i in items])) if items else None

    presences = [
        Presence(draw(st.sampled_from(markets)).id, draw(st.sampled_from(PLATFORMS)),
                 scope=draw(st.sampled_from(ProfileScope)), goal=draw(st.sampled_from(Objective)),
                 actor_id=maybe(actors))
        for _ in range(draw(st.integers(0, 4)))
    ]
    rules = [
        CadenceRule(draw(st.sampled_from(presences)).id,
                    tuple(draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))),
                    tuple(draw(st.lists(MINUTE, min_size=1, max_size=3, unique=True))),
                    interval_weeks=draw(st.integers(1, 8)), language=draw(LANGUAGES),
                    content_type_id=maybe(content_types), holiday_policy=draw(st.sampled_from(HolidayPolicy)))
        for _ in range(draw(st.integers(0, 4) if presences else st.just(0)))
    ]
    posts = []
    for _ in range(draw(st.integers(0, 12))):
        market = draw(st.sampled_from(markets))
        status = draw(st.sampled_from(PostStatus))
        versions = tuple(
            PostVersion(language, text, draw(st.sampled_from(
                VersionStatus if text.strip() else [VersionStatus.TO_WRITE, VersionStatus.TO_TRANSLATE])))
            for language, text in ((language, draw(TEXT)) for language in draw(st.lists(LANGUAGES, unique=True,
                                                                                         max_size=3)))
        )
        published = status is PostStatus.PUBLISHED
        posts.append(Post(
            market.id, draw(st.sampled_from(PLATFORMS)),
            draw(st.datetimes(datetime(2026, 1, 1), datetime(2031, 12, 31))), market.zone, fold=draw(st.integers(0, 1)),
            presence_id=maybe(presences), content_type_id=maybe(content_types),
            title=draw(TEXT), status=status, rule_id=maybe(rules), edited=draw(st.booleans()), versions=versions,
            published_at=draw(st.datetimes(datetime(2026, 1, 1), datetime(2031, 12, 31), timezones=st.just(UTC)))
            .replace(microsecond=0) if published else None,
            published_url="https://example.com/p/" + draw(st.from_regex(r"[a-z0-9]{0,12}", fullmatch=True))
            if published and draw(st.booleans()) else "",
            skip_reason=draw(NAME).strip() or "x" if status is PostStatus.SKIPPED else "",
        ))
    own = [
        founder_platform(draw(st.sampled_from(["mastodon", "threads", "instagram", "bluesky"])), draw(NAME),
                         draw(st.sampled_from(ChannelType)), start, days=draw(st.lists(st.integers(0, 6))),
                         countries=draw(st.lists(st.sampled_from(sorted(ZONES)), unique=True, max_size=2)))
        for _ in range(draw(st.integers(0, 2)))
    ]
    own = list({entry.id: entry for entry in own}.values())
    overrides = list({
        (o.market_id, o.day): o for o in (
            HolidayOverride(draw(st.sampled_from(markets)).id, draw(st.dates(date(2026, 1, 1), date(2031, 12, 31))),
                            draw(st.sampled_from(OverrideAction)), name=draw(TEXT))
            for _ in range(draw(st.integers(0, 3)))
        )
    }.values())
    events = [
        MarketEvent(draw(st.sampled_from(markets)).id, draw(st.dates(date(2026, 1, 1), date(2031, 12, 31))), draw(NAME))
        for _ in range(draw(st.integers(0, 3)))
    ]
    plan = Plan(firm, strategy, tuple(markets), tuple(actors), tuple(presences), tuple(content_types), tuple(rules),
                tuple(own))
    return plan, posts, overrides, events


def write_plan(path: Path, plan: Plan, posts: list[Post], overrides: Iterable[HolidayOverride],
               events: Iterable[MarketEvent]) -> None:
    PlanFile.create(path, plan, posts)
    with PlanFile.open(path) as plan_file:
        for override in overrides:
            plan_file.repository.save_holiday_override(override)
        for event in events:
            plan_file.repository.save_market_event(event)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(stored_plans())
def test_reader_reads_every_field_of_any_plan(stored):
    plan, posts, overrides, events = stored
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawn.smplan"
        write_plan(path, plan, posts, overrides, events)
        assert_read_back(path, plan, posts, overrides, events)


# -- the test itself would see a column read into the wrong field ------------------------------------------------


def _swapped(table: tables.Table, first: str, second: str) -> tables.Table:
    """The table with two columns' domain fields exchanged, as a slip in the description would do."""
    def swap(column: tables.Column) -> tables.Column:
        other = {first: second, second: first}.get(column.name)
        return dataclasses.replace(column, field=other) if other else column

    return dataclasses.replace(table, columns=tuple(swap(c) for c in table.columns))


@pytest.mark.parametrize("sides", ["reading only", "reading and writing"])
@pytest.mark.parametrize(("table", "first", "second"), [
    ("FIRM", "working_start", "working_end"),
    ("MARKET", "entry_order", "personal_share"),
    ("POST", "fold", "edited"),
])
def test_a_column_read_into_the_wrong_field_is_caught(tmp_path, monkeypatch, rich, sides, table, first, second):
    plan, posts = rich
    swapped = _swapped(getattr(tables, table), first, second)
    monkeypatch.setitem(reading._READERS, swapped.name, reading._RowReader(swapped))
    if sides == "reading and writing":  # the file itself gets the values in the wrong columns
        monkeypatch.setattr(tables, table, swapped)
    path = tmp_path / "swapped.smplan"
    PlanFile.create(path, plan, posts)
    # Caught by the comparison, or by the domain's own checks when a swapped value is out of range there.
    with pytest.raises((AssertionError, ValueError, PlanContentError), match=first + "|" + second):
        assert_read_back(path, plan, posts)


def test_every_table_and_domain_field_is_described():
    """Each domain class's fields are the read columns of its table, by name (the description leaves none out)."""
    for table in tables.TABLES:
        if table.domain is None:
            continue
        attributes = {c.attribute for c in table.read_columns} | {attribute for attribute, _table in table.nested}
        assert attributes == {f.name for f in dataclasses.fields(table.domain)}, table.name
    assert {(cls, attribute) for table in tables.TABLES for attribute, _nested in table.nested
            for cls in [table.domain]} == ELSEWHERE


# -- start-up without SQLAlchemy --------------------------------------------------------------------------------


def test_opening_and_summarising_a_plan_does_not_import_sqlalchemy(plan_path):
    script = (
        "import sys\n"
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "from smplanner.services.planning import PlanningService\n"
        "from smplanner.storage.backups import BackupShelf\n"
        "from smplanner.storage.plan_file import PlanFile\n"
        "folder = Path(sys.argv[1])\n"
        "service = PlanningService(PlanFile.open(folder / 'plan.smplan'), BackupShelf(folder / 'backups'))\n"
        "summary = service.summary()\n"
        "service.upcoming_posts(datetime(2027, 1, 1).astimezone())\n"
        "service.holiday_overrides()\n"
        "print(summary.post_count, sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(Path(plan_path).parent)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(" ", 1)[1].strip() == "[]"


def test_the_repository_still_comes_on_first_use(plan_path):
    with PlanFile.open(plan_path) as plan_file:
        assert plan_file.repository is plan_file.repository
        summary = summarise(plan_file)
        assert summary.post_count == plan_file.repository.count_posts() > 0
