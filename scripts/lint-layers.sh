#!/usr/bin/env bash
# lint-layers.sh — fail on an #include that goes up or sideways in the layers of src/.
#
# The layers (docs/architecture.md), arrows pointing down only:
#
#   src/main.c, src/cli/  → cli, http, app, base; rules/idnum.h, rules/workday.h, rules/verify.h
#   src/http/             → http, app, base; rules/codes.h, rules/region.h, rules/vocab.h,
#                           rules/exit.h
#   src/app/              → app, store, rules, base
#   src/store/            → store, rules, base
#   src/rules/            → rules, base
#   src/base/             → base
#
# The rules headers allowed above app/ are pure look-ups and checks over shipped tables, with no
# state, no I/O and no policy: the CLI's `id check`, `workdays add|is` and the source names of
# `import`/`compare` are those functions themselves (idnum, workday, verify), and the HTTP
# handlers render region names, code-table labels and status names (region, codes, vocab) and
# the exit reasons' rule table with the exit_reason codes (exit).
# Wrapping them in app_ functions would add pass-throughs and no protection; any other rules
# header stays below app/.
#
# And src/http, src/cli and src/main.c never include app/app_priv.h (the definition of
# struct app): above app/ the context is opaque. System headers (<...>) are not checked, nor are
# test/ and fuzz/ (tests may reach any layer). A quoted include must name its layer
# ("layer/file.h"). Prints FILE:LINE: and the reason for each violation; exits 1 if any.
#
# Usage: scripts/lint-layers.sh [ROOT]   (ROOT defaults to the repository; its src/ is checked)
set -u
root=${1:-"$(dirname "$0")/.."}
cd "$root" || exit 2

# allowed LAYER: the layers and single headers files of LAYER may include
allowed() {
    case $1 in
    main | cli) echo "cli http app base rules/idnum.h rules/workday.h rules/verify.h" ;;
    http) echo "http app base rules/codes.h rules/region.h rules/vocab.h rules/exit.h" ;;
    app) echo "app store rules base" ;;
    store) echo "store rules base" ;;
    rules) echo "rules base" ;;
    base) echo "base" ;;
    *) echo "" ;;
    esac
}

status=0
report() {
    echo "$1: $2"
    status=1
}

while IFS= read -r file; do
    case $file in
    src/main.c) layer=main ;;
    src/*/*)
        layer=${file#src/}
        layer=${layer%%/*}
        ;;
    *) continue ;;
    esac
    ok=$(allowed "$layer")
    if [ -z "$ok" ]; then
        report "$file:1" "unknown layer '$layer' (add it to scripts/lint-layers.sh)"
        continue
    fi
    while IFS=: read -r line inc; do
        inc=${inc#*\"}
        inc=${inc%%\"*}
        target=${inc%%/*}
        if [ "$target" = "$inc" ]; then
            report "$file:$line" "#include \"$inc\" does not name its layer (write \"layer/$inc\")"
            continue
        fi
        if [ "$inc" = app/app_priv.h ] && [ "$layer" != app ]; then
            report "$file:$line" "$layer/ includes app/app_priv.h: struct app is opaque above app/"
            continue
        fi
        pass=0
        for a in $ok; do
            if [ "$a" = "$target" ] || [ "$a" = "$inc" ]; then
                pass=1
                break
            fi
        done
        [ $pass = 1 ] ||
            report "$file:$line" "$layer/ may not include \"$inc\" (allowed: $ok)"
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file")
done < <(find src -name '*.[ch]' | sort)

[ $status = 0 ] || echo "lint-layers: includes must point down the layers (see the comment in scripts/lint-layers.sh)"
exit $status
