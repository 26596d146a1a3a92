"""The headless sub-commands: demo, new, info, strategy export, agenda, workload, the exports, today and publish.
Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO

from smplanner import __version__
from smplanner.i18n import N_, SUPPORTED_LANGUAGES, _, base_language, ngettext, set_language

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from smplanner.domain.market_days import DaysOff
    from smplanner.domain.plan import Market, Plan, Post
    from smplanner.domain.post_warnings import PostAdvice
    from smplanner.domain.publishing import PublishingLog
    from smplanner.domain.workload import Finding, WorkloadReport
    from smplanner.services.planning import PlanningService
    from smplanner.services.strategy_file import StrategyDocument

AGENDA_DAYS = 30
"""How many days after its first day the agenda shows when --to is not given."""
EXIT_ERROR = 1
EXIT_USAGE = 2
STDOUT = "-"
"""The output name that means the standard output."""


PLAN_HELP = N_("the plan: a file (.smplan) or a server plan's address (postgresql://\u2026)")


def plan_location(text: str) -> Path | str:
    """A plan argument: a file's path, or a server plan's address kept as typed (checked when it is opened)."""
    from smplanner.storage.server_address import is_server_address

    return text if is_server_address(text) else Path(text)


class CommandError(Exception):
    """A failure to report to the user in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line on stderr, not argparse's usage block
        raise CommandError(_("{message} (see {command} --help)").format(message=message, command=self.prog))


def _language_option() -> _Parser:
    """The --lang option every sub-command takes: the language of what it writes (messages, headers, summaries)."""
    parent = _Parser(add_help=False)
    parent.add_argument(
        "--lang", metavar="LANG",
        help=_("the language of the output: {languages} (default: the system's)").format(
            languages=", ".join(SUPPORTED_LANGUAGES)
        ),
    )
    return parent


def use_language(code: str | None) -> None:
    """Switch to the language --lang asks for (nothing when not given); a language without a catalogue is an error."""
    if code is None:
        return
    if base_language(code) not in SUPPORTED_LANGUAGES:
        raise CommandError(
            _("No translation into \u201c{language}\u201d; the languages are: {languages}.").format(
                language=code, languages=", ".join(SUPPORTED_LANGUAGES)
            )
        )
    set_language(code)


def build_parser() -> argparse.ArgumentParser:
    from smplanner.domain.examples import EXAMPLES

    parser = _Parser(prog="smplanner", description=_("Plan the social-media side of going international."))
    parser.add_argument("--version", action="version", version=f"smplanner {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    language = _language_option()
    demo = commands.add_parser("demo", parents=[language], help=_("write the example plans into a folder"))
    demo.add_argument("outdir", type=Path, help=_("the folder to write into (created if needed)"))
    new = commands.add_parser(
        "new", parents=[language], help=_("create a plan file from an example or a strategy file")
    )
    new.add_argument("plan", type=plan_location,
                     help=_("the plan to create: a file (.smplan) or an empty schema on a server (postgresql://\u2026)"))
    source = new.add_mutually_exclusive_group(required=True)
    source.add_argument("--example", choices=[e.name for e in EXAMPLES], help=_("which example"))
    source.add_argument(
        "--strategy", type=Path, metavar="FILE.toml", help=_("a strategy file to take the decisions from")
    )
    info = commands.add_parser("info", parents=[language], help=_("describe a plan file"))
    info.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    info.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    strategy = commands.add_parser("strategy", help=_("strategy files: a plan's decisions as editable text"))
    actions = strategy.add_subparsers(dest="action", metavar="export|import", parser_class=_Parser, required=True)
    export = actions.add_parser(
        "export", parents=[language], help=_("write a plan's decisions (not its posts) to a strategy file")
    )
    export.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    export.add_argument(
        "-o", "--output", default="-", metavar="FILE.toml",
        help=_("the strategy file to write; - (the default) writes to the standard output"),
    )
    imported = actions.add_parser(
        "import", parents=[language],
        help=_("take a strategy file's decisions into a plan and regenerate its future posts, as File › "
               "Import strategy does"),
    )
    imported.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    imported.add_argument("strategy_file", type=Path, metavar="FILE.toml", help=_("the strategy file to read"))
    agenda = commands.add_parser(
        "agenda", parents=[language], help=_("list the posts and the holidays of each market over a period")
    )
    agenda.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    agenda.add_argument(
        "--from", dest="first", type=_iso_date, metavar="DATE",
        help=_("the first day, such as 2027-03-01 (default: today)"),
    )
    agenda.add_argument(
        "--to", dest="last", type=_iso_date, metavar="DATE",
        help=_("the last day, such as 2027-03-31 (default: {days} days after the first)").format(days=AGENDA_DAYS),
    )
    agenda.add_argument(
        "--market", metavar="CC", help=_("only this market: its code (JP, CA-QC) or its country code (CA)")
    )
    agenda.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    workload = commands.add_parser(
        "workload", parents=[language],
        help=_("the hours a week and the money a month the plan needs, and what threatens its upkeep"),
    )
    workload.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    workload.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    copy = commands.add_parser(
        "copy", parents=[language],
        help=_("copy a plan between a file and a server, either way, and check the copy"),
    )
    copy.add_argument("source", type=plan_location, help=_("the plan to copy: a file or a server plan's address"))
    copy.add_argument("target", type=plan_location,
                      help=_("where the copy goes: a new file, or an empty schema on a server (postgresql://\u2026#plan)"))
    copy.add_argument("--replace", action="store_true", help=_("replace a target file that exists"))
    _add_export_parsers(commands, language)
    _add_daily_parsers(commands, language)
    _add_summary_parser(commands, language)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("\u201c{value}\u201d is not a date such as 2027-03-01").format(value=text)
        ) from None


def run(argv: list[str], out: TextIO = sys.stdout, today: date | None = None, now: datetime | None = None) -> int:
    """Run a sub-command; returns the exit status. `today` and `now` (an aware instant) stand for the present."""
    from smplanner.domain.plan import PostError
    from smplanner.storage.errors import PlanFileError

    args = build_parser().parse_args(argv)
    use_language(getattr(args, "lang", None))
    today = today or date.today()
    now = now or datetime.now(UTC)
    try:
        if args.command == "demo":
            return _demo(args.outdir, out, today)
        if args.command == "new":
            if args.strategy is not None:
                return _new_from_strategy(args.plan, args.strategy, out, today)
            return _new(args.plan, args.example, out, today)
        if args.command == "strategy" and args.action == "import":
            return _import_strategy(args.plan, args.strategy_file, out, now)
        if args.command == "strategy":
            return _export_strategy(args.plan, args.output, out)
        if args.command == "import-csv":
            return _import_csv(args, out, now)
        if args.command == "info":
            return _info(args.plan, args.json, out)
        if args.command == "agenda":
            return _agenda(args.plan, args.first, args.last, args.market, args.json, out, today)
        if args.command == "workload":
            return _workload(args.plan, args.json, out, now)
        if args.command in ("export-ics", "export-csv"):
            return _export(args, out)
        if args.command == "today":
            return _today(args.plan, args.days, args.json, out, now)
        if args.command == "publish":
            return _publish(args.plan, args.post_id, args.at, args.url, out, now)
        if args.command == "copy":
            return _copy(args.source, args.target, args.replace, out)
    except (PlanFileError, PostError) as error:
        raise CommandError(str(error)) from None
    except BrokenPipeError:
        raise
    except OSError as error:
        raise CommandError(
            _("Cannot write \u201c{path}\u201d: {reason}.").format(path=error.filename, reason=error.strerror)
        ) from None
    return EXIT_USAGE


def _demo(outdir: Path, out: TextIO, today: date) -> int:
    """The example plans, each with its calendar and summary, into a new folder or over the untouched examples of
    an earlier demo; a plan changed since (or any other file in its place) is never replaced. If anything fails,
    what this run created is removed again."""
    from smplanner.domain.examples import EXAMPLES
    from smplanner.services.plan_files import create_from_example, is_untouched_example

    if outdir.exists() and not outdir.is_dir():
        raise CommandError(_("Cannot write into \u201c{path}\u201d: it is a file, not a folder.").format(path=outdir))
    plans = [outdir / (example.name + ".smplan") for example in EXAMPLES]
    for path in plans:
        if (path.exists() or path.is_symlink()) and not is_untouched_example(path):
            raise CommandError(
                _("Cannot write the demo into \u201c{folder}\u201d: {file} is not the example as the demo wrote it "
                  "(it was changed, or it is another file). Choose a new folder.").format(folder=outdir, file=path.name)
            )
    made_folder = not outdir.exists()
    before = set() if made_folder else set(outdir.iterdir())
    told, out = out, io.StringIO()  # said once all is written: a failed demo wrote nothing
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        print(_("Wrote into {folder}:").format(folder=outdir.resolve()), file=out)
        for example, path in zip(EXAMPLES, plans, strict=True):
            _plan, posts = create_from_example(path, example.name, today, replace=True, keep_digest=True)
            print(
                _("  {file}  {title}, {count} posts").format(file=path.name, title=_(example.title), count=len(posts)),
                file=out,
            )
            _write_demo_calendar(path, out)
            if summary_writer is not None:
                summary_writer(path, today, out)
    except BaseException:
        if outdir.is_dir():
            for made in set(outdir.iterdir()) - before:
                made.unlink(missing_ok=True)
            if made_folder:
                with contextlib.suppress(OSError):
                    outdir.rmdir()
        raise
    told.write(out.getvalue())
    return 0


def _new(where: Path | str, name: str, out: TextIO, today: date) -> int:
    from smplanner.services.plan_files import create_from_example

    path = _plan_path(where)
    plan, posts = create_from_example(path, name, today)
    print(
        _("Created {path}: {firm}, {markets} markets, {count} posts.").format(
            path=_shown_plan(path), firm=plan.firm.name, markets=len(plan.markets), count=len(posts)
        ),
        file=out,
    )
    return 0


def _shown_plan(path: Path | str) -> object:
    """A plan's path, or a server plan's address without any password, to say where a plan is."""
    from smplanner.storage.opening import plan_address

    return plan_address(path)


def _plan_path(path: Path | str) -> Path | str:
    if isinstance(path, str):  # a server plan's address
        return path
    if not path.name or path.name in (".", ".."):
        raise CommandError(_("\u201c{path}\u201d is not a file name; give the plan a name such as acme.smplan.").format(
            path=path))
    return path if path.suffix == ".smplan" else path.with_name(path.name + ".smplan")


def _new_from_strategy(where: Path | str, strategy: Path, out: TextIO, today: date) -> int:
    from smplanner.services.strategy_file import create_from_strategy

    path = _plan_path(where)
    document = _read_strategy(strategy)  # the whole file is checked before anything is created
    posts = create_from_strategy(path, document, today)
    plan = document.plan
    print(
        _("Created {path}: {firm}, {markets} markets, {count} posts.").format(
            path=_shown_plan(path), firm=plan.firm.name, markets=len(plan.markets), count=len(posts)
        ),
        file=out,
    )
    return 0


def _read_strategy(strategy: Path) -> StrategyDocument:
    """A strategy file, read and checked whole; a problem is the command's one line."""
    from smplanner.services.strategy_file import StrategyFileError, read_strategy_file

    try:
        return read_strategy_file(strategy)
    except StrategyFileError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(
            _("Cannot read \u201c{path}\u201d: {reason}.").format(path=strategy, reason=error.strerror)
        ) from None


def _export_strategy(path: Path, output: str, out: TextIO) -> int:
    from smplanner.services.planning import PlanningService
    from smplanner.services.strategy_file import StrategyFileError

    try:
        with PlanningService.read_only(path) as service:
            if output == STDOUT:
                out.write(service.strategy_text())
                return 0
            service.write_strategy(Path(output))
            firm = service.plan().firm.name
    except StrategyFileError as error:
        raise CommandError(str(error)) from None
    print(_("Wrote the strategy of {firm} to {path}.").format(firm=firm, path=output), file=out)
    return 0


def _copy(source: Path | str, target: Path | str, replace: bool, out: TextIO) -> int:
    from smplanner.i18n.formatting import format_number
    from smplanner.storage.plan_copy import copy_plan

    if isinstance(target, Path):
        target = _plan_path(target)
    report = copy_plan(source, target, replace=replace)
    print(
        ngettext(
            "Copied {firm} from {source} to {target}: {count} post; checked: every table has the same rows, and the "
            "plan reads back the same.",
            "Copied {firm} from {source} to {target}: {count} posts; checked: every table has the same rows, and the "
            "plan reads back the same.",
            report.posts,
        ).format(firm=report.firm, source=_shown_plan(source), target=_shown_plan(target),
                 count=format_number(report.posts)),
        file=out,
    )
    return 0


@contextlib.contextmanager
def _binary(out: TextIO) -> Iterator[BinaryIO]:
    """The standard output's bytes, for a file written as it is made (an .ics or .csv file's exact bytes)."""
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text stream (tests): the files are UTF-8
        collected = io.BytesIO()
        yield collected
        out.write(collected.getvalue().decode("utf-8"))
    else:
        out.flush()
        yield binary
        binary.flush()


def _import_strategy(path: Path | str, strategy: Path, out: TextIO, now: datetime) -> int:
    """A strategy file's decisions stored in the plan, its future generated posts regenerated (the posts made or
    edited by hand and the past stay), in one transaction."""
    from smplanner.services.planning import PlanningService

    document = _read_strategy(strategy)  # the whole file is checked before the plan is opened
    with PlanningService.for_writing(path) as service:  # a plan file open elsewhere is refused
        changes = service.apply_decisions(document.plan, now, document.holiday_corrections, document.market_events)
    print(
        _("Decisions stored; calendar regenerated: {added} posts added, {removed} removed.").format(
            added=changes.posts_added, removed=changes.posts_removed
        ),
        file=out,
    )
    return 0


def _info(path: Path, as_json: bool, out: TextIO) -> int:
    from smplanner.domain.catalogue import platform_name
    from smplanner.domain.decisions import DECISIONS
    from smplanner.domain.timezones import zone
    from smplanner.i18n.formatting import (
        country_name,
        format_date,
        format_datetime,
        format_number,
        language_name,
    )
    from smplanner.services.planning import PlanningService

    with PlanningService.read_only(path) as service:
        summary = service.summary()
    plan = summary.plan
    if as_json:
        document = {
            "path": str(summary.path),
            "firm": {
                "name": plan.firm.name,
                "home_country": plan.firm.home_country,
                "home_zone": plan.firm.home_zone,
                "scenario": plan.firm.scenario.value,
            },
            "markets": [
                {
                    "code": m.code,
                    "country": m.country,
                    "subdivision": m.subdivision,
                    "zone": m.zone,
                    "languages": list(m.languages),
                    "objectives": [o.value for o in m.objectives],
                    "presences": sorted(p.platform for p in plan.presences if p.market_id == m.id),
                }
                for m in plan.markets
            ],
            "decisions": {d.key: d.key in summary.decisions_taken for d in DECISIONS},
            "post_count": summary.post_count,
            "first_post": summary.first_post.instant.isoformat() if summary.first_post else None,
            "last_post": summary.last_post.instant.isoformat() if summary.last_post else None,
            "schema_version": summary.schema_revision,
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    lines = [
        _("Plan:      {path}").format(path=summary.path),
        _("Firm:      {name} ({country}, {zone})").format(
            name=plan.firm.name, country=country_name(plan.firm.home_country), zone=plan.firm.home_zone
        ),
        _("Period:    {start} \u2013 {end}").format(
            start=format_date(plan.strategy.period_start), end=format_date(plan.strategy.period_end)
        ),
        _("Markets:"),
    ]
    for market in plan.markets:
        platforms = ", ".join(sorted(platform_name(p.platform) for p in plan.presences if p.market_id == market.id))
        lines.append(
            _("  {code:<6} {country}, {zone}; {languages}; {platforms}").format(
                code=market.code,
                country=country_name(market.country),
                zone=market.zone,
                languages=", ".join(language_name(code) for code in market.languages) or _("no language chosen"),
                platforms=platforms or _("no presence"),
            )
        )
    if not plan.markets:
        lines.append(_("  none yet"))
    lines.append(_("Decisions:"))
    for decision in DECISIONS:
        mark = _("taken") if decision.key in summary.decisions_taken else _("open")
        lines.append(f"  {_(decision.label):<32} {mark}")
    lines.append(_("Posts:     {count}").format(count=format_number(summary.post_count)))
    if summary.first_post and summary.last_post:
        lines.append(
            _("           from {first} to {last}").format(
                first=format_datetime(summary.first_post.instant.astimezone(zone(plan.firm.home_zone))),
                last=format_datetime(summary.last_post.instant.astimezone(zone(plan.firm.home_zone))),
            )
        )
    lines.append(_("Format:    revision {revision}").format(revision=summary.schema_revision))
    print("\n".join(lines), file=out)
    return 0


# --- agenda ----------------------------------------------------------------------------------------------------


def _agenda(
    path: Path, first: date | None, last: date | None, market_code: str | None, as_json: bool, out: TextIO, today: date
) -> int:
    """The posts from first to last inclusive (market-local dates), with their warnings and notes, and each market's
    holidays (the founder's corrections applied), saying where the holiday data has no data."""
    from smplanner.domain.calendar_filter import CalendarFilter
    from smplanner.i18n import current_language
    from smplanner.services.holidays import HOLIDAY_NAME_LANGUAGE
    from smplanner.services.planning import PlanningService

    first = first or today
    last = last or first + timedelta(days=AGENDA_DAYS)
    if first > last:
        raise CommandError(
            _("The first day ({first}) is after the last day ({last}).").format(
                first=first.isoformat(), last=last.isoformat()
            )
        )
    language = HOLIDAY_NAME_LANGUAGE if as_json else current_language()
    with PlanningService.read_only(path) as service:
        plan = service.plan()
        markets = _chosen_markets(plan, market_code)
        chosen = CalendarFilter(markets=frozenset(m.id for m in markets) if market_code is not None else frozenset())
        posts = service.posts_dated(first, last, chosen)
        advice = service.advice_of(posts, plan)
        days_off = service.days_off(first, last, language, plan)
    rows = [(post, advice[post.id]) for post in posts]
    if as_json:
        json.dump(_agenda_document(plan, markets, rows, days_off), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print("\n".join(_agenda_lines(plan, markets, rows, days_off, first, last)), file=out)
    return 0


def _chosen_markets(plan: Plan, code: str | None) -> list[Market]:
    """All the plan's markets, or those matching a market code (CA-QC) or a country code (CA), in any case."""
    if code is None:
        return sorted(plan.markets, key=lambda m: m.code)
    wanted = code.strip().upper()
    chosen = [m for m in sorted(plan.markets, key=lambda m: m.code) if wanted in (m.code.upper(), m.country.upper())]
    if not chosen:
        codes = ", ".join(sorted(m.code for m in plan.markets)) or _("none")
        raise CommandError(
            _("No market \u201c{code}\u201d in this plan; its markets are: {codes}.").format(code=code, codes=codes)
        )
    return chosen


def _agenda_document(
    plan: Plan,
    markets: list[Market],
    rows: list[tuple[Post, PostAdvice]],
    days_off: dict[str, DaysOff],
) -> dict[str, object]:
    """The agenda as JSON: each post with its "warnings" (what is wrong) and its "notes" (what to know, never counted
    as warnings), each market's holidays, and the years the holiday data does not cover."""
    from smplanner.domain.timezones import zone

    codes = {m.id: m.code for m in plan.markets}
    return {
        "posts": [
            {
                "market": codes.get(post.market_id, post.market_id),
                "platform": post.platform,
                "local": post.instant.astimezone(zone(post.zone)).isoformat(timespec="seconds"),
                "utc": post.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "zone": post.zone,
                "id": post.id,
                "status": post.status.value,
                "title": post.title,
                "versions": _versions_document(post),
                "published_at": post.published_at.strftime("%Y-%m-%dT%H:%M:%SZ") if post.published_at else None,
                "warnings": [w.value for w in advice.warnings],
                "notes": [n.value for n in advice.notes],
            }
            for post, advice in rows
        ],
        "holidays": {
            m.code: [{"date": day.isoformat(), "name": name} for day, name in sorted(days_off[m.id].holidays.items())]
            for m in markets
        },
        "years_without_holiday_data": {m.code: list(days_off[m.id].years_without_data) for m in markets
                                       if days_off[m.id].years_without_data},
    }


def _agenda_lines(
    plan: Plan,
    markets: list[Market],
    rows: list[tuple[Post, PostAdvice]],
    days_off: dict[str, DaysOff],
    first: date,
    last: date,
) -> list[str]:
    from smplanner.domain.post_warnings import NOTE_SHORT_LABELS, WARNING_SHORT_LABELS
    from smplanner.domain.timezones import zone

    catalogue = plan.catalogue()
    codes = {m.id: m.code for m in plan.markets}
    home = zone(plan.firm.home_zone)
    warned = sum(1 for _post, advice in rows if advice.warnings)
    lines = [
        _("Agenda of {firm} from {first} to {last}, {count} posts").format(
            firm=plan.firm.name, first=first.isoformat(), last=last.isoformat(), count=len(rows)
        ),
        ngettext("{count} post with a warning", "{count} posts with a warning", warned).format(count=warned),
        "",
    ]
    if rows:
        table = [[_("Local time"), _("Your time"), _("Market"), _("Platform"), _("Title"), _("Warnings"), _("Notes")]]
        for post, advice in rows:
            table.append([
                _wall_clock(post.instant.astimezone(zone(post.zone))),
                _wall_clock(post.instant.astimezone(home)),
                codes.get(post.market_id, post.market_id),
                catalogue.name(post.platform),
                _shorten(post.title, 40),
                ", ".join(_(WARNING_SHORT_LABELS[w]) for w in advice.warnings),
                ", ".join(_(NOTE_SHORT_LABELS[n]) for n in advice.notes),
            ])
        lines += _aligned(table)
    else:
        lines.append(_("No posts in this period."))
    lines += ["", _("Public holidays:")]
    for market in markets:
        days = days_off[market.id]
        found_days = sorted(days.holidays.items())
        if days.years_without_data:
            lines.append(_("  {code:<6} no holiday data for {years}: holidays there are not known").format(
                code=market.code, years=", ".join(str(year) for year in days.years_without_data)))
        if not found_days and not days.years_without_data:
            lines.append(_("  {code:<6} none in this period").format(code=market.code))
        for day, name in found_days:
            lines.append("  {code:<6} {day}  {name}".format(code=market.code, day=_day(day), name=name))
    return lines


def _day(day: date) -> str:
    """A date as its short weekday and ISO date, e.g. "Tue 2027-03-02" (the weekday in the UI language)."""
    from smplanner.i18n.formatting import weekday_name

    return "{weekday} {date}".format(weekday=weekday_name(day.weekday()), date=day.isoformat())


def _wall_clock(moment: datetime) -> str:
    """An aware datetime as the clock on its zone's wall shows it, with the zone named (e.g. "… 09:00 JST")."""
    from smplanner.i18n.formatting import zone_label

    return "{day} {time} {zone}".format(day=_day(moment.date()), time=moment.strftime("%H:%M"), zone=zone_label(moment))


def _shorten(text: str, width: int) -> str:
    """The text on one line, cut with an ellipsis to at most `width` terminal columns."""
    text = " ".join(text.split())
    if _width(text) <= width:
        return text
    kept = ""
    for character in text:
        if _width(kept + character) > width - 1:
            break
        kept += character
    return kept + "\u2026"


def _width(text: str) -> int:
    """The columns a text takes in a terminal: East Asian wide and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _aligned(table: list[list[str]], right: Iterable[int] = ()) -> list[str]:
    """Rows of cells in columns two spaces apart; the `right` columns (numbers) aligned on the right."""
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    right = set(right)

    def padded(i: int, cell: str) -> str:
        pad = " " * (widths[i] - _width(cell))
        return pad + cell if i in right else cell + pad

    return ["  ".join(padded(i, cell) for i, cell in enumerate(row)).rstrip() for row in table]


# --- workload --------------------------------------------------------------------------------------------------


def _workload(path: Path, as_json: bool, out: TextIO, now: datetime) -> int:
    """The weekly hours per actor against their capacity over the plan period, the budget per month, the findings.

    The JSON document:
        {"firm": str, "first": "YYYY-MM-DD", "last": "YYYY-MM-DD", "currency": "EUR",
         "actors": [{"id": str | null, "name": str | null, "capacity_hours": float, "needed_hours": float}],
         "weeks": [{"start": "YYYY-MM-DD", "posts": int, "hours": [float, ...], "total_hours": float, "over": bool}],
         "totals": {"needed_hours": float, "capacity_hours": float, "over": bool, "over_weeks": int},
         "budget": {"lines": [{"kind": "ads" | "translation" | "agency", "needed": "350.00", "note": str}],
                    "needed": "350.00", "allocated": "650.00", "over": bool},
         "findings": [{"kind": str, "text": str, "hours_freed": float, "market": str | null, "platform": str | null,
                       "options": [{"kind": str | null, "text": str, "hours_freed": float}]}],
         "presences": [{"market": str, "platform": str, "actor": str | null, "last_published": ISO | null,
                        "days_silent": int | null, "planned": int, "published": int, "skipped": int,
                        "overdue": int}]}
    A week's "hours" follow the order of "actors"; the actor whose id is null stands for the hours nobody is
    responsible for (listed only when there are some). Hours are per week (needed_hours averaged over the period),
    rounded to hundredths; money is a decimal string in the plan's currency. "presences" is each presence's
    publishing log as of now: when it last published (UTC), the days since (or since it started, when it never
    has; null before it starts), and its posts whose moment has passed: planned, published, skipped, overdue.
    """
    from smplanner.services.planning import PlanningService

    with PlanningService.read_only(path) as service:
        plan = service.plan()
        report, found = service.workload(now=now)
        log = service.publishing_log(now)
    if as_json:
        document = _workload_document(plan, report, found)
        document["presences"] = _log_document(plan, log)
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print("\n".join(_workload_lines(plan, report, found, _log_lines(plan, log))), file=out)
    return 0


def _log_document(plan: Plan, log: PublishingLog) -> list[dict[str, object]]:
    codes = {m.id: m.code for m in plan.markets}
    actors = {a.id: a.name for a in plan.actors}
    presences = {p.id: p for p in plan.presences}
    return [
        {
            "market": codes.get(presences[record.presence_id].market_id),
            "platform": presences[record.presence_id].platform,
            "actor": actors.get(presences[record.presence_id].actor_id or ""),
            "last_published": record.last_published.strftime("%Y-%m-%dT%H:%M:%SZ") if record.last_published else None,
            "days_silent": record.days_silent,
            "planned": record.planned,
            "published": record.published,
            "skipped": record.skipped,
            "overdue": record.overdue,
        }
        for record in log.presences
    ]


def _log_lines(plan: Plan, log: PublishingLog) -> list[str]:
    """The publishing log of each presence: last published, days silent, planned vs done so far."""
    from smplanner.domain.timezones import zone

    catalogue = plan.catalogue()
    codes = {m.id: m.code for m in plan.markets}
    presences = {p.id: p for p in plan.presences}
    home = zone(plan.firm.home_zone)
    table = [[_("Market"), _("Platform"), _("Last published"), _("Days silent"), _("Published"), _("Skipped"),
              _("Overdue")]]
    for record in log.presences:
        presence = presences[record.presence_id]
        last = record.last_published
        table.append([
            codes.get(presence.market_id, ""),
            catalogue.name(presence.platform),
            _wall_clock(last.astimezone(home)) if last else _("never"),
            str(record.days_silent) if record.days_silent is not None else "\u2013",
            _("{published} of {planned}").format(published=record.published, planned=record.planned),
            str(record.skipped),
            str(record.overdue),
        ])
    lines = ["", _("Publishing log (posts whose time has passed):")]
    if not log.presences:
        return [*lines, _("  No presence yet.")]
    return lines + ["  " + line for line in _aligned(table, right=(3, 5, 6))]


def _workload_columns(plan: Plan, report: WorkloadReport) -> list[tuple[str | None, str]]:
    """The report's actor keys with the name each goes by ("Nobody" for the hours of presences without an actor)."""
    names = {actor.id: actor.name for actor in plan.actors}
    keys = list(report.weeks[0].minutes_by_actor) if report.weeks else list(names)
    return [(key, names.get(key, key) if key is not None else _("Nobody")) for key in keys]


def _workload_document(plan: Plan, report: WorkloadReport, found: list[Finding]) -> dict[str, object]:
    presences = {p.id: p for p in plan.presences}
    codes = {m.id: m.code for m in plan.markets}
    columns = _workload_columns(plan, report)

    def hours(minutes: float) -> float:
        return round(minutes / 60, 2)

    return {
        "firm": plan.firm.name,
        "first": report.first.isoformat() if report.first else None,
        "last": report.last.isoformat() if report.last else None,
        "currency": report.currency,
        "actors": [
            {
                "id": key,
                "name": name if key is not None else None,
                "capacity_hours": hours(report.capacity_minutes_by_actor.get(key, 0.0)) if key is not None else 0.0,
                "needed_hours": round(report.needed_hours_by_actor.get(key, 0.0), 2),
            }
            for key, name in columns
        ],
        "weeks": [
            {
                "start": week.start.isoformat(),
                "posts": week.posts,
                "hours": [hours(week.minutes_by_actor[key]) for key, _name in columns],
                "total_hours": hours(week.total_minutes),
                "over": week.start in report.over_weeks,
            }
            for week in report.weeks
        ],
        "totals": {
            "needed_hours": round(report.total_needed_hours, 2),
            "capacity_hours": round(report.total_capacity_hours, 2),
            "over": report.over,
            "over_weeks": len(report.over_weeks),
        },
        "budget": {
            "lines": [
                {"kind": line.kind.value, "needed": str(line.needed), "note": line.note}
                for line in report.budget_needed_month
            ],
            "needed": str(report.budget_needed_total),
            "allocated": str(report.budget_allocated_month),
            "over": report.over_budget,
        },
        "findings": [
            {
                "kind": finding.kind.value,
                "text": finding.text,
                "hours_freed": round(finding.hours_freed, 2),
                "market": codes.get(finding.market_id) if finding.market_id else None,
                "platform": presences[finding.presence_id].platform if finding.presence_id in presences else None,
                "options": [
                    {"kind": option.kind.value if option.kind else None, "text": option.text,
                     "hours_freed": round(option.hours_freed, 2)}
                    for option in finding.options
                ],
            }
            for finding in found
        ],
    }


def _workload_lines(plan: Plan, report: WorkloadReport, found: list[Finding], log_lines: list[str]) -> list[str]:
    from smplanner.domain.workload import BUDGET_LABELS
    from smplanner.i18n.formatting import format_money

    columns = _workload_columns(plan, report)
    over_mark = _("over")
    lines = [
        _("Workload of {firm} from {first} to {last}, in hours a week").format(
            firm=plan.firm.name, first=report.first.isoformat() if report.first else "",
            last=report.last.isoformat() if report.last else "",
        ),
        "",
    ]
    table = [[_("Week of"), *(name for _key, name in columns), _("Total"), _("Capacity"), ""]]
    capacity = _hours(report.total_capacity_hours)
    for week in report.weeks:
        table.append([
            week.start.isoformat(),
            *(_hours(week.minutes_by_actor[key] / 60) for key, _name in columns),
            _hours(week.total_minutes / 60),
            capacity,
            over_mark if week.start in report.over_weeks else "",
        ])
    table.append([
        _("Average"),
        *(_hours(report.needed_hours_by_actor.get(key, 0.0)) for key, _name in columns),
        _hours(report.total_needed_hours),
        capacity,
        over_mark if report.over else "",
    ])
    table.append([
        _("Capacity"),
        *(_hours(report.capacity_minutes_by_actor.get(key, 0.0) / 60) if key is not None else ""
          for key, _name in columns),
        capacity,
        "",
        "",
    ])
    lines += _aligned(table, right=range(1, len(columns) + 3))
    lines += [
        "",
        ngettext(
            "{count} week of {total} over capacity (the total, or an actor's own hours).",
            "{count} weeks of {total} over capacity (the total, or an actor's own hours).",
            len(report.over_weeks),
        ).format(count=len(report.over_weeks), total=len(report.weeks)),
        "",
        _("Budget per month ({currency}):").format(currency=report.currency),
    ]
    money = [
        [_(BUDGET_LABELS[line.kind]), format_money(line.needed, report.currency), line.note]
        for line in report.budget_needed_month
    ]
    money.append([_("Needed"), format_money(report.budget_needed_total, report.currency), ""])
    money.append([
        _("Allocated"), format_money(report.budget_allocated_month, report.currency),
        _("over budget") if report.over_budget else "",
    ])
    lines += ["  " + line for line in _aligned(money, right=(1,))]
    lines += log_lines
    lines += ["", _("Findings:")]
    if not found:
        lines.append(_("  None: the plan looks sustainable."))
    for finding in found:
        lines.append("  - " + finding.text)
        if finding.hours_freed and not finding.options:
            lines.append("      " + _("frees {hours} h a week").format(hours=_hours(finding.hours_freed)))
        for option in finding.options:
            lines.append(
                "      " + _("{hours} h a week freed: {option}").format(
                    hours=_hours(option.hours_freed), option=option.text)
            )
    return lines


def _hours(value: float) -> str:
    """Hours to a tenth, always with the tenth, so that columns line up (e.g. "8.0", "12.5")."""
    from babel.numbers import format_decimal

    from smplanner.i18n.formatting import ui_locale

    return format_decimal(round(value, 1), format="#,##0.0", locale=ui_locale())


# --- exports: the calendar for a calendar program (.ics) or a spreadsheet (.csv) ---------------------------------


def _add_export_parsers(commands: argparse._SubParsersAction, language: argparse.ArgumentParser) -> None:
    from smplanner.domain.plan import PostStatus
    from smplanner.services.ics_export import IcsOptions
    from smplanner.services.post_csv import DateOrder, TimesIn

    ics = commands.add_parser(
        "export-ics", parents=[language],
        help=_("write the posts to a calendar file (.ics) that calendar programs import"),
    )
    csv = commands.add_parser(
        "export-csv", parents=[language], help=_("write the posts to a CSV file that spreadsheets open")
    )
    for parser, metavar in ((ics, "FILE.ics"), (csv, "FILE.csv")):
        parser.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
        parser.add_argument(
            "-o", "--output", required=True, metavar=metavar,
            help=_("the file to write (replaced whole); - writes to the standard output"),
        )
        parser.add_argument(
            "--market", action="append", metavar="CC",
            help=_("only this market: its code (JP, CA-QC) or its country code (CA); may be repeated"),
        )
        parser.add_argument(
            "--platform", action="append", metavar="ID", help=_("only this platform, such as linkedin; may be repeated")
        )
        parser.add_argument(
            "--status", action="append", choices=[status.value for status in PostStatus],
            help=_("only posts with this status; may be repeated"),
        )
        parser.add_argument(
            "--actor", action="append", metavar="NAME",
            help=_("only the posts of the presences this actor runs (a partner abroad, say); may be repeated"),
        )
        parser.add_argument(
            "--from", dest="first", type=_iso_date, metavar="DATE",
            help=_("the first day, such as 2027-03-01 (default: the first post)"),
        )
        parser.add_argument(
            "--to", dest="last", type=_iso_date, metavar="DATE",
            help=_("the last day, such as 2027-03-31 (default: the last post)"),
        )
    ics.add_argument("--holidays", action="store_true", help=_("add each market's public holidays as all-day events"))
    ics.add_argument(
        "--duration", type=_minutes, default=IcsOptions().duration_minutes, metavar="MIN",
        help=_("how long each post's event lasts, in minutes (default: {minutes})").format(
            minutes=IcsOptions().duration_minutes
        ),
    )
    ics.add_argument(
        "--reminder", type=_reminder_minutes, metavar="MINUTES",
        help=_("a reminder this many minutes before each post still to publish, with its text"),
    )
    csv.add_argument(
        "--no-bom", dest="bom", action="store_false",
        help=_("leave out the byte order mark that spreadsheets need to read UTF-8"),
    )
    reading = commands.add_parser(
        "import-csv", parents=[language],
        help=_("read posts from a CSV: this app's own (known post ids update their post) or Hootsuite's bulk format"),
    )
    reading.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    reading.add_argument("csv_file", type=Path, metavar="FILE.csv", help=_("the CSV file to read"))
    reading.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported and every problem; write nothing")
    )
    reading.add_argument(
        "--date-format", choices=[order.value for order in DateOrder],
        help=_("how the file's dates such as 03/04/2027 are ordered, when the file does not settle it"),
    )
    reading.add_argument("--market", metavar="CC", help=_("a Hootsuite file's market: its code (JP, CA-QC)"))
    reading.add_argument("--platform", metavar="ID", help=_("a Hootsuite file's platform, such as linkedin"))
    reading.add_argument(
        "--times", choices=[clock.value for clock in TimesIn],
        help=_("the clock a Hootsuite file's times are on: the market's or yours"),
    )


def _minutes(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        minutes = 0
    if not 1 <= minutes <= 24 * 60:
        raise argparse.ArgumentTypeError(
            _("\u201c{value}\u201d is not a number of minutes from 1 to 1440").format(value=text)
        )
    return minutes


def _reminder_minutes(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        minutes = -1
    if not 0 <= minutes <= 7 * 24 * 60:
        raise argparse.ArgumentTypeError(
            _("\u201c{value}\u201d is not a number of minutes from 0 to 10080").format(value=text)
        )
    return minutes


def _export(args: argparse.Namespace, out: TextIO) -> int:
    """The posts that the market, platform, status and date options let through, written to an .ics or a .csv."""
    from smplanner.domain.calendar_filter import CalendarFilter
    from smplanner.domain.plan import PostStatus
    from smplanner.i18n.formatting import format_number
    from smplanner.services.ics_export import IcsOptions

    if args.first and args.last and args.first > args.last:
        raise CommandError(
            _("The first day ({first}) is after the last day ({last}).").format(
                first=args.first.isoformat(), last=args.last.isoformat()
            )
        )
    with _export_service(args.plan, args.command == "export-ics" and args.output != STDOUT) as service:
        plan = service.plan()
        chosen = CalendarFilter(
            markets=frozenset(market.id for code in args.market or () for market in _chosen_markets(plan, code)),
            platforms=frozenset(_chosen_platform(plan, name) for name in args.platform or ()),
            statuses=frozenset(PostStatus(status) for status in args.status or ()),
            actors=frozenset(_chosen_actor(plan, name) for name in args.actor or ()),
        )
        cancelled, remembered = 0, True
        if args.command == "export-ics":
            options = IcsOptions(duration_minutes=args.duration, include_holidays=args.holidays,
                                 reminder_minutes=args.reminder)
            if args.output == STDOUT:
                with _binary(out) as stream:
                    service.write_ics(stream, chosen, args.first, args.last, options)
                return 0
            written = service.export_ics(Path(args.output), chosen, args.first, args.last, options)
            count, cancelled, remembered = written.posts, written.cancelled, written.remembered
        else:
            if args.output == STDOUT:
                with _binary(out) as stream:
                    service.write_csv(stream, chosen, args.first, args.last, bom=args.bom)
                return 0
            count = service.export_csv(Path(args.output), chosen, args.first, args.last, bom=args.bom)
    print(
        ngettext("Wrote {count} post of {firm} to {path}.", "Wrote {count} posts of {firm} to {path}.", count).format(
            count=format_number(count), firm=plan.firm.name, path=args.output
        ),
        file=out,
    )
    if cancelled:
        from smplanner.services.ics_export import cancelled_message

        print(cancelled_message(cancelled), file=out)
    if not remembered:
        print(_("The plan is open elsewhere, so it could not note what this file was given: the next export to it "
                "may cancel or update again what this one already did."), file=out)
    return 0


def _export_service(path: Path | str, remember: bool) -> PlanningService:
    """The plan to export from: open for writing when the export is to be remembered (a calendar file), else, or when
    the plan is open elsewhere, a read-only snapshot."""
    from smplanner.services.planning import PlanningService
    from smplanner.storage.errors import PlanInUseError

    if remember:
        try:
            return PlanningService.for_writing(path)
        except PlanInUseError:
            pass
    return PlanningService.read_only(path)


def _chosen_platform(plan: Plan, name: str) -> str:
    """The id of one of the plan's platforms, named by its id (linkedin) or its name (LinkedIn), in any case."""
    catalogue = plan.catalogue()
    ids = sorted({presence.platform for presence in plan.presences})
    wanted = name.strip().casefold()
    for platform in ids:
        if wanted in (platform.casefold(), catalogue.name(platform).casefold()):
            return platform
    raise CommandError(
        _("No platform \u201c{name}\u201d in this plan; its platforms are: {ids}.").format(
            name=name, ids=", ".join(ids) or _("none")
        )
    )


def _chosen_actor(plan: Plan, name: str) -> str:
    """The id of one of the plan's actors, named in any case."""
    wanted = name.strip().casefold()
    for actor in plan.actors:
        if actor.name.strip().casefold() == wanted:
            return actor.id
    raise CommandError(
        _("No actor \u201c{name}\u201d in this plan; its actors are: {names}.").format(
            name=name, names=", ".join(sorted(actor.name for actor in plan.actors)) or _("none")
        )
    )


def _import_csv(args: argparse.Namespace, out: TextIO, now: datetime) -> int:
    """Posts read from a CSV (our own, or Hootsuite's bulk format), all checked, then stored in one transaction; with
    --dry-run, what would be stored and every problem, and nothing written."""
    from smplanner.domain.timezones import zone
    from smplanner.services.planning import PlanningService
    from smplanner.services.post_csv import CsvFileError, DateOrder, ImportChoices, TimesIn
    from smplanner.storage.opening import open_plan

    try:
        data = args.csv_file.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read \u201c{path}\u201d: {reason}.").format(path=args.csv_file, reason=error.strerror)
        ) from None
    with open_plan(args.plan, read_only=args.dry_run) as plan_file:
        service = PlanningService(plan_file)
        plan = service.plan()
        market_id = _chosen_markets(plan, args.market)[0].id if args.market else None
        platform = _chosen_platform(plan, args.platform) if args.platform else None
        choices = ImportChoices(DateOrder(args.date_format) if args.date_format else None, market_id, platform,
                                TimesIn(args.times) if args.times else None)
        try:
            preview = service.preview_csv(data, choices)
        except CsvFileError as error:
            raise CommandError("{file}: {problem}".format(file=args.csv_file.name, problem=error)) from None
        if preview.needs:
            options = {"date_order": "--date-format", "market": "--market", "platform": "--platform",
                       "times_in": "--times"}
            raise CommandError(_("{file} does not say {what}: give {options}.").format(
                file=args.csv_file.name,
                what=", ".join(_(NEEDED_LABELS[need]) for need in preview.needs),
                options=" ".join(options[need] for need in preview.needs)))
        if args.dry_run:  # every row it would store and every problem, before the verdict
            codes = {m.id: m.code for m in plan.markets}
            home = zone(plan.firm.home_zone)
            for row in preview.rows:
                if row.changes:
                    post = row.post
                    print("  {line:>5}  {what:<7}  {local}  {home}  {market} {platform}  {title}".format(
                        line=row.line, what=_("new") if row.before is None else _("changed"),
                        local=_wall_clock(post.instant.astimezone(zone(post.zone))),
                        home=_wall_clock(post.instant.astimezone(home)), market=codes.get(post.market_id, ""),
                        platform=plan.catalogue().name(post.platform), title=_shorten(post.title, 40)), file=out)
            for problem in preview.problems:
                print("  " + str(problem), file=out)
        if preview.problems:
            raise CommandError(ngettext(
                "{file}: {first} ({count} problem; nothing was imported)",
                "{file}: {first} ({count} problems; nothing was imported)", len(preview.problems),
            ).format(file=args.csv_file.name, first=preview.problems[0], count=len(preview.problems)))
        if not preview.rows:
            raise CommandError(_("{file} holds no posts.").format(file=args.csv_file.name))
        summary = preview.summary()
        if args.dry_run:
            print(_("Would import from {file}: {summary}. Nothing was written (--dry-run).").format(
                file=args.csv_file.name, summary=summary), file=out)
            return 0
        service.import_posts(preview)
    print(_("Imported from {file}: {summary}.").format(file=args.csv_file.name, summary=summary), file=out)
    return 0


NEEDED_LABELS = {
    "date_order": N_("whether its dates are day/month or month/day"),
    "market": N_("the market"),
    "platform": N_("the platform"),
    "times_in": N_("whose clock its times are on"),
}


def _write_demo_calendar(plan_path: Path, out: TextIO) -> None:
    """The example's calendar file next to it, with the holidays of its markets."""
    from smplanner.services.ics_export import IcsOptions
    from smplanner.services.planning import PlanningService

    path = plan_path.with_suffix(".ics")
    with PlanningService.read_only(plan_path) as service:
        count = service.export_ics(path, options=IcsOptions(include_holidays=True)).posts
    print(_("  {file}  its calendar, {count} posts and the holidays").format(file=path.name, count=count), file=out)


# --- the daily loop: what is due today, and recording a publication ---------------------------------------------


def _add_daily_parsers(commands: argparse._SubParsersAction, language: argparse.ArgumentParser) -> None:
    from smplanner.domain.publishing import DEFAULT_DUE_DAYS

    today = commands.add_parser(
        "today", parents=[language],
        help=_("list the posts due today and in the next days, overdue ones first, with their texts"),
    )
    today.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    today.add_argument(
        "--days", type=_day_count, default=DEFAULT_DUE_DAYS, metavar="N",
        help=_("how many days to show, today included (default: {days})").format(days=DEFAULT_DUE_DAYS),
    )
    today.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    publish = commands.add_parser(
        "publish", parents=[language], help=_("record that a post was published (by hand, on its network)")
    )
    publish.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    publish.add_argument("post_id", metavar="POST_ID", help=_("the post's id, as `today` and `agenda --json` show it"))
    publish.add_argument(
        "--at", type=_iso_moment, metavar="ISO-TIME",
        help=_("when it went out, such as 2027-03-01T09:30+01:00; without an offset, your own time (default: now)"),
    )
    publish.add_argument("--url", default="", metavar="URL", help=_("the published post's web address"))


def _day_count(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= 366:
        raise argparse.ArgumentTypeError(
            _("\u201c{value}\u201d is not a number of days from 1 to 366").format(value=text))
    return days


def _iso_moment(text: str) -> datetime:
    """An ISO date and time, aware or naive (a naive one is read later in the founder's zone)."""
    try:
        return datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("\u201c{value}\u201d is not a date and time such as 2027-03-01T09:30").format(value=text)
        ) from None


def _versions_document(post: Post) -> list[dict[str, str]]:
    return [{"language": v.language, "text": v.text, "status": v.status.value} for v in post.versions]


def _today(path: Path, days: int, as_json: bool, out: TextIO, now: datetime) -> int:
    """The Today list: overdue posts first, then those of today and the next days (the founder's dates).

    The JSON document:
        {"firm": str, "now": ISO, "zone": str, "days": int, "overdue": int,
         "posts": [{"id": str, "market": str, "platform": str, "local": ISO, "utc": ISO, "home": ISO,
                    "status": str, "overdue": bool, "title": str, "content_type": str | null,
                    "versions": [{"language": str, "text": str, "status": str}]}]}
    """
    from smplanner.domain.timezones import zone
    from smplanner.services.planning import PlanningService

    with PlanningService.read_only(path) as service:
        plan = service.plan()
        due = service.due_posts(now, days)
    codes = {m.id: m.code for m in plan.markets}
    types = {t.id: t.name for t in plan.content_types}
    home = zone(plan.firm.home_zone)
    if as_json:
        document = {
            "firm": plan.firm.name,
            "now": now.astimezone(home).isoformat(timespec="seconds"),
            "zone": plan.firm.home_zone,
            "days": days,
            "overdue": sum(1 for item in due if item.overdue),
            "posts": [
                {
                    "id": item.post.id,
                    "market": codes.get(item.post.market_id, item.post.market_id),
                    "platform": item.post.platform,
                    "local": item.post.instant.astimezone(zone(item.post.zone)).isoformat(timespec="seconds"),
                    "utc": item.post.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "home": item.post.instant.astimezone(home).isoformat(timespec="seconds"),
                    "status": item.post.status.value,
                    "overdue": item.overdue,
                    "title": item.post.title,
                    "content_type": types.get(item.post.content_type_id) if item.post.content_type_id else None,
                    "versions": _versions_document(item.post),
                }
                for item in due
            ],
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    print("\n".join(_today_lines(plan, due, days, now)), file=out)
    return 0


def _today_lines(plan: Plan, due: list, days: int, now: datetime) -> list[str]:
    from smplanner.domain.plan import POST_STATUS_LABELS, VERSION_STATUS_LABELS
    from smplanner.domain.timezones import zone
    from smplanner.i18n.formatting import language_name

    catalogue = plan.catalogue()
    codes = {m.id: m.code for m in plan.markets}
    types = {t.id: t.name for t in plan.content_types}
    home = zone(plan.firm.home_zone)
    head = _("Due for {firm} today ({day}), in your time ({zone}):") if days == 1 else ngettext(
        "Due for {firm} today ({day}) and tomorrow, in your time ({zone}):",
        "Due for {firm} today ({day}) and the next {more} days, in your time ({zone}):",
        days - 1,
    )
    lines = [head.format(firm=plan.firm.name, day=_day(now.astimezone(home).date()), more=days - 1,
                         zone=plan.firm.home_zone)]
    if not due:
        lines += ["", _("Nothing is due.")]
    heading = None
    for item in due:
        post = item.post
        title = _("Overdue") if item.overdue else _day(item.day)
        if title != heading:
            heading = title
            lines += ["", title]
        at_home = post.instant.astimezone(home)
        there = post.instant.astimezone(zone(post.zone))
        mark = "\u2713 " if post.is_done else "  "
        lines.append(
            "{mark}{home}  {market} {local}  {platform}  {status}  {title}".format(
                mark=mark,
                home=_wall_clock(at_home) if item.overdue else "{time} {zone}".format(
                    time=at_home.strftime("%H:%M"), zone=_zone_label(at_home)),
                market=codes.get(post.market_id, post.market_id),
                local=_wall_clock(there),
                platform=catalogue.name(post.platform),
                status=_(POST_STATUS_LABELS[post.status]),
                title=post.title or types.get(post.content_type_id or "", "") or _("(no title)"),
            )
        )
        lines.append("      " + _("id {id}").format(id=post.id))
        for version in post.versions:
            lines.append("      " + _("{language} ({status}):").format(
                language=language_name(version.language), status=_(VERSION_STATUS_LABELS[version.status])))
            for text_line in (version.text or _("(no text yet)")).splitlines() or [""]:
                lines.append("        " + text_line)
    return lines


def _zone_label(moment: datetime) -> str:
    from smplanner.i18n.formatting import zone_label

    return zone_label(moment)


def _publish(path: Path, post_id: str, at: datetime | None, url: str, out: TextIO, now: datetime) -> int:
    """Mark a post published at `at` (now by default; a naive time is the founder's), atomically, in the plan."""
    from smplanner.domain.timezones import zone
    from smplanner.services.planning import PlanningService

    with PlanningService.for_writing(path) as service:  # refused while the plan is open elsewhere
        plan = service.plan()
        home = zone(plan.firm.home_zone)
        moment = now if at is None else at if at.tzinfo is not None else at.replace(tzinfo=home)
        _changes, before = service.mark_published(post_id, moment, now, url)
        after = service.post(post_id)
    assert after is not None and after.published_at is not None
    codes = {m.id: m.code for m in plan.markets}
    print(
        _("Marked {title} ({market} \u00b7 {platform}, {planned}) published at {at}.").format(
            title="\u201c{title}\u201d".format(title=before.title) if before.title else _("the post"),
            market=codes.get(before.market_id, before.market_id),
            platform=plan.catalogue().name(before.platform),
            planned=_wall_clock(before.instant.astimezone(zone(before.zone))),
            at=_wall_clock(after.published_at.astimezone(home)),
        ),
        file=out,
    )
    return 0


# --- the one-page strategy summary (PDF) ---------------------------------------------------------------------------
# Rendering it needs Qt, which this module must not import: `smplanner summary` is run by
# smplanner/ui/printing/summary_command.py, to which __main__ sends it, with this parser; and `smplanner demo` writes
# each example's summary through `summary_writer`, which __main__ sets.

if TYPE_CHECKING:
    from collections.abc import Callable

SUMMARY_PAPERS = ("a4", "letter")
summary_writer: Callable[[Path, date, TextIO], object] | None = None
"""Writes the summary PDF of a plan file beside it (plan path, today, where to say so); None: demo writes none."""


def _add_summary_parser(commands: argparse._SubParsersAction, language: argparse.ArgumentParser) -> None:
    summary = commands.add_parser(
        "summary", parents=[language], help=_("write the one-page strategy summary of a plan as a PDF")
    )
    summary.add_argument("plan", type=plan_location, help=_(PLAN_HELP))
    summary.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF to write (replaced whole)")
    )
    summary.add_argument(
        "--paper", choices=SUMMARY_PAPERS, default="a4", help=_("the paper size (default: a4)")
    )
