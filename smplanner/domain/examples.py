"""The three example plans modelled on the paper's annex; defined here once, for the demo, the menu and the tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

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
    Presence,
    ProfileScope,
    Scenario,
    Strategy,
    Translator,
)
from smplanner.domain.example_titles import EXAMPLE_TITLES

VIS, OPP, REL = Objective.VISIBILITY, Objective.OPPORTUNITIES, Objective.RELATIONSHIPS
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@dataclass(frozen=True, slots=True)
class Example:
    name: str  # the file name and the CLI's --example value
    title: str  # marked with N_
    description: str  # marked with N_
    build: Callable[[date], Plan]


def _period(start: date) -> tuple[date, date]:
    return start, start + timedelta(days=364)


def _content_types(*specs: tuple[str, int, ContentFormat, bool]) -> tuple[ContentType, ...]:
    return tuple(ContentType(name=n, share_percent=s, format=f, personal=p) for n, s, f, p in specs)


def confectioner(start: date) -> Plan:
    """A two-person Belgian confectioner, Born Global: the UK, Japan, Spain and China at once."""
    first, last = _period(start)
    uk = Market("GB", "Europe/London", subdivision="ENG", objectives=(VIS, REL), languages=("en",), entry_order=1,
                personal_share=20, paid_ads=True, ads_budget_month=Decimal(150))
    jp = Market("JP", "Asia/Tokyo", objectives=(VIS, OPP), languages=("ja",), entry_order=1, content_adapted=True,
                adaptation_notes="Seasonal gift culture (o-chugen, o-seibo); formal tone; packaging photos first.",
                personal_share=0, translator=Translator.PARTNER)
    es = Market("ES", "Europe/Madrid", objectives=(VIS, REL), languages=("es",), entry_order=1, personal_share=30,
                translator=Translator.TRANSLATOR)
    cn = Market("CN", "Asia/Shanghai", objectives=(VIS, OPP), languages=("zh",), entry_order=1, content_adapted=True,
                adaptation_notes="Western networks are blocked: WeChat official account and Xiaohongshu via the "
                                 "importer.",
                personal_share=0, paid_ads=True, ads_budget_month=Decimal(200), translator=Translator.PARTNER)
    founder = Actor("Lotte Van Damme", ActorKind.FOUNDER, country="BE", hours_per_week=6)
    assistant = Actor("Marketing assistant", ActorKind.EMPLOYEE, country="BE", hours_per_week=8)
    tokyo = Actor("Tokyo distributor", ActorKind.PARTNER, country="JP", hours_per_week=2)
    shanghai = Actor("Shanghai importer", ActorKind.PARTNER, country="CN", hours_per_week=3)
    news, backstage, stories, personal = _content_types(
        ("Product news", 40, ContentFormat.IMAGE, False),
        ("Behind the scenes", 30, ContentFormat.VIDEO, False),
        ("Customer stories", 20, ContentFormat.IMAGE, False),
        ("Founder's personal posts", 10, ContentFormat.TEXT, True),
    )
    presences = (
        Presence(uk.id, "instagram", scope=ProfileScope.SHARED, goal=VIS, actor_id=assistant.id),
        Presence(uk.id, "facebook", scope=ProfileScope.SHARED, goal=REL, actor_id=assistant.id),
        Presence(uk.id, "linkedin", scope=ProfileScope.PERSONAL, goal=REL, actor_id=founder.id),
        Presence(jp.id, "instagram", scope=ProfileScope.NATIONAL, goal=VIS, actor_id=tokyo.id),
        Presence(jp.id, "line", scope=ProfileScope.NATIONAL, goal=OPP, actor_id=tokyo.id),
        Presence(es.id, "instagram", scope=ProfileScope.SHARED, goal=VIS, actor_id=assistant.id),
        Presence(cn.id, "wechat", scope=ProfileScope.NATIONAL, goal=OPP, actor_id=shanghai.id),
        Presence(cn.id, "xiaohongshu", scope=ProfileScope.NATIONAL, goal=VIS, actor_id=shanghai.id),
    )
    ig_uk, fb_uk, li_uk, ig_jp, line_jp, ig_es, wc_cn, xhs_cn = presences
    # Times sit in each platform's good hours and days, in the market's own time; the assistant's and the founder's
    # posts fall in their Brussels working day, the partners' in their own.
    rules = (
        CadenceRule(ig_uk.id, (MON, WED, FRI), (time(10, 0),), language="en", content_type_id=news.id),
        CadenceRule(fb_uk.id, (WED,), (time(15, 30),), language="en", content_type_id=stories.id),
        CadenceRule(li_uk.id, (TUE,), (time(10, 30),), interval_weeks=2, language="en", content_type_id=personal.id),
        CadenceRule(ig_jp.id, (MON, FRI), (time(12, 0),), language="ja", content_type_id=news.id),
        CadenceRule(line_jp.id, (WED,), (time(12, 0),), interval_weeks=2, language="ja", content_type_id=news.id,
                    holiday_policy=HolidayPolicy.SKIP),
        CadenceRule(ig_es.id, (TUE, FRI), (time(11, 0),), language="es", content_type_id=backstage.id),
        CadenceRule(wc_cn.id, (THU,), (time(12, 0),), language="zh", content_type_id=stories.id),
        CadenceRule(xhs_cn.id, (MON, SAT), (time(19, 30),), language="zh", content_type_id=backstage.id,
                    holiday_policy=HolidayPolicy.FLAG),
    )
    return Plan(
        firm=Firm("Cuberdon & Co", "BE", "Europe/Brussels", sector="Confectionery",
                  audience=Audience.B2C, team_size=2, scenario=Scenario.BORN_GLOBAL,
                  working_start=time(8, 30), working_end=time(17, 30)),
        strategy=Strategy(first, last, currency="EUR", budget_organic_month=Decimal(300),
                          budget_paid_month=Decimal(350), language_mode=LanguageMode.PER_MARKET, main_language="en",
                          editorial_line="A Ghent family sweet, told with humour: craft, colour and the people "
                                         "behind it."),
        markets=(uk, jp, es, cn),
        actors=(founder, assistant, tokyo, shanghai),
        presences=presences,
        content_types=(news, backstage, stories, personal),
        cadence_rules=rules,
    )


def consultancy(start: date) -> Plan:
    """A two-person consultancy going progressively: France first, Québec six months later."""
    first, last = _period(start)
    fr = Market("FR", "Europe/Paris", objectives=(OPP, REL), languages=("fr",), entry_order=1, personal_share=40)
    qc = Market("CA", "America/Toronto", subdivision="QC", objectives=(VIS, OPP, REL), languages=("fr", "en"),
                entry_order=2, entry_date=first + timedelta(days=182), content_adapted=True,
                adaptation_notes="Québec French vocabulary; cite local references; bilingual LinkedIn summary.",
                personal_share=40)
    founder = Actor("Marc Dubois", ActorKind.FOUNDER, country="BE", hours_per_week=5)
    partner = Actor("Associate consultant", ActorKind.EMPLOYEE, country="BE", hours_per_week=4)
    expertise, cases, events, personal = _content_types(
        ("Expertise articles", 45, ContentFormat.TEXT, False),
        ("Case studies", 25, ContentFormat.IMAGE, False),
        ("Events and talks", 15, ContentFormat.IMAGE, False),
        ("Personal viewpoints", 15, ContentFormat.TEXT, True),
    )
    presences = (
        Presence(fr.id, "linkedin", scope=ProfileScope.PERSONAL, goal=REL, actor_id=founder.id),
        Presence(fr.id, "x", scope=ProfileScope.SHARED, goal=OPP, actor_id=partner.id),
        Presence(qc.id, "linkedin", scope=ProfileScope.NATIONAL, goal=OPP, actor_id=founder.id),
        Presence(qc.id, "facebook", scope=ProfileScope.NATIONAL, goal=VIS, actor_id=partner.id),
        Presence(qc.id, "youtube", scope=ProfileScope.SHARED, goal=VIS, actor_id=founder.id),
    )
    li_fr, x_fr, li_qc, fb_qc, yt_qc = presences
    # Montréal's office morning is the Brussels afternoon: the Québec posts are scheduled ahead or fall in the
    # consultants' working day.
    rules = (
        CadenceRule(li_fr.id, (TUE, WED), (time(10, 30),), language="fr", content_type_id=expertise.id),
        CadenceRule(x_fr.id, (TUE, THU), (time(11, 0),), language="fr"),  # the mix decides each post's type
        CadenceRule(li_qc.id, (WED,), (time(10, 0),), language="fr", content_type_id=cases.id),
        CadenceRule(fb_qc.id, (THU,), (time(11, 0),), language="fr", content_type_id=personal.id),
        CadenceRule(yt_qc.id, (FRI,), (time(15, 0),), interval_weeks=2, language="en", content_type_id=expertise.id),
    )
    return Plan(
        firm=Firm("Skills Conseil", "BE", "Europe/Brussels", sector="Management consultancy",
                  audience=Audience.B2B, team_size=2, scenario=Scenario.PROGRESSIVE),
        strategy=Strategy(first, last, currency="EUR", budget_organic_month=Decimal(150),
                          budget_paid_month=Decimal(0), language_mode=LanguageMode.ONE_FOR_ALL, main_language="fr",
                          editorial_line="Practical advice for SME managers, signed by the consultants themselves."),
        markets=(fr, qc),
        actors=(founder, partner),
        presences=presences,
        content_types=(expertise, cases, events, personal),
        cadence_rules=rules,
    )


def training_firm(start: date) -> Plan:
    """A four-person training firm working in France and Cameroon, Born Global."""
    first, last = _period(start)
    fr = Market("FR", "Europe/Paris", objectives=(VIS, REL), languages=("fr",), entry_order=1, personal_share=10,
                paid_ads=True, ads_budget_month=Decimal(100))
    cm = Market("CM", "Africa/Douala", objectives=(VIS, OPP, REL), languages=("fr", "en"), entry_order=1,
                content_adapted=True,
                adaptation_notes="Mobile-first; WhatsApp groups for course announcements; bilingual French/English.",
                personal_share=25, translator=Translator.FOUNDER)
    founder = Actor("Aline Mertens", ActorKind.FOUNDER, country="BE", hours_per_week=4)
    trainer = Actor("Trainer", ActorKind.EMPLOYEE, country="BE", hours_per_week=4)
    agency = Actor("Brussels web agency", ActorKind.AGENCY, country="BE", hours_per_week=5)
    douala = Actor("Douala partner school", ActorKind.PARTNER, country="CM", hours_per_week=6)
    courses, testimonials, videos, team = _content_types(
        ("Course announcements", 40, ContentFormat.IMAGE, False),
        ("Trainee testimonials", 25, ContentFormat.VIDEO, False),
        ("Learning tips", 25, ContentFormat.VIDEO, False),
        ("Team life", 10, ContentFormat.IMAGE, True),
    )
    presences = (
        Presence(fr.id, "linkedin", scope=ProfileScope.SHARED, goal=REL, actor_id=founder.id),
        Presence(fr.id, "facebook", scope=ProfileScope.NATIONAL, goal=VIS, actor_id=agency.id),
        Presence(fr.id, "youtube", scope=ProfileScope.SHARED, goal=VIS, actor_id=trainer.id),
        Presence(cm.id, "facebook", scope=ProfileScope.NATIONAL, goal=VIS, actor_id=douala.id),
        Presence(cm.id, "whatsapp_business", scope=ProfileScope.NATIONAL, goal=OPP, actor_id=douala.id),
        Presence(cm.id, "linkedin", scope=ProfileScope.PERSONAL, goal=REL, actor_id=founder.id),
    )
    li_fr, fb_fr, yt_fr, fb_cm, wa_cm, li_cm = presences
    rules = (
        CadenceRule(li_fr.id, (TUE,), (time(10, 0),), language="fr", content_type_id=courses.id),
        CadenceRule(fb_fr.id, (MON, THU), (time(11, 30),), language="fr", content_type_id=testimonials.id),
        CadenceRule(yt_fr.id, (FRI,), (time(16, 0),), interval_weeks=2, language="fr", content_type_id=videos.id),
        CadenceRule(fb_cm.id, (TUE, FRI), (time(10, 0),), language="fr", content_type_id=courses.id),
        CadenceRule(wa_cm.id, (MON,), (time(8, 0),), language="fr", content_type_id=courses.id,
                    holiday_policy=HolidayPolicy.SKIP),
        CadenceRule(li_cm.id, (WED,), (time(11, 0),), interval_weeks=2, language="en", content_type_id=team.id),
    )
    return Plan(
        firm=Firm("Training&Go", "BE", "Europe/Brussels", sector="Professional training",
                  audience=Audience.B2B, team_size=4, scenario=Scenario.BORN_GLOBAL),
        strategy=Strategy(first, last, currency="EUR", budget_organic_month=Decimal(400),
                          budget_paid_month=Decimal(100), language_mode=LanguageMode.PER_MARKET, main_language="fr",
                          editorial_line="Training that changes how teams work, shown through trainees' own words."),
        markets=(fr, cm),
        actors=(founder, trainer, agency, douala),
        presences=presences,
        content_types=(courses, testimonials, videos, team),
        cadence_rules=rules,
    )


_BUILDERS: dict[str, Callable[[date], Plan]] = {
    "confectioner": confectioner,
    "consultancy": consultancy,
    "training": training_firm,
}
EXAMPLES: tuple[Example, ...] = tuple(
    Example(name, title, description, _BUILDERS[name]) for name, title, description in EXAMPLE_TITLES
)


def example(name: str) -> Example:
    for candidate in EXAMPLES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def default_start(today: date) -> date:
    """Example plans start on the Monday after today, so their year of posts lies ahead."""
    return today + timedelta(days=7 - today.weekday())
