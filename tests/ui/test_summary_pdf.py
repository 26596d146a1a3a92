"""The one-page strategy summary: exactly one page on A4 and US Letter, in English and French, for the examples and for
a plan far larger than a page; the founder's text printed literally, in every script, with fonts embedded."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from smplanner.domain.plan import (
    Actor,
    ActorKind,
    CadenceRule,
    ContentFormat,
    ContentType,
    Firm,
    Market,
    Objective,
    Plan,
    Post,
    Presence,
    Strategy,
    Translator,
)
from smplanner.i18n import _, set_language
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import PlanningService, posts_for
from smplanner.services.summary import CUT_LEVELS, KeyDateKind, cut_lists, summary_data, summary_for
from smplanner.storage.plan_file import PlanFile

TODAY = date(2027, 1, 6)
EXAMPLES = ("confectioner", "consultancy", "training")
FIRM = "<b>ACME</b> & Co <img src=x>"
JAPANESE_TITLE = "新年のご挨拶と新商品のお知らせ"
CYRILLIC_TITLE = "Новогодняя распродажа в Москве"
PAGE_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
SHIPPED_FONTS = ("SourceSansPro-", "DroidSansFallback")
BIG_MARKETS = (
    ("JP", "Asia/Tokyo", None, ("ja",)), ("RU", "Europe/Moscow", None, ("ru",)), ("CN", "Asia/Shanghai", None, ("zh",)),
    ("DE", "Europe/Berlin", None, ("de",)), ("FR", "Europe/Paris", None, ("fr",)),
    ("ES", "Europe/Madrid", None, ("es", "ca")),
    ("IT", "Europe/Rome", None, ("it",)), ("BR", "America/Sao_Paulo", None, ("pt",)),
    ("US", "America/New_York", None, ("en", "es")), ("IN", "Asia/Kolkata", None, ("en", "hi")),
    ("AU", "Australia/Sydney", None, ("en",)), ("CA", "America/Toronto", "QC", ("fr", "en")),
)
BIG_PLATFORMS = ("linkedin", "instagram", "facebook", "x", "youtube", "tiktok", "pinterest", "threads")


def _tool(name: str) -> str:
    # Not a skip: without poppler's tools the PDF would go unchecked. Debian: apt-get install poppler-utils.
    path = shutil.which(name)
    if path is None:
        pytest.fail("{name} is not installed (apt-get install poppler-utils)".format(name=name))
    return path


def pdfinfo(path: Path) -> dict[str, str]:
    result = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True)
    return {key.strip(): value.strip()
            for key, _sep, value in (line.partition(":") for line in result.stdout.splitlines())}


def pdftext(path: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def squeezed(text: str) -> str:
    """The text without any white space, so that a phrase the page wraps over two lines is still found."""
    return re.sub(r"\s+", "", text)


def pdffonts(path: Path) -> list[tuple[str, str]]:
    """(name, embedded) of each font of the PDF."""
    lines = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        columns = line.split()
        # name type... encoding emb sub uni object ID: the last five columns are emb, sub, uni, object, ID.
        rows.append((columns[0].split("+")[-1], columns[-5]))
    return rows


def word_boxes(path: Path) -> list[tuple[float, float, float, float, str]]:
    html = subprocess.run([_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    return [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in pattern.findall(html)]


def big_plan(start: date, markets: int = len(BIG_MARKETS)) -> tuple[Plan, list[Post]]:
    """Twelve markets with eight platforms each, and founder-typed text in Latin, Cyrillic, Japanese and markup."""
    chosen = [BIG_MARKETS[i % len(BIG_MARKETS)] for i in range(markets)]
    market_list = tuple(
        Market(country, zone, subdivision=sub, objectives=(Objective.VISIBILITY, Objective.OPPORTUNITIES),
               languages=languages, entry_order=1 + i // 6, paid_ads=i % 3 == 0, ads_budget_month=Decimal(100),
               content_adapted=i % 2 == 0, translator=Translator.TRANSLATOR if i % 2 else Translator.FOUNDER)
        for i, (country, zone, sub, languages) in enumerate(chosen)
    )
    actors = (
        Actor("Ayşe Yılmaz-Kowalczyk", ActorKind.FOUNDER, country="BE", hours_per_week=10),
        Actor("東京の販売代理店", ActorKind.PARTNER, country="JP", hours_per_week=4),
        Actor("Дмитрий Соколов", ActorKind.PARTNER, country="RU", hours_per_week=4),
        Actor("Agence <i>Web</i> & Co", ActorKind.AGENCY, country="BE", hours_per_week=6),
    )
    contents = (
        ContentType("Новости продукта", share_percent=50, format=ContentFormat.IMAGE),
        ContentType("製品ニュース", share_percent=30, format=ContentFormat.TEXT),
        ContentType("Coulisses & <script>", share_percent=20, format=ContentFormat.VIDEO),
    )
    presences, rules = [], []
    for m_index, market in enumerate(market_list):
        for p_index, platform in enumerate(BIG_PLATFORMS):
            actor = actors[(m_index + p_index) % len(actors)]
            presence = Presence(market.id, platform, actor_id=actor.id)
            presences.append(presence)
            rules.append(CadenceRule(presence.id, (p_index % 5, (p_index + 2) % 5), (time(9 + p_index, 0),),
                                     language=market.languages[0], content_type_id=contents[p_index % 3].id))
    plan = Plan(
        firm=Firm(FIRM, "BE", "Europe/Brussels", sector="Équipements & services", team_size=5),
        strategy=Strategy(start, start + timedelta(days=364), budget_organic_month=Decimal(1200),
                          budget_paid_month=Decimal(400), editorial_line="Craft & colour <br> for «every» market"),
        markets=market_list, actors=actors, presences=tuple(presences), content_types=contents,
        cadence_rules=tuple(rules),
    )
    posts = posts_for(plan)
    japan, russia = market_list[0], market_list[1]
    # The first posts of the summary's first day, before any rule's: the founder's own titles.
    posts.append(Post(japan.id, "instagram", datetime.combine(start, time(7, 0)), japan.zone, title=JAPANESE_TITLE))
    posts.append(Post(russia.id, "x", datetime.combine(start, time(7, 0)), russia.zone, title=CYRILLIC_TITLE))
    return plan, posts


def plan_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / (name + ".smplan")
    if name == "big":
        plan, posts = big_plan(TODAY)
        PlanFile.create(path, plan, posts)
    else:
        create_from_example(path, name, TODAY)
    return path


def summary_of(path: Path):
    with PlanFile.open(path, read_only=True) as opened:
        return summary_for(PlanningService(opened), TODAY)


def sections() -> list[str]:
    """The headings every summary shows, in the language in use."""
    return [_("Markets"), _("Decisions"), _("Actors and responsibilities"), _("Resources"), _("Language"),
            _("Frequency and calendar"), _("Types of content"), _("Workload against allocation"),
            _("Key dates, {dates}").split("{")[0].strip()]


# --- the page ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", [*EXAMPLES, "big"])
def test_the_summary_is_one_page_with_every_section(qapp, tmp_path: Path, name: str, paper: str, language: str) -> None:
    from smplanner.ui.printing import write_summary_pdf

    set_language(language)
    data = summary_of(plan_file(tmp_path, name))
    pdf = tmp_path / "summary.pdf"
    fit = write_summary_pdf(data, pdf, paper)

    info = pdfinfo(pdf)
    assert info["Pages"] == "1"
    width, height = (float(v) for v in re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert (width, height) == pytest.approx(PAGE_POINTS[paper], abs=1)
    assert fit.missing == ""
    text = pdftext(pdf)
    for heading in sections():
        assert heading in text, heading
    assert squeezed(data.firm) in squeezed(text)
    assert squeezed(data.made_on) in squeezed(text)
    for market in data.markets[:3]:
        assert market.code in text
    # Never clipped, never off the page: every word lies inside the page's margins.
    for x_min, y_min, x_max, y_max, word in word_boxes(pdf):
        assert x_min >= 30 and x_max <= width - 30 and y_min >= 25 and y_max <= height - 25, word


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_founders_text_prints_literally_in_every_script(qapp, tmp_path: Path, paper: str) -> None:
    from smplanner.ui.printing import write_summary_pdf

    data = summary_of(plan_file(tmp_path, "big"))
    pdf = tmp_path / "big.pdf"
    fit = write_summary_pdf(data, pdf, paper)

    assert fit.limits is not None, "twelve markets of eight platforms do not fit a page uncut"
    text = squeezed(pdftext(pdf))
    for literal in (FIRM, JAPANESE_TITLE, CYRILLIC_TITLE, "Дмитрий Соколов", "東京の販売代理店",
                    "Agence <i>Web</i> & Co",
                    "Coulisses & <script>", "«every»", "Ayşe Yılmaz-Kowalczyk", "Équipements"):
        assert squeezed(literal) in text, literal
    assert squeezed("+4 more") in text  # the platforms of each market, cut
    fonts = pdffonts(pdf)
    assert fonts and all(embedded == "yes" for _name, embedded in fonts), fonts
    assert all(name.startswith(SHIPPED_FONTS) for name, _embedded in fonts), fonts  # no system font needed
    assert any(name.startswith("DroidSansFallback") for name, _embedded in fonts)


def test_markup_typed_by_the_founder_stays_text(qapp) -> None:
    from PySide6.QtGui import QTextFormat

    from smplanner.ui.printing import build_summary_document

    plan, posts = big_plan(TODAY)
    document = build_summary_document(summary_data(plan, posts, TODAY), (210, 297))
    plain = document.toPlainText()
    assert FIRM in plain and "Coulisses & <script>" in plain
    block = document.begin()
    while block.isValid():  # no image and no bold came out of the founder's "<img>" and "<b>"
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if FIRM[:6] in fragment.text():
                assert not fragment.charFormat().isImageFormat()
            assert fragment.charFormat().objectType() != QTextFormat.ObjectTypes.ImageObject
            iterator += 1
        block = block.next()


def test_a_plan_far_too_large_still_prints_on_one_page_whole(qapp, tmp_path: Path) -> None:
    from smplanner.ui.printing import write_summary_pdf

    plan, posts = big_plan(TODAY, markets=40)
    long_name = "Ausgesprochen langer Firmenname " * 6
    plan = dataclasses.replace(plan, firm=dataclasses.replace(plan.firm, name=long_name.strip()))
    data = summary_data(plan, posts, TODAY)
    pdf = tmp_path / "huge.pdf"
    fit = write_summary_pdf(data, pdf, "letter")

    assert pdfinfo(pdf)["Pages"] == "1"
    assert fit.limits == CUT_LEVELS[-1] or fit.scale < 1
    text = pdftext(pdf)
    assert "smplanner" in text.splitlines()[-2] or "Made with smplanner" in text  # the foot of the page is there
    width, height = PAGE_POINTS["letter"]
    for x_min, y_min, x_max, y_max, word in word_boxes(pdf):
        assert x_min >= 0 and x_max <= width and y_min >= 0 and y_max <= height, word


def test_the_print_preview_paints_with_the_same_renderer(qapp, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from smplanner.ui.printing import summary_preview_dialog
    from smplanner.ui.printing.summary_document import set_paper

    made = []

    def provider():
        made.append(1)
        return summary_of(plan_file(tmp_path, "confectioner"))

    dialog = summary_preview_dialog(None, provider, paper="letter")
    try:
        for number in (1, 2):
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(tmp_path / "printed{n}.pdf".format(n=number)))
            set_paper(printer, "letter")
            dialog.paintRequested.emit(printer)
            del printer
            info = pdfinfo(tmp_path / "printed{n}.pdf".format(n=number))
            assert info["Pages"] == "1" and "letter" in info["Page size"]
        assert made == [1]  # the summary is made once, however often the preview repaints
        assert "Cuberdon & Co" in pdftext(tmp_path / "printed1.pdf")
    finally:
        dialog.deleteLater()


def test_writing_the_pdf_is_atomic(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smplanner.ui.printing import summary_document

    data = summary_of(plan_file(tmp_path, "training"))
    target = tmp_path / "out" / "summary.pdf"
    target.parent.mkdir()
    target.write_bytes(b"the previous summary")

    def broken(*args, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(summary_document, "render_summary", broken)
    with pytest.raises(RuntimeError):
        summary_document.write_summary_pdf(data, target, "a4")
    assert target.read_bytes() == b"the previous summary"
    assert [p.name for p in target.parent.iterdir()] == ["summary.pdf"]
    monkeypatch.undo()
    summary_document.write_summary_pdf(data, target, "a4")
    assert target.read_bytes().startswith(b"%PDF") and [p.name for p in target.parent.iterdir()] == ["summary.pdf"]


# --- the data ------------------------------------------------------------------------------------------------------


def test_key_dates_join_a_holiday_of_several_days_and_say_it_once() -> None:
    from smplanner.services.plan_files import example_plan

    plan, posts = example_plan("confectioner", TODAY)
    data = summary_data(plan, posts, TODAY)
    new_year = [k for k in data.key_dates if k.text == "Chinese New Year (Spring Festival)"]
    assert [(k.kind, k.day) for k in new_year] == [(KeyDateKind.HOLIDAY, date(2027, 2, 6))]  # not also the moment
    assert "Feb 8" in new_year[0].when
    firsts = [k for k in data.key_dates if k.kind is KeyDateKind.FIRST_POST]
    assert sorted(k.markets for k in firsts) == sorted(m.code for m in plan.markets)
    valentine = next(k for k in data.key_dates if k.text == "Valentine's Day")
    assert valentine.markets == _("All markets")


def test_cutting_says_how_many_more() -> None:
    plan, posts = big_plan(TODAY)
    data = summary_data(plan, posts, TODAY)
    cut = cut_lists(data, CUT_LEVELS[-1])
    limits = CUT_LEVELS[-1]
    assert len(cut.markets) == limits.markets and cut.markets[-1].code == "+5 more"
    assert all(len(row.platforms) <= limits.platforms for row in cut.markets)
    assert len(cut.key_dates) == limits.key_dates
    left = len(data.key_dates) - limits.key_dates + 1
    assert cut.key_dates[-1].text.startswith("+{n} more".format(n=left))
    assert all(len(group.lines) <= limits.lines for group in cut.decisions)


def test_the_summary_is_in_the_ui_language() -> None:
    from smplanner.services.plan_files import example_plan

    set_language("fr")
    plan, posts = example_plan("confectioner", TODAY)
    data = summary_data(plan, posts, TODAY)
    assert data.made_on == "mercredi 6 janvier 2027"
    assert data.markets[1].languages == "japonais"
    assert data.home.endswith("Bruxelles")  # zones named by their city, in French
    assert {row.zone for row in data.markets} >= {"Tokyo", "Londres"}
    assert data.decisions[0].title == "Acteurs et responsabilités"
    assert "\u202f" in data.workload.budget or "\u00a0" in data.workload.budget  # "350,00 €", the French way


# --- the command ---------------------------------------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(LANG="C.UTF-8", LANGUAGE="en")
    return subprocess.run([sys.executable, "-m", "smplanner", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=env, check=False)


@pytest.mark.slow
def test_the_summary_command_writes_one_page_without_a_display(tmp_path: Path) -> None:
    plan = plan_file(tmp_path, "consultancy")
    result = _run("summary", str(plan), "-o", "out.pdf", "--paper", "letter", "--lang", "fr", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "out.pdf" in result.stdout and result.stderr == ""
    info = pdfinfo(tmp_path / "out.pdf")
    assert info["Pages"] == "1" and "letter" in info["Page size"]
    assert "Marchés" in pdftext(tmp_path / "out.pdf")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("summary", "missing.smplan", "-o", "out.pdf"), "missing.smplan"),
        (("summary", "PLAN", "-o", "no/such/folder/out.pdf"), "out.pdf"),
        (("summary", "PLAN", "-o", "out.pdf", "--paper", "a3"), "a3"),
        (("summary", "PLAN", "-o", "out.pdf", "--lang", "xx"), "xx"),
        (("summary", "PLAN"), "--output"),
    ],
)
def test_the_summary_command_fails_in_one_line(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    plan = str(plan_file(tmp_path, "training"))
    result = _run(*(plan if arg == "PLAN" else arg for arg in args), cwd=tmp_path)
    assert result.returncode != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smplanner: error: ") and expected in lines[0], result.stderr
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.slow
def test_demo_writes_each_examples_summary(tmp_path: Path) -> None:
    result = _run("demo", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in EXAMPLES:
        pdf = tmp_path / "out" / (name + "-summary.pdf")
        assert pdf.name in result.stdout
        assert pdfinfo(pdf)["Pages"] == "1"


def test_characters_no_shipped_font_has_are_reported(qapp, tmp_path: Path) -> None:
    from smplanner.ui.printing import write_summary_pdf

    plan, posts = big_plan(TODAY)
    plan = dataclasses.replace(plan, firm=dataclasses.replace(plan.firm, name="서울 Trading"))
    fit = write_summary_pdf(summary_data(plan, posts, TODAY), tmp_path / "korean.pdf", "a4")
    assert fit.missing == "서울"
    assert pdfinfo(tmp_path / "korean.pdf")["Pages"] == "1"
