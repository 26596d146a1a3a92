"""The content mix: each market's target share of each content type, what its calendar really holds, and the choice
of content type for generated posts whose cadence names none, so that the calendar meets the targets.

A market's targets come from the plan's content types and the market's personal share: the personal types share the
market's personal share (from 0 to 100 %) in proportion to their own shares, the professional types share the rest
in the same way. When all the types are of one kind, they share 100 %. Types whose shares are all 0 share equally.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from smplanner.domain.plan import ContentType, Market, Plan, Post, PostStatus


def _split(types: Sequence[ContentType], total: float) -> dict[str, float]:
    weight = sum(max(0, t.share_percent) for t in types)
    if weight == 0:
        return {t.id: total / len(types) for t in types}
    return {t.id: total * max(0, t.share_percent) / weight for t in types}


def target_shares(plan: Plan, market: Market) -> dict[str, float]:
    """Per content type id, the share (0 to 1) of the market's posts it should have; empty without content types."""
    personal = [t for t in plan.content_types if t.personal]
    professional = [t for t in plan.content_types if not t.personal]
    if not personal or not professional:
        return _split(plan.content_types, 1.0) if plan.content_types else {}
    share = min(100, max(0, market.personal_share)) / 100
    return {**_split(personal, share), **_split(professional, 1.0 - share)}


def assign_content_types(plan: Plan, posts: Sequence[Post], needs_type: Sequence[bool]) -> list[Post]:
    """The posts (in time order) with a content type chosen for each one flagged in `needs_type`.

    Market by market, in time order, each post that needs a type takes the one furthest below its target share so
    far (ties: the larger target, then the plan's order), and every post with a type counts towards the shares.
    The same posts always get the same types.
    """
    markets = {market.id: market for market in plan.markets}
    targets = {market_id: target_shares(plan, market) for market_id, market in markets.items()}
    order = {t.id: index for index, t in enumerate(plan.content_types)}
    counts: dict[str, defaultdict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    totals: defaultdict[str, int] = defaultdict(int)
    result = []
    for post, needs in zip(posts, needs_type, strict=True):
        shares = targets.get(post.market_id)
        counted = counts[post.market_id]
        if needs and shares:
            after = totals[post.market_id] + 1
            chosen = max(shares, key=lambda t: (shares[t] * after - counted[t], shares[t], -order[t]))
            post = replace(post, content_type_id=chosen)
        counted[post.content_type_id] += 1
        totals[post.market_id] += 1
        result.append(post)
    return result


@dataclass(frozen=True, slots=True)
class MixShare:
    """One content type in one market: its target share and what the calendar holds (shares from 0 to 1)."""

    content_type_id: str | None  # None: the posts without a content type
    target: float
    posts: int
    share: float


@dataclass(frozen=True, slots=True)
class MarketMix:
    market_id: str
    posts: int
    shares: tuple[MixShare, ...]  # the plan's content types in order, then the posts without one (if any)

    @property
    def largest_gap(self) -> float:
        """How far the furthest type is from its target (0 to 1)."""
        return max((abs(s.share - s.target) for s in self.shares), default=0.0)


def content_mix(plan: Plan, posts: Sequence[Post]) -> list[MarketMix]:
    """Per market (in the plan's order), each content type's target against the share of the market's posts that
    have it; skipped posts are left out, as they never go out."""
    counts: defaultdict[tuple[str, str | None], int] = defaultdict(int)
    for post in posts:
        if post.status is not PostStatus.SKIPPED:
            counts[(post.market_id, post.content_type_id)] += 1
    return content_mix_of(plan, counts)


def content_mix_of(plan: Plan, counts: Mapping[tuple[str, str | None], int]) -> list[MarketMix]:
    """`content_mix` from the posts not skipped counted per market id and content type id (storage counts them)."""
    by_market: dict[str, dict[tuple[str, str | None], int]] = defaultdict(dict)
    for key, count in counts.items():
        by_market[key[0]][key] = count
    return [market_mix_of(plan, market, by_market.get(market.id, {})) for market in plan.markets]


def market_mix_of(plan: Plan, market: Market, counts: Mapping[tuple[str, str | None], int]) -> MarketMix:
    """One market's `content_mix` from its posts not skipped counted per (market id, content type id)."""
    counted: defaultdict[str | None, int] = defaultdict(int)
    known = {t.id for t in plan.content_types}
    for (_market_id, content_type_id), count in counts.items():
        counted[content_type_id if content_type_id in known else None] += count
    total = sum(counted.values())
    targets = target_shares(plan, market)
    shares = [
        MixShare(t.id, targets.get(t.id, 0.0), counted[t.id], counted[t.id] / total if total else 0.0)
        for t in plan.content_types
    ]
    if counted[None]:
        shares.append(MixShare(None, 0.0, counted[None], counted[None] / total))
    return MarketMix(market.id, total, tuple(shares))
