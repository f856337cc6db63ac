# shellcheck shell=bash
# encryption_bin.sh — sourced by bench/encryption*.sh: the binary of an older commit.
#
#   old_bin REV LOG    prints the path of REV's build/ureg, built once in a temporary git
#                      worktree under /tmp (removed again) and kept as /tmp/ureg-bench-bin/ureg-<sha>
#                      so that a second run does not build it again; LOG gets the build's output.
#   enc_rev            the commit that added migration 030_pii_at_rest (7908862): personal data
#                      at rest landed there;
#   before_rev         its parent (559f70c): the last commit without it.
enc_rev() {
    local landed
    landed=$(git log --diff-filter=A --format=%H -- src/store/migrations/030_pii_at_rest.sql | tail -1)
    [ -n "$landed" ] || { echo "bench: no commit adds migration 030 in this history" >&2; return 1; }
    echo "$landed"
}

before_rev() { git rev-parse "$(enc_rev)^"; }

old_bin() {
    local sha bin src
    sha=$(git rev-parse "$1")
    bin=/tmp/ureg-bench-bin/ureg-$sha
    if [ ! -x "$bin" ]; then
        mkdir -p /tmp/ureg-bench-bin
        src=$(mktemp -d /tmp/ureg-bench-src-XXXXXX)
        rmdir "$src"
        echo "bench: building $(git log --oneline -1 "$sha" | cut -c1-90) in $src" >&2
        git worktree add -q --detach "$src" "$sha"
        ln -s "$PWD/node_modules" "$src/node_modules"
        if ! nice make -C "$src" -s -j2 build/ureg > "$2" 2>&1; then
            echo "bench: $sha does not build:" >&2
            tail -20 "$2" >&2
            git worktree remove --force "$src"
            return 1
        fi
        cp "$src/build/ureg" "$bin.tmp"
        mv "$bin.tmp" "$bin"
        git worktree remove --force "$src"
    fi
    echo "$bin"
}
