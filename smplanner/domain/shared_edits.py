"""Edits on a plan other people change too: an edit made on an older version of something, moved onto the current one.

Every decision and post carries the version of its stored row (plan.REVISION). When an edit lost a race (someone
else changed the same thing first), the founder can apply it again on what is stored now: `reapplied` keeps every
field the edit changed and takes the others as they are now, on the current version, so only what the founder
changed is written over the other person's change.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from smplanner.domain.plan import REVISION, Plan

Item = TypeVar("Item")

DECISION_KINDS = ("markets", "actors", "presences", "content_types", "cadence_rules")
"""The plan's decisions that are lists of things with ids (the firm and the strategy are one each)."""


def on_version(item: Item, version: int) -> Item:
    """The same thing, as an edit made on the given version of its row."""
    return dataclasses.replace(item, **{REVISION: version})  # type: ignore[type-var]


def reapplied(before: Item, after: Item, current: Item) -> Item:
    """An edit (`before` -> `after`) applied again on what is stored now: the fields it changed take its values, the
    others stay as they are now, on the current version."""
    changed: dict[str, Any] = {
        field.name: getattr(after, field.name)
        for field in dataclasses.fields(after)  # type: ignore[arg-type]
        if field.name != REVISION and getattr(before, field.name) != getattr(after, field.name)
    }
    return dataclasses.replace(current, **changed)  # type: ignore[type-var]


def rebased(plan: Plan, onto: Plan) -> Plan:
    """The plan's decisions on the versions `onto` has of them (0 for one `onto` does not have: it is new again)."""

    def versions(items: tuple[Any, ...], stored: tuple[Any, ...]) -> tuple[Any, ...]:
        found = {item.id: getattr(item, REVISION) for item in stored}
        return tuple(on_version(item, found.get(item.id, 0)) for item in items)

    return dataclasses.replace(
        plan,
        firm=on_version(plan.firm, onto.firm.revision),
        strategy=on_version(plan.strategy, onto.strategy.revision),
        **{kind: versions(getattr(plan, kind), getattr(onto, kind)) for kind in DECISION_KINDS},
    )


def reapplied_plan(before: Plan, after: Plan, current: Plan) -> Plan:
    """A change of decisions (`before` -> `after`, as the wizard made it) applied again on the decisions stored now:
    what it added, removed or changed is done again; what others added or changed and it did not touch is kept."""

    def merge(kind: str) -> tuple[Any, ...]:
        was = {item.id: item for item in getattr(before, kind)}
        made = {item.id: item for item in getattr(after, kind)}
        result: list[Any] = []
        for item in getattr(current, kind):
            if item.id in was and item.id not in made:
                continue  # the edit removed it
            if item.id in made and item.id in was and made[item.id] != was[item.id]:
                item = reapplied(was[item.id], made[item.id], item)
            result.append(item)
        now = {item.id for item in getattr(current, kind)}
        result.extend(item for item_id, item in made.items() if item_id not in was and item_id not in now)
        return tuple(result)

    return dataclasses.replace(
        current,
        firm=reapplied(before.firm, after.firm, current.firm) if before.firm != after.firm else current.firm,
        strategy=(reapplied(before.strategy, after.strategy, current.strategy)
                  if before.strategy != after.strategy else current.strategy),
        own_platforms=after.own_platforms if before.own_platforms != after.own_platforms else current.own_platforms,
        **{kind: merge(kind) for kind in DECISION_KINDS},
    )
