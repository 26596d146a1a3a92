"""Which platforms to suggest for a market, and why (or why not)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from smplanner.domain.catalogue import Catalogue, ChannelType, CountryClaim, CountryRole, PlatformInfo
from smplanner.domain.plan import Market, Objective
from smplanner.i18n import N_


class Reason(StrEnum):
    WIDELY_USED = "widely_used"
    LOCAL_NETWORK = "local_network"
    PROFESSIONAL = "professional"
    SEARCH = "search"
    INTERNATIONAL = "international"
    BLOCKED = "blocked"
    RESTRICTED = "restricted"


REASON_LABELS = {
    Reason.WIDELY_USED: N_("Widely used in {country}"),
    Reason.LOCAL_NETWORK: N_("Local network in {country}"),
    Reason.PROFESSIONAL: N_("Professional network for meeting and checking partners"),
    Reason.SEARCH: N_("Helps search visibility"),
    Reason.INTERNATIONAL: N_("Used internationally"),
    Reason.BLOCKED: N_("Blocked in {country}"),
    Reason.RESTRICTED: N_("Restricted in {country}"),
}

_ROLE_REASONS = {
    CountryRole.WIDELY_USED: Reason.WIDELY_USED,
    CountryRole.LOCAL_NETWORK: Reason.LOCAL_NETWORK,
    CountryRole.BLOCKED: Reason.BLOCKED,
    CountryRole.RESTRICTED: Reason.RESTRICTED,
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    platform: PlatformInfo
    reasons: tuple[Reason, ...]
    claims: tuple[CountryClaim, ...]  # what the catalogue says about this platform in the market's country

    @property
    def unavailable(self) -> bool:
        """Blocked or restricted in the market's country: shown with a warning, never preselected."""
        return any(r in (Reason.BLOCKED, Reason.RESTRICTED) for r in self.reasons)

    @property
    def local(self) -> bool:
        return any(r in (Reason.WIDELY_USED, Reason.LOCAL_NETWORK) for r in self.reasons)


def _reasons(platform: PlatformInfo, market: Market) -> tuple[tuple[Reason, ...], tuple[CountryClaim, ...]]:
    claims = platform.roles_in(market.country)
    reasons = [_ROLE_REASONS[c.role] for c in claims]
    blocked = any(r in (Reason.BLOCKED, Reason.RESTRICTED) for r in reasons)
    if not blocked:
        wants_partners = not market.objectives or bool(
            {Objective.OPPORTUNITIES, Objective.RELATIONSHIPS} & set(market.objectives))
        reachable = platform.is_international or bool(claims)
        if platform.channel_type is ChannelType.PROFESSIONAL_NETWORK and wants_partners and reachable:
            reasons.append(Reason.PROFESSIONAL)
        if platform.helps_search and reachable:
            reasons.append(Reason.SEARCH)
        if platform.is_international and not claims:
            reasons.append(Reason.INTERNATIONAL)
    return tuple(dict.fromkeys(reasons)), claims


def suggest_platforms(catalogue: Catalogue, market: Market) -> list[Suggestion]:
    """Platforms worth considering for the market, the most relevant first; blocked ones last, flagged."""
    suggestions = []
    for platform in catalogue.platforms:
        reasons, claims = _reasons(platform, market)
        if reasons:
            suggestions.append(Suggestion(platform, reasons, claims))

    def rank(s: Suggestion) -> tuple[int, int, int, str]:
        return (1 if s.unavailable else 0, 0 if s.local else 1, -len(s.reasons), s.platform.name.casefold())

    return sorted(suggestions, key=rank)


def unavailable_claim(catalogue: Catalogue, market: Market, platform_id: str) -> CountryClaim | None:
    """The catalogue's statement that a platform is blocked or restricted in the market's country, if any."""
    platform = catalogue.get(platform_id)
    if platform is None:
        return None
    return next(
        (c for c in platform.roles_in(market.country) if c.role in (CountryRole.BLOCKED, CountryRole.RESTRICTED)),
        None,
    )
