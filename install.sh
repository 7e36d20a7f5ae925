#!/bin/sh
# Builds pulse-hooks from this checkout and installs the binary, shell completions and man page
# under PREFIX (default: ~/.local). `sh install.sh --uninstall` removes them again.
set -eu

PREFIX="${PREFIX:-$HOME/.local}"
here=$(cd "$(dirname "$0")" && pwd)

bin="$PREFIX/bin/pulse-hooks"
bash_completion="$PREFIX/share/bash-completion/completions/pulse-hooks"
zsh_completion="$PREFIX/share/zsh/site-functions/_pulse-hooks"
fish_completion="$PREFIX/share/fish/vendor_completions.d/pulse-hooks.fish"
man_page="$PREFIX/share/man/man1/pulse-hooks.1"

usage() {
    echo "usage: sh install.sh [--uninstall]"
    echo "  installs under PREFIX (now: $PREFIX); set PREFIX=/usr/local to change it"
}

fail() {
    echo "error: $1" >&2
    [ -n "${2:-}" ] && printf '\nhint: %s\n' "$2" >&2
    exit 2
}

put() {
    # put SOURCE TARGET MODE
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.tmp.$$"
    chmod "$3" "$2.tmp.$$"
    mv "$2.tmp.$$" "$2"
    echo "  $2"
}

install_all() {
    command -v cargo >/dev/null 2>&1 ||
        fail "cargo was not found" "install Rust with rustup, then run this script again"
    echo "building pulse-hooks (release)…"
    (cd "$here" && cargo build --locked --release)
    target="${CARGO_TARGET_DIR:-$here/target}"
    echo "installing:"
    put "$target/release/pulse-hooks" "$bin" 755
    put "$here/completions/pulse-hooks.bash" "$bash_completion" 644
    put "$here/completions/_pulse-hooks" "$zsh_completion" 644
    put "$here/completions/pulse-hooks.fish" "$fish_completion" 644
    put "$here/man/pulse-hooks.1" "$man_page" 644
    case ":${PATH:-}:" in
        *":$PREFIX/bin:"*) ;;
        *) printf '\nhint: %s is not on your PATH; add it, e.g. export PATH="%s:%sPATH"\n' "$PREFIX/bin" "$PREFIX/bin" '$' >&2 ;;
    esac
    "$bin" --version
}

uninstall_all() {
    for file in "$bin" "$bash_completion" "$zsh_completion" "$fish_completion" "$man_page"; do
        if [ -e "$file" ]; then
            rm -f "$file"
            echo "removed $file"
        fi
    done
}

case "${1:-}" in
    "") install_all ;;
    --uninstall) uninstall_all ;;
    -h | --help) usage ;;
    *) usage >&2; fail "unknown argument: $1" "run \`sh install.sh --help\`" ;;
esac
