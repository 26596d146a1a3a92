"""Platform display names, read from the resources catalogue."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    text = (resources.files("smplanner.resources") / "platforms.json").read_text(encoding="utf-8")
    return {entry["id"]: entry["name"] for entry in json.loads(text)["platforms"]}


def platform_name(platform_id: str) -> str:
    """The platform's own (untranslated) name, or its id when the catalogue does not know it."""
    return _names().get(platform_id, platform_id)
