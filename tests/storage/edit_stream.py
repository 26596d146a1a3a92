"""Open a plan and edit it forever, one transaction at a time, reporting each edit once its commit has returned.

    python tests/storage/edit_stream.py PLAN SEED

Output, one line per finished edit (flushed at once, so a line on stdout means "saved"):
    ready
    add <edit number> <post id>...      new posts (usually one, sometimes a batch of many in one transaction)
    title <edit number> <post id>       a post's title set to "edit <edit number> …"
The kill test stops this process with SIGKILL at a random moment and checks that every reported edit survived.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from smplanner.domain.plan import Post, PostVersion
from smplanner.storage.plan_file import PlanFile

BATCH_EVERY = 7
BATCH_SIZE = 300


def title_for(edit: int) -> str:
    return "edit {n} 編集 ✍".format(n=edit)


def edit_number(title: str) -> int | None:
    """The edit that last set a title, or None for a title this script never wrote."""
    parts = title.split()
    return int(parts[1]) if len(parts) > 1 and parts[0] == "edit" and parts[1].isdigit() else None


def main(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    plan_file = PlanFile.open(path)
    repository = plan_file.repository
    market = repository.load_plan().markets[0]
    posts = {post.id: post for post in repository.posts()}
    start = datetime(2027, 2, 1, 9, 0)
    print("ready", flush=True)
    edit = 0
    while True:
        edit += 1
        if edit % 2 or not posts:
            count = BATCH_SIZE if edit % BATCH_EVERY == 0 else 1
            new = [
                Post(market.id, "linkedin", start + timedelta(minutes=rng.randrange(500_000)), market.zone,
                     title=title_for(edit), versions=(PostVersion("ja", "本文 " * rng.randrange(1, 40)),))
                for _ in range(count)
            ]
            repository.add_posts(new)
            posts.update((post.id, post) for post in new)
            print("add", edit, *(post.id for post in new), flush=True)
        else:
            post = posts[rng.choice(list(posts))]
            post = dataclasses.replace(post, title=title_for(edit), edited=True)
            posts[post.id] = repository.save_post(post)
            print("title", edit, post.id, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
