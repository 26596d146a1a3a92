"""Server plans on a real PostgreSQL: moving a plan both ways, several people at once, and everything that can go wrong.

Each test has plans of its own (a schema each) in the tests' private cluster (tests/pg_cluster.py).
"""

from __future__ import annotations

import dataclasses
import io
import json
import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from plan_factories import small_plan

from smplanner import cli
from smplanner.domain.plan import Market, Post, Presence
from smplanner.domain.shared_edits import reapplied, reapplied_plan
from smplanner.services.planning import PlanningService
from smplanner.services.plan_files import create_from_example
from smplanner.services.planning import posts_for
from smplanner.storage import migrating
from smplanner.storage.errors import (
    EditConflict,
    NotAPlanError,
    PlanFileError,
    PlanTooNewError,
    ServerConnectionLost,
    ServerLoginError,
    ServerUnreachableError,
)
from smplanner.storage.opening import open_plan
from smplanner.storage.plan_copy import copy_plan
from smplanner.storage.repository import POSTS_KIND
from smplanner.storage.server_address import ServerAddress
from smplanner.storage.server_plan import ServerPlan

TODAY = date(2027, 1, 6)


@pytest.fixture
def server(pg_cluster):
    """A fresh server plan address (a schema of its own) in the test cluster."""

    def address(name: str = "plan") -> str:
        return pg_cluster.uri("plans", schema=f"{name}_{uuid.uuid4().hex[:10]}")

    return address


@pytest.fixture
def shared(server) -> str:
    """The confectioner example as a server plan."""
    address = server("confectioner")
    create_from_example(address, "confectioner", TODAY)
    return address


def agenda(where: str | Path) -> dict:
    out = io.StringIO()
    assert cli.run(["agenda", str(where), "--from", "2026-12-01", "--to", "2027-12-31", "--json"], out=out,
                   today=TODAY) == 0
    return json.loads(out.getvalue())


# -- moving a plan both ways ----------------------------------------------------------------------------------------


def test_a_plan_copied_to_the_server_and_back_gives_the_same_agenda(tmp_path, server) -> None:
    original = tmp_path / "confectioner.smplan"
    create_from_example(original, "confectioner", TODAY)
    with open_plan(original) as plan_file:  # a plan with a history: edited posts and settings
        post = plan_file.reader.posts()[3]
        plan_file.repository.save_post(dataclasses.replace(post, title="Edited before the copy 🍬", edited=True))
    address = server()
    report = copy_plan(original, address)
    assert report.firm == "Cuberdon & Co" and report.posts > 600 and report.rows["post_version"] >= report.posts
    back = tmp_path / "back.smplan"
    copy_plan(address, back)
    assert agenda(address) == agenda(original)
    assert agenda(back) == agenda(original)
    with open_plan(back, read_only=True) as copy, open_plan(original, read_only=True) as first:
        assert copy.reader.load_plan() == first.reader.load_plan()
        assert [(p, p.revision) for p in copy.reader.posts()] == [(p, p.revision) for p in first.reader.posts()]
    # The copy is a plan file in its own right: it opens for work.
    with open_plan(back) as copy:
        assert copy.reader.post(post.id).title == "Edited before the copy 🍬"


def test_copy_through_the_command_line_says_what_it_checked(tmp_path, server) -> None:
    original = tmp_path / "training.smplan"
    create_from_example(original, "training", TODAY)
    address = server("training")
    out = io.StringIO()
    assert cli.run(["copy", str(original), address], out=out) == 0
    assert "checked" in out.getvalue() and "#training_" in out.getvalue()
    assert cli.run(["copy", address, str(tmp_path / "copy")], out=io.StringIO()) == 0  # .smplan is added
    assert agenda(tmp_path / "copy.smplan") == agenda(original)


def test_copy_refuses_a_schema_that_holds_something_and_an_existing_file(tmp_path, shared, server) -> None:
    original = tmp_path / "plan.smplan"
    create_from_example(original, "consultancy", TODAY)
    with pytest.raises(PlanFileError, match="already holds a plan"):
        copy_plan(original, shared)
    with pytest.raises(PlanFileError, match="already exists"):
        copy_plan(shared, original)
    with pytest.raises(PlanFileError, match="the plan itself"):
        copy_plan(shared, shared)
    copy_plan(shared, original, replace=True)  # asked for
    assert agenda(original) == agenda(shared)


def test_a_password_in_an_address_is_never_shown(pg_cluster) -> None:
    address = ServerAddress.parse(pg_cluster.uri("plans", user="alice", password="s3cret", schema="plan"))
    assert "s3cret" not in str(address) and "alice@" in str(address)
    assert "s3cret" in address.conninfo()  # libpq is given it, as the founder wrote it


# -- several people at once ----------------------------------------------------------------------------------------


def test_two_windows_see_each_other_s_edits_and_who_has_the_plan_open(shared) -> None:
    with open_plan(shared) as anne, open_plan(shared) as bob:
        assert [s.session for s in anne.others()] == [bob.session]
        assert [s.session for s in bob.others()] == [anne.session]
        post = anne.reader.posts()[0]
        anne.listen()
        saved = anne.repository.save_post(dataclasses.replace(post, title="Anne's title"))
        assert anne.others_changes() == []  # her own change is told by her command, not as someone else's
        theirs = bob.catch_up()
        assert theirs.kinds == {POSTS_KIND} and theirs.posts == ((post, saved),)
        assert bob.reader.post(post.id).title == "Anne's title" and bob.reader.post(post.id).revision == 1
        bob.repository.save_post(dataclasses.replace(bob.reader.post(post.id), title="Bob's title"))
        assert anne.notified()  # the server's notification arrived
        assert anne.catch_up().posts[0][1].title == "Bob's title"
    with open_plan(shared) as later:
        assert later.others() == []  # closing took their rows away


def test_an_edit_that_lost_the_race_is_refused_and_nothing_is_lost(shared) -> None:
    with open_plan(shared) as anne, open_plan(shared) as bob:
        post = anne.reader.posts()[0]
        anne_service, bob_service = PlanningService(anne), PlanningService(bob)
        anne_service.update_post(dataclasses.replace(post, title="Anne was first"))
        with pytest.raises(EditConflict) as lost:
            bob_service.update_post(dataclasses.replace(post, title="Bob, on the old version"))
        assert lost.value.row_ids == (post.id,) and "someone else" in str(lost.value)
        with pytest.raises(EditConflict):  # a move, a delete: the same
            bob_service.plan_file.repository.delete_posts([post])
        # Bob reloads, and applies his edit again on Anne's: his change is kept, and hers where he did not change it.
        bob.catch_up()
        current = bob_service.post(post.id)
        assert current.title == "Anne was first"
        mine = dataclasses.replace(post, title="Bob, on the old version", skip_reason="")
        bob_service.update_post(reapplied(post, mine, current))
    with open_plan(shared, read_only=True) as reader:
        assert reader.reader.post(post.id).title == "Bob, on the old version"
        assert reader.reader.post(post.id).revision == 2


def test_two_writers_racing_at_the_same_moment_one_wins_the_other_is_told(shared) -> None:
    """Two processes' worth of writers (two server plans, two threads) store the same post at once, many times."""
    with open_plan(shared) as anne, open_plan(shared) as bob:
        posts = anne.reader.posts()[:20]
        outcomes: dict[str, list[str]] = {"anne": [], "bob": []}
        start = threading.Barrier(2)

        def write(plan: ServerPlan, name: str) -> None:
            start.wait()
            for post in posts:
                try:
                    plan.repository.save_post(dataclasses.replace(post, title=name))
                    outcomes[name].append(post.id)
                except EditConflict:
                    pass

        threads = [threading.Thread(target=write, args=(plan, name)) for plan, name in ((anne, "anne"), (bob, "bob"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    # Each post was stored by exactly one of them, and holds what that one wrote: no change was silently overwritten.
    assert sorted(outcomes["anne"] + outcomes["bob"]) == sorted(p.id for p in posts)
    with open_plan(shared, read_only=True) as reader:
        for post in posts:
            stored = reader.reader.post(post.id)
            assert stored.revision == post.revision + 1
            assert stored.title == ("anne" if post.id in outcomes["anne"] else "bob")


def test_undo_never_undoes_someone_else_s_change(shared) -> None:
    with open_plan(shared) as anne, open_plan(shared) as bob:
        service = PlanningService(anne)
        post = anne.reader.posts()[0]
        edited = service.update_post(dataclasses.replace(post, title="Anne")).post_changes[0].after
        bob.catch_up()
        bob.repository.save_post(dataclasses.replace(bob.reader.post(post.id), title="Bob, after Anne"))
        with pytest.raises(EditConflict):
            service.restore_post(post, over=edited)  # Anne's undo
    with open_plan(shared, read_only=True) as reader:
        assert reader.reader.post(post.id).title == "Bob, after Anne"


def test_decisions_changed_by_someone_else_while_the_wizard_was_open(shared) -> None:
    now = datetime(2027, 2, 1, tzinfo=UTC)
    with open_plan(shared) as anne, open_plan(shared) as bob:
        anne_service, bob_service = PlanningService(anne), PlanningService(bob)
        opened = anne_service.plan()  # Anne opens the wizard
        germany = Market("DE", "Europe/Berlin", entry_order=9, languages=("de",))
        bob_plan = dataclasses.replace(bob_service.plan(), markets=(*bob_service.plan().markets, germany),
                                       presences=(*bob_service.plan().presences, Presence(germany.id, "linkedin")))
        bob_service.apply_decisions(bob_plan, now, base=bob_service.plan())
        decided = dataclasses.replace(opened, firm=dataclasses.replace(opened.firm, sector="Chocolate and sweets"))
        with pytest.raises(EditConflict):  # her Finish would remove Bob's market: refused
            anne_service.apply_decisions(decided, now, base=opened)
        anne.catch_up()
        current = anne_service.plan()
        anne_service.apply_decisions(reapplied_plan(opened, decided, current), now, base=current)
        stored = anne_service.plan()
    assert stored.firm.sector == "Chocolate and sweets" and germany.id in {m.id for m in stored.markets}


# -- opening: what is refused, and how ---------------------------------------------------------------------------


def test_what_is_not_a_plan_is_refused_in_one_clear_line(pg_cluster, server) -> None:
    empty = server("empty")
    with pytest.raises(NotAPlanError, match="no schema"):
        open_plan(empty)
    pg_cluster.execute(f"CREATE SCHEMA {ServerAddress.parse(empty).schema}", "plans")
    with pytest.raises(NotAPlanError, match="is empty"):
        open_plan(empty)
    pg_cluster.execute(f"CREATE TABLE {ServerAddress.parse(empty).schema}.invoices (id integer)",
                       "plans")
    with pytest.raises(NotAPlanError, match="another program"):
        open_plan(empty)
    with pytest.raises(NotAPlanError, match="no such database"):
        open_plan(pg_cluster.uri("no_such_database"))
    with pytest.raises(PlanFileError, match="schema name"):
        open_plan(pg_cluster.uri("plans", schema="Not A Schema"))


def test_an_unreachable_server_and_a_wrong_password(pg_cluster, shared) -> None:
    with pytest.raises(ServerUnreachableError, match="cannot be reached"):
        open_plan("postgresql:///plans?host=/nonexistent/folder&port=5432")
    pg_cluster.execute("DO $$ BEGIN CREATE ROLE anne LOGIN PASSWORD 'right'; EXCEPTION WHEN duplicate_object THEN "
                       "NULL; END $$")
    schema = ServerAddress.parse(shared).schema
    with pytest.raises(ServerLoginError, match="refused the login") as refused:
        open_plan(pg_cluster.uri("plans", user="anne", password="wrong", schema=schema))
    assert "wrong" not in str(refused.value)
    with pytest.raises(ServerLoginError, match="PGPASSWORD"):
        open_plan(pg_cluster.uri("plans", user="anne", schema=schema))


def test_the_password_comes_from_pgpassword_or_a_pgpass_file(pg_cluster, shared, tmp_path, monkeypatch) -> None:
    pg_cluster.execute("DO $$ BEGIN CREATE ROLE bea LOGIN PASSWORD 'from-libpq'; EXCEPTION WHEN duplicate_object THEN "
                       "NULL; END $$")
    schema = ServerAddress.parse(shared).schema
    pg_cluster.execute(f"GRANT USAGE ON SCHEMA {schema} TO bea; GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO bea"
                       , "plans")
    address = pg_cluster.uri("plans", user="bea", schema=schema)
    monkeypatch.setenv("PGPASSWORD", "from-libpq")
    with open_plan(address, read_only=True) as plan:
        assert plan.reader.load_plan().firm.name == "Cuberdon & Co"
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("*:*:*:bea:from-libpq\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with open_plan(address, read_only=True) as plan:
        assert plan.reader.count_posts() > 600


def test_a_plan_of_a_newer_smplanner_is_refused_untouched(pg_cluster, shared) -> None:
    schema = ServerAddress.parse(shared).schema
    pg_cluster.execute(f"UPDATE {schema}.alembic_version SET version_num = '9999'", "plans")
    for read_only in (False, True):
        with pytest.raises(PlanTooNewError, match="newer version"):
            open_plan(shared, read_only=read_only)


def test_a_plan_upgraded_by_another_smplanner_while_open_is_told(pg_cluster, shared) -> None:
    with open_plan(shared) as plan:
        schema = ServerAddress.parse(shared).schema
        pg_cluster.execute(f"UPDATE {schema}.alembic_version SET version_num = '9999'", "plans")
        with pytest.raises(PlanTooNewError, match="another format"):
            plan.catch_up()


def test_a_connection_lost_in_the_middle_of_an_edit_loses_nothing_acknowledged(pg_cluster, shared) -> None:
    with open_plan(shared) as plan:
        service = PlanningService(plan)
        first, second = plan.reader.posts()[:2]
        kept = service.update_post(dataclasses.replace(first, title="Acknowledged")).post_changes[0].after
        # The server ends every connection of the plans database (a restart, a network cut).
        pg_cluster.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'plans' "
                           "AND pid <> pg_backend_pid()")
        # Either the cut is told, or the pool's check found the connection dead and used a new one: then it is stored.
        try:
            service.update_post(dataclasses.replace(second, title="Maybe"))
            told = False
        except ServerConnectionLost:
            told = True
        assert told or plan.reader.post(second.id).title == "Maybe"
        # Once the server is back, the window goes on: a retry is stored.
        service.update_post(dataclasses.replace(plan.reader.post(second.id), title="After the cut"))
    with open_plan(shared, read_only=True) as reader:
        assert reader.reader.post(first.id) == kept and reader.reader.post(first.id).title == "Acknowledged"
        assert reader.reader.post(second.id).title == "After the cut"


def test_a_write_refused_by_the_server_mid_transaction_stores_nothing(pg_cluster, shared) -> None:
    schema = ServerAddress.parse(shared).schema
    with open_plan(shared) as plan:
        posts = plan.reader.posts()[:3]
        # The server refuses the third post's row (as a full disk or a constraint would): the whole change goes.
        pg_cluster.execute(
            f"CREATE FUNCTION {schema}.refuse() RETURNS trigger AS $$ BEGIN IF NEW.id = '{posts[2].id}' "
            "THEN RAISE EXCEPTION 'no room left'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
            f"CREATE TRIGGER refuse BEFORE UPDATE ON {schema}.post FOR EACH ROW EXECUTE FUNCTION {schema}.refuse()",
            "plans")
        with pytest.raises(PlanFileError, match="no room left"):
            plan.repository.save_posts([dataclasses.replace(p, title="Never") for p in posts])
    with open_plan(shared, read_only=True) as reader:
        assert [reader.reader.post(p.id) for p in posts] == posts


# -- migrations on the server, from the first revision ----------------------------------------------------------------


def test_every_fixture_revision_upgrades_on_the_server_as_it_does_in_a_file(tmp_path, pg_cluster, server) -> None:
    """Each committed plan fixture (revisions 0001 to the one before the newest), moved to the server in its own format,
    is brought up to date there by the migrations, and reads back exactly as the same file brought up to date."""
    from storage_support import FIXTURES

    from smplanner.storage.copying import copy_rows
    from smplanner.storage.server_plan import make_engine

    fixtures = sorted(FIXTURES.glob("plan_rev*.smplan"))
    assert [f.stem[-4:] for f in fixtures] == list(migrating.KNOWN_REVISIONS[:-1])
    for fixture in fixtures:
        revision = fixture.stem[-4:]
        address = ServerAddress.parse(server("rev" + revision))
        engine = make_engine(address)
        file_engine = None
        try:
            import sqlite3

            source = sqlite3.connect(fixture)
            file_engine = migrating.engine_for(source)
            with engine.begin() as target, file_engine.connect() as rows:
                from sqlalchemy import text

                target.execute(text(f'CREATE SCHEMA "{address.schema}"'))
                migrating.upgrade_connection(target, target=revision)  # the server plan, in the old format
                copy_rows(rows, target, current=False)
            source.close()
        finally:
            engine.dispose()
        with open_plan(str(address)) as upgraded:  # opened for work: brought up to date on the server
            assert upgraded.revision == migrating.HEAD_REVISION
        upgraded_file = tmp_path / fixture.name
        upgraded_file.write_bytes(fixture.read_bytes())
        with open_plan(str(address), read_only=True) as on_server, open_plan(upgraded_file, read_only=True) as in_file:
            assert on_server.reader.load_plan() == in_file.reader.load_plan(), revision
            assert on_server.reader.posts() == in_file.reader.posts(), revision
            assert on_server.reader.holiday_overrides() == in_file.reader.holiday_overrides(), revision
            assert on_server.reader.market_events() == in_file.reader.market_events(), revision


def test_the_migrations_build_on_the_server_what_the_models_describe(server) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from smplanner.storage.schema import Base
    from smplanner.storage.server_plan import make_engine

    address = ServerAddress.parse(server("schema"))
    create_from_example(str(address), "training", TODAY)
    engine = make_engine(address)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [d for d in compare_metadata(context, Base.metadata)]
    finally:
        engine.dispose()
    assert differences == []


def test_a_new_plan_on_the_server_from_a_strategy_or_an_example(server, tmp_path) -> None:
    plan = small_plan("Schema & Co")
    address = server("fresh")
    from smplanner.storage.opening import create_plan

    create_plan(address, plan, posts_for(plan))
    with open_plan(address, read_only=True) as stored:
        assert stored.reader.load_plan() == plan
        assert [p.id for p in stored.reader.posts()] == [p.id for p in posts_for(plan)]
    with pytest.raises(PlanFileError, match="already holds a plan"):
        create_plan(address, plan)


def test_a_read_only_open_changes_nothing_on_the_server(shared) -> None:
    from plan_factories import stored_digest

    before = stored_digest(shared)
    with open_plan(shared, read_only=True) as reader, open_plan(shared) as writer:
        assert writer.others() == []  # a command that only reads is nobody's open window
        assert reader.reader.count_posts() > 600
    assert stored_digest(shared) == before


def test_a_post_made_in_one_window_under_a_market_removed_in_the_other_is_refused(shared) -> None:
    with open_plan(shared) as anne, open_plan(shared) as bob:
        plan = anne.reader.load_plan()
        spain = next(m for m in plan.markets if m.country == "ES")
        gone = {p.id for p in plan.presences if p.market_id == spain.id}
        bob.repository.replace_decisions(dataclasses.replace(  # Bob's wizard drops Spain
            plan, markets=tuple(m for m in plan.markets if m.id != spain.id),
            presences=tuple(p for p in plan.presences if p.market_id != spain.id),
            cadence_rules=tuple(r for r in plan.cadence_rules if r.presence_id not in gone)), base=plan)
        new = Post(spain.id, "instagram", datetime(2027, 3, 3, 10, 0), spain.zone, title="For Spain")
        with pytest.raises(EditConflict):
            anne.repository.add_posts([new])
        anne.catch_up()
        assert spain.id not in {m.id for m in anne.reader.load_plan().markets}


def test_a_holiday_correction_and_settings_race(shared) -> None:
    from smplanner.domain.workload import WorkloadSettings

    with open_plan(shared) as anne, open_plan(shared) as bob:
        anne_service, bob_service = PlanningService(anne), PlanningService(bob)
        base = anne_service.workload_settings()
        bob_service.set_workload_settings(dataclasses.replace(base, adaptation_minutes=25), base)
        with pytest.raises(EditConflict, match="workload settings"):
            anne_service.set_workload_settings(dataclasses.replace(base, adaptation_minutes=30), base)
        anne.catch_up()
        assert anne_service.workload_settings() == dataclasses.replace(base, adaptation_minutes=25)
        assert isinstance(base, WorkloadSettings)
