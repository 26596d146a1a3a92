"""Start-up reads of a plan with the sqlite3 module alone: what the window shows first, without importing SQLAlchemy.

Importing SQLAlchemy and mapping the schema takes about 0.3 s, most of a start-up (tests/benchmarks). So
opening a plan and showing its overview read through PlanReader, and PlanFile makes its SQLAlchemy repository
only on first use (the first edit). The column encodings are SQLAlchemy's for SQLite (dates and datetimes as
ISO text, JSON as text, booleans as 0/1) and DecimalText's (money as text): tests/storage/test_plan_reader.py
checks that they read back exactly what PlanRepository wrote. PlanRepository reads through this class too,
so there is one read path; keep it in step when a migration adds or changes a column.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from smplanner.domain.catalogue import parse_platform
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
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
)

_POST_COLUMNS = (
    "id, market_id, presence_id, platform, local_time, zone, fold, language, content_type_id, title, text, status, "
    "rule_id, edited"
)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _datetime(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _bind_datetime(value: datetime) -> str:
    """A naive datetime as SQLAlchemy's SQLite DATETIME stores it, so text comparison orders like time."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _post(row: tuple) -> Post:
    (id_, market_id, presence_id, platform, local, zone, fold, language, content_type_id, title, text, status,
     rule_id, edited) = row
    return Post(
        id=id_,
        market_id=market_id,
        presence_id=presence_id,
        platform=platform,
        local=_datetime(local),
        zone=zone,
        fold=fold,
        language=language,
        content_type_id=content_type_id,
        title=title,
        text=text,
        status=PostStatus(status),
        rule_id=rule_id,
        edited=bool(edited),
    )


class PlanReader:
    """Read-only queries on an open plan connection (no transaction of their own: each is one SELECT)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def _all(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        return self._connection.execute(sql, parameters).fetchall()

    def meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM plan_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def load_plan(self) -> Plan:
        firm_rows = self._all(
            "SELECT name, home_country, home_zone, home_subdivision, sector, audience, team_size, scenario, "
            "working_start, working_end, working_days FROM firm WHERE id = 1"
        )
        strategy_rows = self._all(
            "SELECT period_start, period_end, currency, budget_organic_month, budget_paid_month, language_mode, "
            "main_language, editorial_line, silence_threshold_days FROM strategy WHERE id = 1"
        )
        if not firm_rows or not strategy_rows:
            raise LookupError("plan has no firm or strategy")
        (name, country, zone, subdivision, sector, audience, team_size, scenario, start, end, days) = firm_rows[0]
        firm = Firm(
            name=name,
            home_country=country,
            home_zone=zone,
            home_subdivision=subdivision,
            sector=sector,
            audience=Audience(audience),
            team_size=team_size,
            scenario=Scenario(scenario),
            working_start=time.fromisoformat(start),
            working_end=time.fromisoformat(end),
            working_days=tuple(json.loads(days)),
        )
        (first, last, currency, organic, paid, language_mode, main_language, editorial, silence) = strategy_rows[0]
        strategy = Strategy(
            period_start=_date(first),
            period_end=_date(last),
            currency=currency,
            budget_organic_month=Decimal(organic),
            budget_paid_month=Decimal(paid),
            language_mode=LanguageMode(language_mode),
            main_language=main_language,
            editorial_line=editorial,
            silence_threshold_days=silence,
        )
        markets = tuple(
            Market(
                id=r[0],
                country=r[1],
                subdivision=r[2],
                zone=r[3],
                objectives=tuple(Objective(o) for o in json.loads(r[4])),
                languages=tuple(json.loads(r[5])),
                entry_order=r[6],
                entry_date=_date(r[7]),
                content_adapted=bool(r[8]),
                adaptation_notes=r[9],
                personal_share=r[10],
                paid_ads=bool(r[11]),
                ads_budget_month=Decimal(r[12]),
                translator=Translator(r[13]),
            )
            for r in self._all(
                "SELECT id, country, subdivision, zone, objectives, languages, entry_order, entry_date, "
                "content_adapted, adaptation_notes, personal_share, paid_ads, ads_budget_month, translator "
                "FROM market ORDER BY entry_order, country"
            )
        )
        actors = tuple(
            Actor(id=r[0], name=r[1], kind=ActorKind(r[2]), country=r[3], hours_per_week=r[4])
            for r in self._all("SELECT id, name, kind, country, hours_per_week FROM actor ORDER BY name")
        )
        presences = tuple(
            Presence(id=r[0], market_id=r[1], platform=r[2], scope=ProfileScope(r[3]), goal=Objective(r[4]),
                     actor_id=r[5])
            for r in self._all("SELECT id, market_id, platform, scope, goal, actor_id FROM presence ORDER BY platform")
        )
        content_types = tuple(
            ContentType(id=r[0], name=r[1], share_percent=r[2], format=ContentFormat(r[3]), personal=bool(r[4]))
            for r in self._all("SELECT id, name, share_percent, format, personal FROM content_type ORDER BY name")
        )
        rules = tuple(
            CadenceRule(
                id=r[0],
                presence_id=r[1],
                weekdays=tuple(json.loads(r[2])),
                times=tuple(time.fromisoformat(t) for t in json.loads(r[3])),
                interval_weeks=r[4],
                language=r[5],
                content_type_id=r[6],
                holiday_policy=HolidayPolicy(r[7]),
            )
            for r in self._all(
                "SELECT id, presence_id, weekdays, times, interval_weeks, language, content_type_id, holiday_policy "
                "FROM cadence_rule"
            )
        )
        own_platforms = tuple(
            parse_platform(json.loads(r[0])) for r in self._all("SELECT entry FROM own_platform ORDER BY position")
        )
        return Plan(firm=firm, strategy=strategy, markets=markets, actors=actors, presences=presences,
                    content_types=content_types, cadence_rules=rules, own_platforms=own_platforms)

    def count_posts(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM post").fetchone()[0])

    def count_hand_posts_by_market(self) -> dict[str, int]:
        """Per market id, the posts the founder made by hand or edited: what removing the market would lose."""
        rows = self._all("SELECT market_id, count(*) FROM post WHERE rule_id IS NULL OR edited GROUP BY market_id")
        return {market_id: int(count) for market_id, count in rows}

    def posts(
        self,
        start_utc: datetime | None = None,
        end_utc: datetime | None = None,
        market_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Post]:
        """Posts ordered by instant, optionally from start (inclusive) to end (exclusive), as naive UTC bounds."""
        conditions: list[str] = []
        parameters: list[object] = []
        if start_utc is not None:
            conditions.append("utc_instant >= ?")
            parameters.append(_bind_datetime(start_utc))
        if end_utc is not None:
            conditions.append("utc_instant < ?")
            parameters.append(_bind_datetime(end_utc))
        if market_ids is not None:
            conditions.append("market_id IN ({marks})".format(marks=", ".join("?" * len(market_ids))))
            parameters.extend(market_ids)
        sql = "SELECT " + _POST_COLUMNS + " FROM post"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += " ORDER BY utc_instant"
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        return [_post(row) for row in self._all(sql, tuple(parameters))]

    def post(self, post_id: str) -> Post | None:
        rows = self._all("SELECT " + _POST_COLUMNS + " FROM post WHERE id = ?", (post_id,))
        return _post(rows[0]) if rows else None

    def last_post(self) -> Post | None:
        rows = self._all("SELECT " + _POST_COLUMNS + " FROM post ORDER BY utc_instant DESC LIMIT 1")
        return _post(rows[0]) if rows else None

    def holiday_overrides(self) -> list[HolidayOverride]:  # noqa: F821 (imported in the body)
        """The founder's corrections of holiday data, every market's, by market then day."""
        from smplanner.domain.market_days import HolidayOverride, OverrideAction

        return [
            HolidayOverride(id=r[0], market_id=r[1], day=date.fromisoformat(r[2]), action=OverrideAction(r[3]),
                            name=r[4])
            for r in self._all(
                "SELECT id, market_id, day, action, name FROM holiday_override ORDER BY market_id, day, id"
            )
        ]

    def market_events(self) -> list[MarketEvent]:  # noqa: F821 (imported in the body)
        """The founder's own dated events, every market's, by market then day."""
        from smplanner.domain.market_days import MarketEvent

        return [
            MarketEvent(id=r[0], market_id=r[1], day=date.fromisoformat(r[2]), name=r[3])
            for r in self._all("SELECT id, market_id, day, name FROM market_event ORDER BY market_id, day, id")
        ]
