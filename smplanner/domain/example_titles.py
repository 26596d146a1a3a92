"""The example plans' names and titles, apart from their content so that menus can list them cheaply."""

from __future__ import annotations

from smplanner.i18n import N_

EXAMPLE_TITLES: tuple[tuple[str, str, str], ...] = (
    ("confectioner", N_("Born-Global confectioner (UK, Japan, Spain, China)"),
     N_("A two-person sweet maker selling to four distant markets at once; kept over its actors' hours on "
        "purpose, to show the Workload tab's findings and the options that apply in one click.")),
    ("consultancy", N_("Consultancy going to France, then Québec"),
     N_("A progressive, stage-by-stage entry: the close market first.")),
    ("training", N_("Training firm in France and Cameroon"),
     N_("A small team running presences with an agency and a partner abroad.")),
)
"""(name, title, description) of each example; titles and descriptions are translated where shown."""
