"""Small plans for tests, built from the domain objects (no mocks), and example plans opened on real files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    ContentType,
    Firm,
    Market,
    Objective,
    Plan,
    Presence,
    Strategy,
)


def small_plan(name: str = "ACME") -> Plan:
    market = Market("JP", "Asia/Tokyo", objectives=(Objective.VISIBILITY,), languages=("ja",))
    actor = Actor("Founder", ActorKind.FOUNDER, country="BE", hours_per_week=5)
    content = ContentType("Product news", share_percent=100)
    presence = Presence(market.id, "linkedin", actor_id=actor.id)
    rule = CadenceRule(presence.id, (1, 3), (time(9, 0),), language="ja", content_type_id=content.id)
    return Plan(
        firm=Firm(name=name, home_country="BE", home_zone="Europe/Brussels"),
        strategy=Strategy(date(2027, 1, 4), date(2027, 12, 31), budget_organic_month=Decimal("120.50"),
                          editorial_line="Craft and colour."),
        markets=(market,),
        actors=(actor,),
        presences=(presence,),
        content_types=(content,),
        cadence_rules=(rule,),
    )


@contextmanager
def example_service(folder: Path, name: str, today: date) -> Iterator:
    """A planning service on a new plan file made from an example in `folder`, closed afterwards."""
    from smplanner.services.planning import PlanningService
    from smplanner.services.plan_files import create_from_example
    from smplanner.storage.plan_file import PlanFile

    path = folder / (name + ".smplan")
    create_from_example(path, name, today)
    service = PlanningService(PlanFile.open(path))
    try:
        yield service
    finally:
        service.close()


def stored_digest(address) -> str:
    """What a plan holds, as a digest: a plan file's bytes, or a server plan's rows (its content and its facts)."""
    import hashlib
    from pathlib import Path

    if isinstance(address, Path):
        return hashlib.sha256(address.read_bytes()).hexdigest()
    from smplanner.storage.opening import open_plan

    with open_plan(address, read_only=True) as plan:
        facts = plan.connection.execute("SELECT key, value, revision FROM plan_meta ORDER BY key").fetchall()
        return plan.reader.content_digest() + hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()
