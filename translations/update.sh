#!/usr/bin/env bash
# Re-extract smplanner's messages into translations/smplanner.pot and merge them into every language's catalogue.
#
#   translations/update.sh          after changing or adding messages in the code
#   translations/update.sh de       the same, and start a German catalogue first if there is none
#
# Uses the pybabel of the project's virtual environment (.venv/bin/pybabel) when there is one, else $PYBABEL or pybabel.
# Then translate the new, empty (and any "fuzzy") entries of translations/<language>/LC_MESSAGES/smplanner.po,
# and run the tests: tests/i18n checks that the template is current and that placeholders are kept.
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ -z "${PYBABEL:-}" ]]; then
    if [[ -x .venv/bin/pybabel ]]; then PYBABEL=.venv/bin/pybabel; else PYBABEL=pybabel; fi
fi
PYTHON="$(dirname "$(command -v "$PYBABEL")")/python"
[[ -x "$PYTHON" ]] || PYTHON=python3
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"

# The mapping ([tool.babel] in pyproject.toml) matches smplanner/**.py relative to ".", so extract from the root.
# N_ and pgettext are among pybabel's default keywords.
"$PYBABEL" --quiet extract \
    --mapping-file=pyproject.toml \
    --ignore-dirs='.* _* build dist venv tests' \
    --add-comments=TRANSLATORS: \
    --project=smplanner --version="$VERSION" \
    --copyright-holder='smplanner developers' \
    --output-file=translations/smplanner.pot \
    .

for language in "$@"; do
    if [[ ! -f "translations/$language/LC_MESSAGES/smplanner.po" ]]; then
        "$PYBABEL" init --domain=smplanner --input-file=translations/smplanner.pot \
            --output-dir=translations --locale="$language"
    fi
done

"$PYBABEL" --quiet update \
    --domain=smplanner \
    --input-file=translations/smplanner.pot \
    --output-dir=translations \
    --ignore-obsolete

# Catch a broken catalogue now rather than at start-up (the app compiles the .po files in memory).
for po in translations/*/LC_MESSAGES/smplanner.po; do
    "$PYBABEL" compile --statistics --domain=smplanner --input-file="$po" --output-file=/dev/null
done
