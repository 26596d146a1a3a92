"""Reading and writing a plan's content; every public method is one unit of work (one transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, time
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from smplanner.domain.catalogue import platform_to_dict
from smplanner.domain.plan import Actor, CadenceRule, ContentType, Firm, Market, Plan, Post, Presence, Strategy
from smplanner.domain.timezones import to_utc
from smplanner.storage.reading import PlanReader
from smplanner.storage.schema import (
    ActorRow,
    CadenceRuleRow,
    ContentTypeRow,
    FirmRow,
    MarketRow,
    MetaRow,
    OwnPlatformRow,
    PostRow,
    PresenceRow,
    StrategyRow,
)

DELETE_CHUNK = 500
"""Ids per DELETE statement, well under SQLite's limit on bound parameters."""


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _naive_utc(post: Post) -> datetime:
    return to_utc(post.local, post.zone, post.fold).replace(tzinfo=None)


class PlanRepository:
    """The content of one open plan file, read as domain objects and written one transaction at a time."""

    def __init__(self, engine: Engine, reader: PlanReader) -> None:
        self._engine = engine
        self._reader = reader

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    # -- reading (one read path for the whole app: the plain-sqlite3 reader) -----------------------------

    def load_plan(self) -> Plan:
        return self._reader.load_plan()

    def count_posts(self) -> int:
        return self._reader.count_posts()

    def count_hand_posts_by_market(self) -> dict[str, int]:
        return self._reader.count_hand_posts_by_market()

    def posts(
        self,
        start_utc: datetime | None = None,
        end_utc: datetime | None = None,
        market_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Post]:
        """Posts ordered by instant, optionally from start (inclusive) to end (exclusive), as naive UTC bounds."""
        return self._reader.posts(start_utc, end_utc, market_ids, limit)

    def last_post(self) -> Post | None:
        return self._reader.last_post()

    def post(self, post_id: str) -> Post | None:
        return self._reader.post(post_id)

    def meta(self, key: str) -> str | None:
        return self._reader.meta(key)

    # -- writing ----------------------------------------------------------------------------------------

    def write_plan(self, plan: Plan, posts: Iterable[Post] = ()) -> None:
        """Store a whole plan (firm, decisions and posts) in one transaction, replacing what was there."""
        with self._unit_of_work() as session:
            for table in (PostRow, CadenceRuleRow, PresenceRow, ContentTypeRow, ActorRow, MarketRow, StrategyRow, FirmRow,
                          OwnPlatformRow):
                session.execute(delete(table))
            session.merge(_firm_row(plan.firm))
            session.merge(_strategy_row(plan.strategy))
            session.add_all(_market_row(m) for m in plan.markets)
            session.add_all(_actor_row(a) for a in plan.actors)
            session.add_all(_content_type_row(c) for c in plan.content_types)
            session.add_all(_own_platform_rows(plan))
            session.flush()
            session.add_all(_presence_row(p) for p in plan.presences)
            session.flush()
            session.add_all(_rule_row(r) for r in plan.cadence_rules)
            session.flush()
            self._insert_posts(session, posts)

    def replace_decisions(self, plan: Plan, remove_post_ids: Iterable[str] = (), add_posts: Iterable[Post] = ()) -> None:
        """Store the plan's decisions exactly as given and change its posts, in one transaction.

        Posts are removed first and added last, so a post can be replaced under the same id. Decisions the
        plan no longer has are deleted before the others are written, with what the file's links take along:
        a removed market its presences, rules, holiday corrections, events and posts; a removed presence, rule,
        content type or actor only the link to it. A decision that names one the plan does not have fails
        the whole call, and nothing changes.
        """
        with self._unit_of_work() as session:
            removed = list(remove_post_ids)
            for first in range(0, len(removed), DELETE_CHUNK):
                session.execute(delete(PostRow).where(PostRow.id.in_(removed[first:first + DELETE_CHUNK])))
            kept = (
                (CadenceRuleRow, plan.cadence_rules),
                (PresenceRow, plan.presences),
                (ContentTypeRow, plan.content_types),
                (ActorRow, plan.actors),
                (MarketRow, plan.markets),
            )
            for table, decisions in kept:
                session.execute(delete(table).where(table.id.not_in([d.id for d in decisions])))
            session.execute(delete(OwnPlatformRow))
            session.merge(_firm_row(plan.firm))
            session.merge(_strategy_row(plan.strategy))
            for row in [*map(_market_row, plan.markets), *map(_actor_row, plan.actors),
                        *map(_content_type_row, plan.content_types)]:
                session.merge(row)
            session.add_all(_own_platform_rows(plan))
            session.flush()
            for presence in plan.presences:
                session.merge(_presence_row(presence))
            session.flush()
            for rule in plan.cadence_rules:
                session.merge(_rule_row(rule))
            session.flush()
            self._insert_posts(session, add_posts)

    def save_firm(self, firm: Firm) -> None:
        with self._unit_of_work() as session:
            session.merge(_firm_row(firm))

    def save_strategy(self, strategy: Strategy) -> None:
        with self._unit_of_work() as session:
            session.merge(_strategy_row(strategy))

    def save_market(self, market: Market) -> None:
        with self._unit_of_work() as session:
            session.merge(_market_row(market))

    def delete_market(self, market_id: str) -> None:
        with self._unit_of_work() as session:
            session.execute(delete(MarketRow).where(MarketRow.id == market_id))

    def save_actor(self, actor: Actor) -> None:
        with self._unit_of_work() as session:
            session.merge(_actor_row(actor))

    def save_presence(self, presence: Presence) -> None:
        with self._unit_of_work() as session:
            session.merge(_presence_row(presence))

    def save_content_type(self, content_type: ContentType) -> None:
        with self._unit_of_work() as session:
            session.merge(_content_type_row(content_type))

    def save_cadence_rule(self, rule: CadenceRule) -> None:
        with self._unit_of_work() as session:
            session.merge(_rule_row(rule))

    def add_posts(self, posts: Iterable[Post]) -> None:
        with self._unit_of_work() as session:
            self._insert_posts(session, posts)

    def save_post(self, post: Post) -> None:
        with self._unit_of_work() as session:
            session.merge(PostRow(**_post_values(post)))

    def delete_posts(self, post_ids: Iterable[str]) -> None:
        with self._unit_of_work() as session:
            session.execute(delete(PostRow).where(PostRow.id.in_(list(post_ids))))

    def set_meta(self, key: str, value: str) -> None:
        with self._unit_of_work() as session:
            session.merge(MetaRow(key=key, value=value))

    def recompute_instants(self, tzdata_version: str) -> int:
        """Derive every cached UTC instant again (after a time-zone database update); returns the count."""
        with self._unit_of_work() as session:
            table = PostRow.__table__
            rows = session.execute(select(table.c.id, table.c.local_time, table.c.zone, table.c.fold)).all()
            updates = [
                {"pid": row.id, "utc": to_utc(row.local_time, row.zone, row.fold).replace(tzinfo=None)} for row in rows
            ]
            if updates:
                from sqlalchemy import bindparam, update

                session.connection().execute(
                    update(table).where(table.c.id == bindparam("pid")).values(utc_instant=bindparam("utc")), updates
                )
            session.merge(MetaRow(key="tzdata_version", value=tzdata_version))
            return len(updates)

    @staticmethod
    def _insert_posts(session: Session, posts: Iterable[Post]) -> None:
        values = [_post_values(p) for p in posts]
        if values:
            session.connection().execute(PostRow.__table__.insert(), values)

    def save_holiday_override(self, override: HolidayOverride) -> None:  # noqa: F821 (a domain type)
        """Store a correction of a market's holiday data: one per market and day, so it replaces any other
        correction of that day (and the one with its id)."""
        from smplanner.storage.schema import HolidayOverrideRow

        with self._unit_of_work() as session:
            table = HolidayOverrideRow
            session.execute(delete(table).where(table.market_id == override.market_id, table.day == override.day,
                                                table.id != override.id))
            session.merge(HolidayOverrideRow(id=override.id, market_id=override.market_id, day=override.day,
                                             action=override.action.value, name=override.name))

    def delete_holiday_override(self, override_id: str) -> None:
        from smplanner.storage.schema import HolidayOverrideRow

        with self._unit_of_work() as session:
            session.execute(delete(HolidayOverrideRow).where(HolidayOverrideRow.id == override_id))

    def save_market_event(self, event: MarketEvent) -> None:  # noqa: F821 (a domain type)
        """Store one of the founder's dated events (replacing the one with its id)."""
        from smplanner.storage.schema import MarketEventRow

        with self._unit_of_work() as session:
            session.merge(MarketEventRow(id=event.id, market_id=event.market_id, day=event.day, name=event.name))

    def delete_market_event(self, event_id: str) -> None:
        from smplanner.storage.schema import MarketEventRow

        with self._unit_of_work() as session:
            session.execute(delete(MarketEventRow).where(MarketEventRow.id == event_id))


# -- conversions between rows and domain objects -----------------------------------------------------------




def _firm_row(firm: Firm) -> FirmRow:
    return FirmRow(
        id=1,
        name=firm.name,
        home_country=firm.home_country,
        home_subdivision=firm.home_subdivision,
        home_zone=firm.home_zone,
        sector=firm.sector,
        audience=firm.audience.value,
        team_size=firm.team_size,
        scenario=firm.scenario.value,
        working_start=_hhmm(firm.working_start),
        working_end=_hhmm(firm.working_end),
        working_days=list(firm.working_days),
    )




def _strategy_row(strategy: Strategy) -> StrategyRow:
    return StrategyRow(
        id=1,
        period_start=strategy.period_start,
        period_end=strategy.period_end,
        currency=strategy.currency,
        budget_organic_month=strategy.budget_organic_month,
        budget_paid_month=strategy.budget_paid_month,
        language_mode=strategy.language_mode.value,
        main_language=strategy.main_language,
        editorial_line=strategy.editorial_line,
        silence_threshold_days=strategy.silence_threshold_days,
    )




def _market_row(market: Market) -> MarketRow:
    return MarketRow(
        id=market.id,
        country=market.country,
        subdivision=market.subdivision,
        zone=market.zone,
        objectives=[o.value for o in market.objectives],
        languages=list(market.languages),
        entry_order=market.entry_order,
        entry_date=market.entry_date,
        content_adapted=market.content_adapted,
        adaptation_notes=market.adaptation_notes,
        personal_share=market.personal_share,
        paid_ads=market.paid_ads,
        ads_budget_month=market.ads_budget_month,
        translator=market.translator.value,
    )




def _actor_row(actor: Actor) -> ActorRow:
    return ActorRow(
        id=actor.id, name=actor.name, kind=actor.kind.value, country=actor.country, hours_per_week=actor.hours_per_week
    )




def _presence_row(presence: Presence) -> PresenceRow:
    return PresenceRow(
        id=presence.id,
        market_id=presence.market_id,
        platform=presence.platform,
        scope=presence.scope.value,
        goal=presence.goal.value,
        actor_id=presence.actor_id,
    )




def _content_type_row(content_type: ContentType) -> ContentTypeRow:
    return ContentTypeRow(
        id=content_type.id,
        name=content_type.name,
        share_percent=content_type.share_percent,
        format=content_type.format.value,
        personal=content_type.personal,
    )




def _rule_row(rule: CadenceRule) -> CadenceRuleRow:
    return CadenceRuleRow(
        id=rule.id,
        presence_id=rule.presence_id,
        weekdays=list(rule.weekdays),
        times=[_hhmm(t) for t in rule.times],
        interval_weeks=rule.interval_weeks,
        language=rule.language,
        content_type_id=rule.content_type_id,
        holiday_policy=rule.holiday_policy.value,
    )




def _own_platform_rows(plan: Plan) -> list[OwnPlatformRow]:
    return [
        OwnPlatformRow(id=entry.id, position=position, entry=platform_to_dict(entry))
        for position, entry in enumerate(plan.own_platforms)
    ]




def _post_values(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "market_id": post.market_id,
        "presence_id": post.presence_id,
        "platform": post.platform,
        "local_time": post.local,
        "zone": post.zone,
        "fold": post.fold,
        "utc_instant": _naive_utc(post),
        "language": post.language,
        "content_type_id": post.content_type_id,
        "title": post.title,
        "text": post.text,
        "status": post.status.value,
        "rule_id": post.rule_id,
        "edited": post.edited,
    }
