"""The tables of a plan file, as SQLAlchemy 2 typed mappings (the ORM never leaves storage/)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(TypeDecorator[Decimal]):
    """A Decimal stored as text, so money keeps its exact value in SQLite."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {Decimal: DecimalText, dict[str, Any]: JSON, list[Any]: JSON}


class MetaRow(Base):
    """Key/value facts about the file itself (e.g. the tzdata version the cached instants were computed with)."""

    __tablename__ = "plan_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FirmRow(Base):
    __tablename__ = "firm"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    home_country: Mapped[str] = mapped_column(String(2))
    home_subdivision: Mapped[str | None] = mapped_column(String(16))
    home_zone: Mapped[str] = mapped_column(String(64))
    sector: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(8))
    team_size: Mapped[int]
    scenario: Mapped[str] = mapped_column(String(16))
    working_start: Mapped[str] = mapped_column(String(5))
    working_end: Mapped[str] = mapped_column(String(5))
    working_days: Mapped[list[Any]]


class StrategyRow(Base):
    __tablename__ = "strategy"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    currency: Mapped[str] = mapped_column(String(3))
    budget_organic_month: Mapped[Decimal]
    budget_paid_month: Mapped[Decimal]
    language_mode: Mapped[str] = mapped_column(String(16))
    main_language: Mapped[str] = mapped_column(String(16))
    editorial_line: Mapped[str] = mapped_column(Text, default="")
    silence_threshold_days: Mapped[int]


class MarketRow(Base):
    __tablename__ = "market"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    subdivision: Mapped[str | None] = mapped_column(String(16))
    zone: Mapped[str] = mapped_column(String(64))
    objectives: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    entry_order: Mapped[int]
    entry_date: Mapped[date | None]
    content_adapted: Mapped[bool]
    adaptation_notes: Mapped[str] = mapped_column(Text, default="")
    personal_share: Mapped[int]
    paid_ads: Mapped[bool]
    ads_budget_month: Mapped[Decimal]
    translator: Mapped[str] = mapped_column(String(16))


class ActorRow(Base):
    __tablename__ = "actor"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    # Float, as migration 0001 created it: SQLAlchemy 2.1 maps a bare Mapped[float] to Double instead.
    hours_per_week: Mapped[float] = mapped_column(Float)


class PresenceRow(Base):
    __tablename__ = "presence"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    market_id: Mapped[str] = mapped_column(ForeignKey("market.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(16))
    goal: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"))


class ContentTypeRow(Base):
    __tablename__ = "content_type"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    share_percent: Mapped[int]
    format: Mapped[str] = mapped_column(String(8))
    personal: Mapped[bool]


class CadenceRuleRow(Base):
    __tablename__ = "cadence_rule"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    presence_id: Mapped[str] = mapped_column(ForeignKey("presence.id", ondelete="CASCADE"), index=True)
    weekdays: Mapped[list[Any]]
    times: Mapped[list[Any]]
    interval_weeks: Mapped[int]
    language: Mapped[str] = mapped_column(String(16))
    content_type_id: Mapped[str | None] = mapped_column(ForeignKey("content_type.id", ondelete="SET NULL"))
    holiday_policy: Mapped[str] = mapped_column(String(8))


class PostRow(Base):
    __tablename__ = "post"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    market_id: Mapped[str] = mapped_column(ForeignKey("market.id", ondelete="CASCADE"))
    presence_id: Mapped[str | None] = mapped_column(ForeignKey("presence.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(32))
    # The source of truth: the market's wall-clock time, its IANA zone, and the fold of a repeated hour.
    local_time: Mapped[datetime]
    zone: Mapped[str] = mapped_column(String(64))
    fold: Mapped[int] = mapped_column(default=0)
    # Derived from the three above for sorting and range queries; recomputed when the tzdata version changes.
    utc_instant: Mapped[datetime]
    language: Mapped[str] = mapped_column(String(16))
    content_type_id: Mapped[str | None] = mapped_column(ForeignKey("content_type.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str | None] = mapped_column(ForeignKey("cadence_rule.id", ondelete="SET NULL"))
    edited: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        Index("ix_post_utc_instant", "utc_instant"),
        Index("ix_post_market_id_utc_instant", "market_id", "utc_instant"),
        Index("ix_post_rule_id", "rule_id"),
    )


class HolidayOverrideRow(Base):
    """The founder's correction of a market's holiday data: add, remove or rename a day (applied last)."""

    __tablename__ = "holiday_override"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    market_id: Mapped[str] = mapped_column(ForeignKey("market.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    action: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(Text, default="")


class MarketEventRow(Base):
    """A dated moment the founder wants to plan for in a market (a trade fair, a launch, a local celebration)."""

    __tablename__ = "market_event"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    market_id: Mapped[str] = mapped_column(ForeignKey("market.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    name: Mapped[str] = mapped_column(Text)


class OwnPlatformRow(Base):
    """One of the founder's own platform catalogue entries, in the catalogue's JSON form with its sources inline."""

    __tablename__ = "own_platform"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int]  # the order the founder made them in, which the catalogue keeps
    entry: Mapped[dict[str, Any]]
