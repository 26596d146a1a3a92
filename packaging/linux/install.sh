#!/bin/sh
# Installs the smplanner program folder (the PyInstaller bundle) for the current user, with its menu entry, icon and
# plan file type, so that a double-click on a .smplan file opens it; --uninstall removes exactly what it installed.
#
#     ./install.sh --user               from the unpacked program folder (it holds this script)
#     ./install.sh --user --uninstall
#     packaging/linux/install.sh --user [--bundle dist/smplanner]    from a checkout, after building the bundle
#
# Where things go (XDG base directories; XDG_DATA_HOME defaults to ~/.local/share):
#     $XDG_DATA_HOME/org.smplanner.SMPlanner/            the program folder
#     $XDG_DATA_HOME/applications/org.smplanner.SMPlanner.desktop
#     $XDG_DATA_HOME/mime/packages/org.smplanner.SMPlanner.xml
#     $XDG_DATA_HOME/icons/hicolor/<size>/apps/org.smplanner.SMPlanner.{png,svg}
#     ~/.local/bin/smplanner                             a link to the program, unless that name is already taken
# Your plans, settings and backups are elsewhere and are never touched.
set -eu

APP_ID=org.smplanner.SMPlanner
ICON_SIZES="16 24 32 48 64 128 256 512"

usage() {
    echo "usage: install.sh --user [--uninstall] [--bundle FOLDER]" >&2
    exit 2
}

fail() {
    echo "install.sh: $*" >&2
    exit 1
}

user=no
action=install
bundle=
while [ $# -gt 0 ]; do
    case "$1" in
        --user) user=yes ;;
        --uninstall) action=uninstall ;;
        --bundle)
            [ $# -ge 2 ] || usage
            bundle=$2
            shift
            ;;
        -h | --help) usage ;;
        *) echo "install.sh: unknown option: $1" >&2; usage ;;
    esac
    shift
done
if [ "$user" != yes ]; then
    echo "install.sh: only --user is supported (a distribution package installs smplanner for every user)" >&2
    usage
fi
[ -n "${HOME:-}" ] || fail "HOME is not set"

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
case "$data_home" in /*) ;; *) data_home=$HOME/.local/share ;; esac # the XDG spec ignores a relative path
program=$data_home/$APP_ID
bin_dir=$HOME/.local/bin
created_list=$program/.install-created-folders

# The folders this installation creates, so that uninstalling removes them again and nothing more.
created=
make_folder() {
    if [ ! -d "$1" ]; then
        parent=$(dirname "$1")
        make_folder "$parent"
        mkdir "$1"
        created="$created$1
"
    fi
}

refresh_databases() {
    if [ -d "$data_home/mime/packages" ] && command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data_home/mime" >/dev/null
    fi
    if [ -d "$data_home/applications" ] && command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data_home/applications" >/dev/null
    fi
    if [ -d "$data_home/icons/hicolor" ]; then
        touch "$data_home/icons/hicolor" # icon caches are rebuilt when the theme folder is newer than them
        if [ -f "$data_home/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache --quiet "$data_home/icons/hicolor" || true
        fi
    fi
}

# Exec= quoting of the desktop entry specification: inside double quotes, escape " ` $ and \ with a backslash, then
# double every backslash, as the value is also a string in which a backslash escapes.
exec_quote() {
    printf '"%s"' "$(printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g')"
}

install_program() {
    source_dir=${bundle:-}
    if [ -z "$source_dir" ]; then
        here=$(cd "$(dirname "$0")" && pwd)
        if [ -x "$here/smplanner" ] && [ -d "$here/_internal" ]; then
            source_dir=$here
        else
            source_dir=$here/../../dist/smplanner
        fi
    fi
    [ -x "$source_dir/smplanner" ] && [ -d "$source_dir/share" ] ||
        fail "no smplanner program folder at $source_dir (build it as packaging/README.md says, or give --bundle FOLDER)"
    source_dir=$(cd "$source_dir" && pwd)
    [ "$source_dir" != "$program" ] || fail "$program is already the installed program"

    if [ -d "$program" ]; then # an earlier installation: replace it, keeping its record of created folders
        [ -f "$created_list" ] && created=$(cat "$created_list")
        [ -n "$created" ] && created="$created
"
        rm -rf "$program"
    fi
    make_folder "$data_home"
    staging=$data_home/.$APP_ID.installing
    rm -rf "$staging"
    cp -R "$source_dir" "$staging"
    mv "$staging" "$program"
    "$program/smplanner" --version >/dev/null || fail "the installed program does not start: $program/smplanner"

    make_folder "$data_home/applications"
    sed -e "s|^Exec=smplanner |Exec=$(exec_quote "$program/smplanner" | sed 's/[|&\\]/\\&/g') |" \
        -e "s|^TryExec=.*|TryExec=$(printf '%s' "$program/smplanner" | sed 's/[|&\\]/\\&/g')|" \
        "$program/share/applications/$APP_ID.desktop" >"$data_home/applications/$APP_ID.desktop"

    make_folder "$data_home/mime/packages"
    cp "$program/share/mime/packages/$APP_ID.xml" "$data_home/mime/packages/$APP_ID.xml"

    for size in $ICON_SIZES; do
        make_folder "$data_home/icons/hicolor/${size}x$size/apps"
        cp "$program/share/icons/hicolor/${size}x$size/apps/$APP_ID.png" \
            "$data_home/icons/hicolor/${size}x$size/apps/$APP_ID.png"
    done
    make_folder "$data_home/icons/hicolor/scalable/apps"
    cp "$program/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$data_home/icons/hicolor/scalable/apps/$APP_ID.svg"

    command_note=
    if [ -L "$bin_dir/smplanner" ] && [ "$(readlink "$bin_dir/smplanner")" = "$program/smplanner" ]; then
        :
    elif [ -e "$bin_dir/smplanner" ] || [ -L "$bin_dir/smplanner" ]; then
        command_note="$bin_dir/smplanner already exists and is not ours: it was left as it is"
    else
        make_folder "$bin_dir"
        ln -s "$program/smplanner" "$bin_dir/smplanner"
    fi
    case ":${PATH:-}:" in
        *":$bin_dir:"*) ;;
        *) [ -n "$command_note" ] || command_note="To type smplanner in a terminal, add $bin_dir to your PATH." ;;
    esac

    # update-mime-database makes a folder per media type; an empty one is left behind when the last type goes.
    [ -d "$data_home/mime/application" ] || created="$created$data_home/mime/application
"
    printf '%s' "$created" | sed '/^$/d' >"$created_list"
    refresh_databases
    echo "smplanner is installed: open it from your applications menu, or double-click a .smplan plan."
    echo "Program folder: $program"
    [ -z "$command_note" ] || echo "$command_note"
    return 0
}

uninstall_program() {
    [ -d "$program" ] || fail "smplanner is not installed for this user (no $program)"
    [ -f "$created_list" ] && created=$(cat "$created_list")

    rm -f "$data_home/applications/$APP_ID.desktop" "$data_home/mime/packages/$APP_ID.xml"
    for size in $ICON_SIZES; do
        rm -f "$data_home/icons/hicolor/${size}x$size/apps/$APP_ID.png"
    done
    rm -f "$data_home/icons/hicolor/scalable/apps/$APP_ID.svg"
    if [ -L "$bin_dir/smplanner" ] && [ "$(readlink "$bin_dir/smplanner")" = "$program/smplanner" ]; then
        rm -f "$bin_dir/smplanner"
    fi
    rm -rf "$program"

    # A database this installation started, now describing nothing, goes with it; any other is brought up to date.
    for folder in "$data_home/mime" "$data_home/applications"; do
        if printf '%s\n' "$created" | grep -qxF "$folder"; then
            case "$folder" in
                */mime) leftover=$(find "$folder/packages" -type f -name '*.xml' 2>/dev/null | head -n 1) ;;
                *) leftover=$(find "$folder" -type f -name '*.desktop' 2>/dev/null | head -n 1) ;;
            esac
            [ -n "$leftover" ] || rm -rf "$folder"
        fi
    done
    refresh_databases

    # The folders it created, deepest first, when nothing else has been put in them since.
    printf '%s\n' "$created" | sed '/^$/d' | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2- |
        while IFS= read -r folder; do
            [ ! -d "$folder" ] || rmdir "$folder" 2>/dev/null || true
        done
    echo "smplanner is uninstalled. Your plans, settings and backups were not touched."
}

if [ "$action" = install ]; then
    install_program
else
    uninstall_program
fi
