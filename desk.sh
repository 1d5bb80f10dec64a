#!/usr/bin/env bash
# Complaint Desk — the two commands of the README.
#
#   ./desk.sh run  [--db FILE]   install what is missing, build, launch the app
#   ./desk.sh test               install what is missing, run every check and test
#
# Works on a fresh Debian/Ubuntu machine: installs the system libraries Tauri
# needs, a CJK font, poppler (pdftotext), Xvfb and WebKitWebDriver with apt,
# the UI's npm packages with npm ci, and tauri-driver with cargo.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
# rustup's cargo and what `cargo install` puts there (tauri-driver).
export PATH="${HOME:-/root}/.cargo/bin:$PATH"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

SYSTEM_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev xdg-utils
  xvfb xauth webkit2gtk-driver poppler-utils fonts-noto-cjk
)

install_system() {
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "Installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  command -v node >/dev/null || { echo "Node.js 20+ with npm is needed (https://nodejs.org or apt-get install nodejs npm)"; exit 1; }
  command -v cargo >/dev/null || { echo "Rust is needed: https://rustup.rs"; exit 1; }
}

install_npm() {
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "Installing the UI's npm packages"
    (cd ui && npm ci --no-audit --no-fund)
  fi
}

build_ui() {
  say "Building the UI"
  (cd ui && npm run build)
}

cmd_run() {
  install_system
  install_npm
  build_ui
  say "Building the desktop app (release; the first build takes several minutes)"
  # The shell's default feature `custom-protocol` embeds ui/dist, so a plain
  # cargo release build is the production app (no dev server involved).
  cargo build --release -p complaint-desk
  local bin="${CARGO_TARGET_DIR:-$ROOT/target}/release/complaint-desk"
  say "Starting Complaint Desk"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting under a virtual display (xvfb-run)."
    exec xvfb-run -a "$bin" "$@"
  fi
  exec "$bin" "$@"
}

cmd_test() {
  install_system
  install_npm
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver (2.x) for the end-to-end test"
    cargo install tauri-driver --version '^2' --locked
  fi

  say "Formatting (cargo fmt --check)"
  cargo fmt --all -- --check

  say "UI: type check, unit tests, build"
  (cd ui && npm run check && npm test && npm run build)

  say "Lints (clippy -D warnings)"
  cargo clippy --workspace --all-targets -- -D warnings

  say "Rust tests (unit, integration, documents)"
  cargo test --workspace

  say "End-to-end: the real app under Xvfb through WebDriver"
  cargo build -p complaint-desk
  xvfb-run -a -s "-screen 0 1400x1000x24" node tests/e2e/run.mjs "${CARGO_TARGET_DIR:-$ROOT/target}/debug/complaint-desk"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *) echo "usage: ./desk.sh run [--db FILE] | ./desk.sh test"; exit 2 ;;
esac
