#!/usr/bin/env bash
# Sets up a Debian 12 machine for Mandate, builds it (Release, into build/), then either starts
# the console on a demo store or runs every test suite through CTest.
#
#   installer/bootstrap.sh run  [console arguments...]
#   installer/bootstrap.sh test [ctest arguments...]
#
# Safe to run again: it installs only what is missing and lets CMake and Ninja decide what to
# rebuild. The exit code is that of the step that failed, or of the console or CTest.
set -euo pipefail

readonly packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-svg-dev libqt6svg6 qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev libssl-dev libsqlite3-dev sqlite3
    libbenchmark-dev desktop-file-utils appstream fonts-dejavu-core python3-jwcrypto
)
# Only needed to show the console on a machine without a screen (screenshots, CI).
readonly headless_packages=(xvfb xauth)
# Node.js runs the reference Cedar implementation (cedar-wasm) that the policy tests compare
# against and mandate-bench measures beside ours. Debian's packages, unless a Node.js with npm
# is already installed some other way (Debian's npm conflicts with other builds of nodejs).
readonly node_packages=(nodejs npm)
# The pinned peer package: its package.json and package-lock.json, installed with `npm ci`
# into the build tree (never into the source tree).
readonly cedar_peer_source=tests/policy/peer
readonly cedar_peer_dir=build/cedar-peer

say() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bootstrap: %s\n' "$*" >&2
    exit 1
}
usage() {
    cat >&2 <<'USAGE'
usage: installer/bootstrap.sh run  [console arguments...]
       installer/bootstrap.sh test [ctest arguments...]

run   install what is missing, build, create the demo store if absent and start the console
test  install what is missing, build, and run every test suite through CTest
USAGE
}

have_display() { [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; }

is_installed() {
    local status
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
    # "install ok installed", "hold ok installed"; not "deinstall ok config-files".
    [[ "$status" == *" installed" ]]
}

install_packages() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        die "this script expects Debian 12 (dpkg and apt-get); install by hand: ${packages[*]}"
    fi

    local wanted=("${packages[@]}") missing=() pkg
    have_display || wanted+=("${headless_packages[@]}")
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        wanted+=("${node_packages[@]}")
    fi
    for pkg in "${wanted[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        say "all packages present"
        return
    fi

    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null \
            || die "not root and no sudo: as root, run apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    say "installing packages: ${missing[*]}"
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}

configure() {
    local args=(-S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release)
    # Every option is passed each time, so that turning it off takes effect as well.
    if command -v ccache >/dev/null; then
        args+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    else
        args+=(-UCMAKE_C_COMPILER_LAUNCHER -UCMAKE_CXX_COMPILER_LAUNCHER)
    fi
    if [[ "${CI:-}" == true ]]; then
        args+=(-DMANDATE_WERROR=ON)
    else
        args+=(-DMANDATE_WERROR=OFF)
    fi
    # A build/ made earlier with another generator cannot be reused as is.
    if [[ -f build/CMakeCache.txt ]] \
        && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' build/CMakeCache.txt; then
        say "build/ was configured with another generator: configuring it afresh"
        args+=(--fresh)
    fi
    say "configuring"
    cmake "${args[@]}"
}

# Returns non-zero when the package could not be installed; the caller decides whether that
# stops the run (tests need it, the console does not).
install_cedar_peer() {
    local lock="$cedar_peer_source/package-lock.json" stamp="$cedar_peer_dir/.installed-lock.sha256"
    local want
    want=$(sha256sum <"$lock" | cut -d' ' -f1) || return 1
    if [[ -f "$stamp" && "$(cat -- "$stamp")" == "$want" && -d "$cedar_peer_dir/node_modules" ]]; then
        say "cedar-wasm (the reference Cedar implementation) present"
        return 0
    fi
    say "installing cedar-wasm (the reference Cedar implementation) into $cedar_peer_dir"
    mkdir -p -- "$cedar_peer_dir" || return 1
    rm -f -- "$stamp"
    cp -- "$cedar_peer_source/package.json" "$lock" "$cedar_peer_dir/" || return 1
    (cd -- "$cedar_peer_dir" && npm ci --no-audit --no-fund) || return 1
    printf '%s\n' "$want" >"$stamp"
}

build() {
    say "building"
    cmake --build build --parallel "$(nproc)"
}

ensure_demo_store() {
    local store=$1 dir
    if [[ -e "$store" ]]; then
        return
    fi
    dir=$(dirname -- "$store")
    if [[ ! -d "$dir" ]]; then
        mkdir -p -- "$dir"
        chmod 700 -- "$dir"
    fi
    # Generate under another name and rename at the end, so that an interrupted run never
    # leaves a half-made store that the next run would take as the real one.
    # SQLite's side files left behind by a deleted store would be applied to the new one.
    local partial="$dir/.partial-demo.mandate" suffix
    for suffix in '' -wal -shm -journal; do
        rm -f -- "$partial$suffix"
        [[ -z "$suffix" ]] || rm -f -- "$store$suffix"
    done
    say "creating the demo store: $store"
    local status=0
    "$root/build/bin/mandatectl" demo --db "$partial" || status=$?
    if ((status != 0)); then
        rm -f -- "$partial" "$partial-wal" "$partial-shm" "$partial-journal"
        printf 'bootstrap: mandatectl demo failed (exit code %d); no demo store was made\n' \
            "$status" >&2
        exit "$status"
    fi
    if [[ -f "$partial-wal" ]]; then
        mv -f -- "$partial-wal" "$store-wal"
    fi
    rm -f -- "$partial-shm" "$partial-journal"
    mv -f -- "$partial" "$store"
}

run_console() {
    : "${HOME:?HOME is not set}"
    local store="${XDG_DATA_HOME:-$HOME/.local/share}/Mandate/demo.mandate"
    ensure_demo_store "$store"
    # Back to the caller's folder, so that relative paths in the arguments mean what they say.
    cd -- "$caller_pwd"
    local console=("$root/build/bin/mandate" --demo --db "$store" "$@")
    if have_display; then
        say "starting the console"
        exec "${console[@]}"
    fi
    command -v xvfb-run >/dev/null || die "no display, and xvfb-run is missing"
    say "no display (DISPLAY and WAYLAND_DISPLAY are empty): starting the console under" \
        "xvfb-run, where nobody can see it; this is only useful with --screenshot FILE"
    exec xvfb-run -a "${console[@]}"
}

run_tests() {
    say "running the tests"
    exec ctest --test-dir build --output-on-failure --timeout 600 -j "$(nproc)" "$@"
}

main() {
    if (($# == 0)); then
        usage
        exit 2
    fi
    local command=$1
    shift
    case "$command" in
        run | test) ;;
        -h | --help | help)
            usage
            exit 0
            ;;
        *)
            printf 'bootstrap: unknown command: %s\n' "$command" >&2
            usage
            exit 2
            ;;
    esac

    caller_pwd=$PWD
    root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
    cd -- "$root"

    install_packages
    configure
    if ! install_cedar_peer; then
        [[ "$command" == test ]] && die "npm ci of $cedar_peer_source failed: the policy tests need cedar-wasm"
        say "cedar-wasm could not be installed: the console does not need it, going on"
    fi
    build
    case "$command" in
        run) run_console "$@" ;;
        test) run_tests "$@" ;;
    esac
}

main "$@"
