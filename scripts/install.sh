#!/usr/bin/env bash
# Installs a self-contained xpert: the release binary with the Swift standard library and
# runtime linked in (it needs only glibc and libstdc++, so it runs on cluster nodes without
# Swift), the bash, zsh and fish completions, and the man page.
#
#   scripts/install.sh [PREFIX]               (default: ~/.local)
#   scripts/install.sh --uninstall [PREFIX]   removes exactly what the install added
#
# What was installed, and which folders the install created, is listed in
# PREFIX/share/xpert/installed (what --uninstall reads). Running it again replaces the files.
set -euo pipefail

uninstall=false
if [ "${1:-}" = "--uninstall" ]; then
  uninstall=true
  shift
fi
case "${1:-}" in
  -h | --help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  -*)
    echo "error: unknown option $1 (scripts/install.sh [--uninstall] [PREFIX])" >&2
    exit 2
    ;;
esac
prefix="${1:-$HOME/.local}"
if $uninstall && [ ! -d "$prefix" ]; then
  echo "error: $prefix does not exist: xpert was not installed there" >&2
  exit 1
fi
prefix_created=false
if [ ! -d "$prefix" ]; then
  mkdir -p "$prefix" 2>/dev/null || {
    echo "error: cannot create $prefix; choose a PREFIX you can write to" >&2
    exit 1
  }
  prefix_created=true
fi
prefix="$(cd "$prefix" && pwd)"
manifest="$prefix/share/xpert/installed"

if $uninstall; then
  if [ ! -f "$manifest" ]; then
    echo "error: $manifest not found: xpert was not installed into $prefix by this script" >&2
    exit 1
  fi
  # Files first, then the folders the install created, deepest first, where they are empty.
  files="$(sed -n 's/^file //p' "$manifest")"
  created="$(sed -n 's/^folder //p' "$manifest.folders" 2>/dev/null || true)"
  while IFS= read -r path; do [ -z "$path" ] || rm -f "$path"; done <<<"$files"
  rm -f "$manifest" "$manifest.folders"
  while IFS= read -r path; do
    [ -z "$path" ] || rmdir "$path" 2>/dev/null || true
  done < <(printf '%s\n' "$created" | sort -r)
  echo "removed xpert from $prefix"
  exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
scratch="$here/.build-static"
# Quiet unless a step fails (then its output is shown).
quietly() {
  if ! "$@" >"$work/log" 2>&1; then
    cat "$work/log" >&2
    echo "error: $* failed" >&2
    exit 1
  fi
}
# The man page first: its generator builds xpert in release itself, without the flags below.
echo "writing the man page..."
mkdir -p "$work/man"
quietly swift package --scratch-path "$scratch" --allow-writing-to-directory "$work/man" \
  generate-manual --output-directory "$work/man"
echo "building xpert $commit (release, Swift runtime linked in; minutes the first time)..."
quietly swift build -c release --product xpert --static-swift-stdlib --scratch-path "$scratch" \
  -Xcc "-DXPERT_GIT_COMMIT=\"$commit\""
cp "$(swift build -c release --scratch-path "$scratch" --show-bin-path)/xpert" "$work/xpert"
binary="$work/xpert"
"$binary" --generate-completion-script bash >"$work/xpert.bash"
"$binary" --generate-completion-script zsh >"$work/_xpert"
"$binary" --generate-completion-script fish >"$work/xpert.fish"

# The folders this install creates (kept from an earlier install, so that --uninstall
# removes what the first one created).
folders=(bin share share/xpert share/bash-completion share/bash-completion/completions
  share/zsh share/zsh/site-functions share/fish share/fish/vendor_completions.d share/man
  share/man/man1)
created=()
if $prefix_created; then created+=("$prefix"); fi
for folder in "${folders[@]}"; do
  [ -d "$prefix/$folder" ] || created+=("$prefix/$folder")
done
mkdir -p "${folders[@]/#/$prefix/}"
if [ -f "$manifest.folders" ]; then
  while IFS= read -r line; do created+=("${line#folder }"); done <"$manifest.folders"
fi
printf 'folder %s\n' "${created[@]}" | sort -u | grep -v '^folder $' >"$manifest.folders" || true

install_file() { # source, destination (relative to the prefix), mode
  install -m "$3" "$1" "$prefix/$2.new"
  mv "$prefix/$2.new" "$prefix/$2"
  echo "file $prefix/$2" >>"$manifest.new"
  echo "  $prefix/$2"
}
: >"$manifest.new"
echo "installed:"
install_file "$binary" bin/xpert 755
install_file "$work/xpert.bash" share/bash-completion/completions/xpert 644
install_file "$work/_xpert" share/zsh/site-functions/_xpert 644
install_file "$work/xpert.fish" share/fish/vendor_completions.d/xpert.fish 644
install_file "$work/man/xpert.1" share/man/man1/xpert.1 644
mv "$manifest.new" "$manifest"

"$prefix/bin/xpert" --version
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add $prefix/bin to PATH, e.g. in ~/.bashrc: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
echo "completion: bash-completion loads $prefix/share/bash-completion/completions/xpert when"
echo "  $prefix/share is in XDG_DATA_DIRS (~/.local/share is by default); zsh: add"
echo "  fpath+=($prefix/share/zsh/site-functions) before compinit; fish: loads it by itself for"
echo "  ~/.local; man: man xpert (with $prefix/share/man in MANPATH, or man $prefix/share/man/man1/xpert.1)"
