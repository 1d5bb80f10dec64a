#!/usr/bin/env bash
# Complaint Desk — the two commands of the README.
#
#   ./desk.sh run  [--db FILE]   install what is missing, build, launch the app
#   ./desk.sh test               install what is missing, run every check and test
#   ./desk.sh package [OPTIONS]  build the installers this machine can build (.deb, .rpm)
#   ./desk.sh package --test     build two versions and test install/upgrade/update/remove
#                                (root, apt, two release builds: not part of `test`)
#
# Works on a fresh Debian/Ubuntu machine: installs the system libraries Tauri
# needs, a CJK font, poppler (pdftotext), Xvfb, WebKitWebDriver and CUPS with
# a virtual PDF printer (for the print test) with apt,
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
  xvfb xauth webkit2gtk-driver poppler-utils fonts-noto-cjk chromium
  cups printer-driver-cups-pdf
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

# playwright-core for the browser seats' test (it drives Debian's chromium;
# it downloads no browser).
install_e2e_npm() {
  if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    say "Installing the end-to-end test's npm packages"
    (cd tests/e2e && npm ci --no-audit --no-fund)
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

# The virtual printer the end-to-end test prints to: CUPS with cups-pdf,
# whose jobs land as PDF files in $HOME/PDF.
start_printer() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! lpstat -r 2>/dev/null | grep -q "is running"; then
    $sudo /usr/sbin/cupsd
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      lpstat -r 2>/dev/null | grep -q "is running" && break
      sleep 0.5
    done
  fi
  if ! lpstat -e 2>/dev/null | grep -qx VirtualPDF; then
    $sudo lpadmin -p VirtualPDF -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd 2>/dev/null
  fi
}

cmd_test() {
  install_system
  install_npm
  install_e2e_npm
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
  start_printer
  cargo build -p complaint-desk -p desk-host
  local bin="${CARGO_TARGET_DIR:-$ROOT/target}/debug"
  xvfb-run -a -s "-screen 0 1920x1200x24" node tests/e2e/run.mjs "$bin/complaint-desk"

  say "End-to-end: the office network — desk serve, browser seats (chromium), a desktop seat"
  xvfb-run -a -s "-screen 0 1400x1000x24" node tests/e2e/network.mjs "$bin/desk" "$bin/complaint-desk"

  say "End-to-end: the app's start and idle memory with 100,000 cases (figures, debug build)"
  local big
  big="$(mktemp -d)"
  "$bin/desk-bench" --make-register "$big/register.sqlite3" --cases 100000
  xvfb-run -a -s "-screen 0 1400x1000x24" node tests/e2e/startup.mjs "$bin/complaint-desk" "$big/register.sqlite3" 3
  rm -rf "$big"
}

package_usage() {
  cat <<'USAGE'
usage: ./desk.sh package [--version V] [--key FILE] [--update-url URL] [--out DIR]
       ./desk.sh package --test

  --version V       package as version V (default: src-tauri/tauri.conf.json)
  --key FILE        sign updates with this private key (made by `tauri signer
                    generate`; its public half FILE.pub goes into the program);
                    password in TAURI_SIGNING_PRIVATE_KEY_PASSWORD (default none).
                    Without a key the program is built without updates.
  --update-url URL  the folder the office publishes updates in (http or https);
                    writes latest.json for it next to the packages
  --out DIR         copy the packages there (default target/packages/VERSION)
  --test            run tests/package/run.sh (install, upgrade, update, remove)
USAGE
}

# The Tauri CLI (npm @tauri-apps/cli 2.x), kept in tests/package so the
# everyday build and test never download it.
install_cli() {
  if [ ! -x tests/package/node_modules/.bin/tauri ] || [ tests/package/package-lock.json -nt tests/package/node_modules/.package-lock.json ]; then
    say "Installing the Tauri CLI (npm @tauri-apps/cli 2.x)"
    (cd tests/package && npm ci --no-audit --no-fund)
  fi
}

cmd_package() {
  local version="" key="" update_url="" out=""
  while (($#)); do
    case "$1" in
      --test) shift; exec bash tests/package/run.sh "$@" ;;
      --version) version="$2"; shift 2 ;;
      --key) key="$2"; shift 2 ;;
      --update-url) update_url="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      -h|--help) package_usage; exit 0 ;;
      *) package_usage; exit 2 ;;
    esac
  done
  install_system
  install_npm
  install_cli
  build_ui
  local tauri="$ROOT/tests/package/node_modules/.bin/tauri"
  [ -n "$version" ] || version=$(node -p 'require("./src-tauri/tauri.conf.json").version')

  # The update key: --key FILE (and FILE.pub), or TAURI_SIGNING_PRIVATE_KEY and
  # DESK_UPDATE_PUBKEY from the environment (the release workflow's secrets).
  local pubkey="${DESK_UPDATE_PUBKEY:-}"
  if [ -n "$key" ]; then
    [ -f "$key" ] && [ -f "$key.pub" ] || { echo "--key $key: the key file or its public half $key.pub is missing (make them with: $tauri signer generate -w $key)"; exit 2; }
    export TAURI_SIGNING_PRIVATE_KEY="$(cat "$key")"
    pubkey="$(cat "$key.pub")"
  fi
  export TAURI_SIGNING_PRIVATE_KEY_PASSWORD="${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}"
  if [ -n "$pubkey" ] && [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
    echo "DESK_UPDATE_PUBKEY is set but TAURI_SIGNING_PRIVATE_KEY is not: the updates could not be signed"; exit 2
  fi
  local config
  config=$(VERSION="$version" PUBKEY="$pubkey" node -e '
    const c = { version: process.env.VERSION };
    if (process.env.PUBKEY) {
      c.bundle = { createUpdaterArtifacts: true };
      c.plugins = { updater: { pubkey: process.env.PUBKEY } };
    }
    console.log(JSON.stringify(c));')

  # AppImage needs linuxdeploy, which the bundler downloads from GitHub.
  local bundles="deb,rpm"
  if [ -f "${HOME:-/root}/.cache/tauri/linuxdeploy-x86_64.AppImage" ] || curl -sfI --max-time 10 https://github.com >/dev/null 2>&1; then
    bundles="deb,rpm,appimage"
  else
    echo "Note: GitHub is not reachable from here, so the AppImage (its tool linuxdeploy is downloaded from GitHub) is skipped; the .deb and .rpm are built."
  fi

  say "Building the installers ($bundles) of version $version (release build; the first one takes several minutes)"
  [ -n "$pubkey" ] || echo "No update key given (--key): this build cannot update itself; see the README, Installing and updating."
  (cd src-tauri && "$tauri" build --ci --bundles "$bundles" --config "$config")

  local bundle_dir="${CARGO_TARGET_DIR:-$ROOT/target}/release/bundle"
  out="${out:-${CARGO_TARGET_DIR:-$ROOT/target}/packages/$version}"
  rm -rf "$out" && mkdir -p "$out"
  local f
  for f in "$bundle_dir"/deb/*_"$version"_*.deb "$bundle_dir"/rpm/*-"$version"-*.rpm "$bundle_dir"/appimage/*_"$version"_*.AppImage; do
    [ -f "$f" ] || continue
    cp "$f" "$out/"
    if [ -n "$pubkey" ]; then
      # The bundler signs (createUpdaterArtifacts); sign here when it did not.
      if [ -f "$f.sig" ]; then cp "$f.sig" "$out/"; else
        "$tauri" signer sign --app-version "$version" "$out/$(basename "$f")" >/dev/null
      fi
    fi
  done
  if [ -n "$update_url" ] && [ -n "$pubkey" ]; then
    OUT="$out" URL="$update_url" VERSION="$version" node "$ROOT/tests/package/latest-json.mjs"
  fi
  say "Packages of version $version"
  ls -l "$out"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  package) shift; cmd_package "$@" ;;
  *) echo "usage: ./desk.sh run [--db FILE] | ./desk.sh test | ./desk.sh package [--test] (--help)"; exit 2 ;;
esac
