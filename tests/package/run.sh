#!/usr/bin/env bash
# The packaging test (./desk.sh package --test): builds the Linux packages of
# two versions (0.1.0 and 0.1.1, signed with the test-only key), then on this
# machine installs the .deb with apt, starts it under Xvfb, registers and
# prints cases through the installed program, removes, reinstalls, upgrades,
# downgrades, updates from a file (good, tampered, other key, wrong kind, not
# newer) and from an update address, and checks after each step that the
# user's register and every case in it are kept.
# Needs root and apt, and two release builds: not part of ./desk.sh test or CI.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
[ "$(id -u)" -eq 0 ] || { echo "run.sh installs packages: run it as root (sudo ./desk.sh package --test)"; exit 2; }

OLD=0.1.0
NEW=0.1.1
KEY="$HERE/keys/test-only-DO-NOT-USE.key"
OTHER_KEY="$HERE/keys/other-test-only-DO-NOT-USE.key"
PKGS="${CARGO_TARGET_DIR:-$ROOT/target}/packages"
WORK=$(mktemp -d /tmp/desk-package-test.XXXXXX)
TEST_HOME="$WORK/home"                    # the office user's home: the register lives here
REGISTER="$TEST_HOME/.local/share/cn.complaintdesk.register/register.sqlite3"
PORT=$((18000 + RANDOM % 1000))
TAURI="$HERE/node_modules/.bin/tauri"
mkdir -p "$TEST_HOME"

passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
step() { # step NAME FUNCTION: runs it, prints its output indented, counts it
  local name="$1"; shift
  echo "---- $name"
  if "$@" 2>&1 | sed 's/^/     /'; then ok "$name"; else fail "$name"; fi
}
smoke() { HOME="$TEST_HOME" xvfb-run -a -s "-screen 0 1400x1000x24" node "$HERE/smoke.mjs" /usr/bin/complaint-desk "$@"; }
cases_in_register() { sqlite3 "$REGISTER" "SELECT number FROM cases ORDER BY number" | tr '\n' ' ' | sed 's/ $//'; }
installed_version() { dpkg-query -W -f='${Version}' complaint-desk 2>/dev/null; }
apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; }
expect_eq() { [ "$1" = "$2" ] || { echo "expected [$2], got [$1]"; return 1; }; echo "$3: $1"; }

echo "== Tools the test needs: sqlite3, rpm (to read the .rpm), sudo (the updater's installer step)"
apt-get update -qq >/dev/null 2>&1
apt_install --no-install-recommends sqlite3 rpm sudo python3 >/dev/null

echo "== Building version $OLD and $NEW (signed with the test-only key)"
for v in "$OLD" "$NEW"; do
  ./desk.sh package --version "$v" --key "$KEY" --update-url "http://127.0.0.1:$PORT/" --out "$PKGS/$v" || { echo "FAIL building $v"; exit 1; }
done
DEB_OLD="$PKGS/$OLD/complaint-desk_${OLD}_amd64.deb"
DEB_NEW="$PKGS/$NEW/complaint-desk_${NEW}_amd64.deb"
RPM_NEW=$(ls "$PKGS/$NEW"/*.rpm | head -1)
ls -l "$PKGS/$OLD" "$PKGS/$NEW"

# A clean machine state: no program installed, no register.
apt-get remove -y -q complaint-desk >/dev/null 2>&1 || true

deb_metadata() {
  dpkg-deb -f "$DEB_OLD" Package Version Depends Maintainer Description | head -8
  expect_eq "$(dpkg-deb -f "$DEB_OLD" Package)" complaint-desk "Package"
  dpkg-deb -f "$DEB_OLD" Depends | grep -q 'libwebkit2gtk-4.1-0' || { echo "no WebKitGTK 4.1 in Depends"; return 1; }
  dpkg-deb -f "$DEB_OLD" Depends | grep -q 'fonts-noto-cjk' || { echo "no CJK font in Depends"; return 1; }
  local x; x=$(mktemp -d); dpkg-deb -x "$DEB_OLD" "$x"
  grep -E '^(Name|Name\[en\]|Exec|Icon)=' "$x/usr/share/applications/complaint-desk.desktop"
  grep -qx 'Name=投诉举报登记处理' "$x/usr/share/applications/complaint-desk.desktop" || return 1
  grep -qx 'Name\[en\]=Complaint Desk' "$x/usr/share/applications/complaint-desk.desktop" || return 1
  test -x "$x/usr/bin/complaint-desk" && ls "$x/usr/share/icons/hicolor/"
}
step "the .deb is complaint-desk, declares WebKitGTK 4.1 and a CJK font, and has a Chinese menu entry" deb_metadata

rpm_metadata() {
  rpm -qp --qf 'Name: %{NAME}\nVersion: %{VERSION}\nLicense: %{LICENSE}\n' "$RPM_NEW" 2>/dev/null
  rpm -qpR "$RPM_NEW" 2>/dev/null | grep -v '^rpmlib' | sed 's/^/Requires: /'
  expect_eq "$(rpm -qp --qf '%{LICENSE}' "$RPM_NEW" 2>/dev/null)" MIT "License"
  rpm -qpR "$RPM_NEW" 2>/dev/null | grep -q 'webkit2gtk4.1'
}
step "the .rpm is MIT-licensed and requires webkit2gtk4.1" rpm_metadata

install_pulls_dependencies() {
  # Take away one dependency nothing else needs, so the install must bring it back.
  apt-get remove -y -q fonts-noto-cjk >/dev/null 2>&1
  dpkg-query -W -f='${Status}\n' fonts-noto-cjk 2>/dev/null | grep -q '^install ok installed' && { echo "fonts-noto-cjk could not be removed first"; return 1; }
  echo "fonts-noto-cjk removed; apt-get install ./$(basename "$DEB_OLD"):"
  apt_install "$DEB_OLD" 2>&1 | grep -E '^(The following|  |Setting up|Unpacking)' | head -12
  expect_eq "$(installed_version)" "$OLD" "installed complaint-desk"
  dpkg-query -W -f='${Status}\n' fonts-noto-cjk | grep -q '^install ok installed' || { echo "apt did not bring fonts-noto-cjk back"; return 1; }
  echo "fonts-noto-cjk installed again by apt as a dependency"
  test -x /usr/bin/complaint-desk
}
step "apt-get install ./complaint-desk_${OLD}_amd64.deb installs it and pulls in its missing dependencies" install_pulls_dependencies

starts_under_xvfb() {
  # It must still be running after 8 s. On a new computer its first screen
  # asks which register to use: nothing is created before the office chooses.
  HOME="$TEST_HOME" xvfb-run -a /usr/bin/complaint-desk >"$WORK/start.log" 2>&1 &
  local runner=$! pid
  sleep 8
  pid=$(pgrep -f '^/usr/bin/complaint-desk$' | head -1)
  [ -n "$pid" ] || { echo "the program is not running after 8 s:"; cat "$WORK/start.log"; return 1; }
  echo "running after 8 s as pid $pid"
  kill "$pid"; wait "$runner" 2>/dev/null
  test ! -e "$REGISTER" || { echo "a register was created before the office chose one"; return 1; }
  echo "no register yet: the first screen asks which one to use"
}
step "the installed program starts under Xvfb and asks which register to use" starts_under_xvfb

step "smoke: choose this computer's register, set up the office and the administrator, register a case, print its slip" smoke first-run
FIRST=$(cases_in_register)
echo "     register holds: $FIRST"
[ -n "$FIRST" ] && ok "the first case is in the register in ~/.local/share/cn.complaintdesk.register" \
  || fail "the first case is in the register in ~/.local/share/cn.complaintdesk.register"

remove_keeps_register() {
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -q complaint-desk | grep -E '^Removing' || true
  [ -z "$(installed_version)" ] || [ "$(dpkg-query -W -f='${Status}' complaint-desk)" != "install ok installed" ] || return 1
  test ! -e /usr/bin/complaint-desk || { echo "/usr/bin/complaint-desk is still there"; return 1; }
  expect_eq "$(cases_in_register)" "$FIRST" "the register after removing"
}
step "apt-get remove takes the program away and keeps the user's register" remove_keeps_register

reinstall() { apt_install "$DEB_OLD" >/dev/null && expect_eq "$(installed_version)" "$OLD" "installed"; }
step "the same package installs again" reinstall
step "smoke: sign in to the kept register, register a second case, print its slip" smoke another
BOTH=$(cases_in_register)
echo "     register holds: $BOTH"
[ "$(echo "$BOTH" | wc -w)" -eq 2 ] && ok "the register holds both cases" || fail "the register holds both cases"

upgrade_keeps_cases() {
  apt_install "$DEB_NEW" 2>&1 | grep -E 'Unpacking|Setting up' || true
  expect_eq "$(installed_version)" "$NEW" "installed" && expect_eq "$(cases_in_register)" "$BOTH" "cases after the upgrade"
}
step "apt-get install of $NEW over $OLD upgrades it and keeps every case" upgrade_keeps_cases
# shellcheck disable=SC2086 # $BOTH is the list of case numbers
upgraded_smoke() { smoke version "$NEW" && smoke check $BOTH; }
step "smoke: the upgraded program says $NEW and lists both cases" upgraded_smoke

downgrade() { apt_install --allow-downgrades "$DEB_OLD" >/dev/null 2>&1; expect_eq "$(installed_version)" "$OLD" "installed"; }

# ---- update from a file ----------------------------------------------------
FILES="$WORK/files"; mkdir -p "$FILES/tampered" "$FILES/other-key" "$FILES/good" "$FILES/rpm"
cp "$DEB_NEW" "$DEB_NEW.sig" "$FILES/tampered/"
T="$FILES/tampered/$(basename "$DEB_NEW")"
size=$(stat -c %s "$T"); printf '\x00' | dd of="$T" bs=1 seek=$((size / 2)) conv=notrunc status=none
cp "$DEB_NEW" "$FILES/other-key/"
"$TAURI" signer sign -f "$OTHER_KEY" -p "" --app-version "$NEW" "$FILES/other-key/$(basename "$DEB_NEW")" >/dev/null 2>&1
cp "$DEB_NEW" "$DEB_NEW.sig" "$FILES/good/"
cp "$RPM_NEW" "$RPM_NEW.sig" "$FILES/rpm/"

step "downgrade to $OLD for the update tests" downgrade
step "update from a file: a tampered package is refused" smoke update-file "$T" update_tampered
step "update from a file: a package signed by another key is refused" smoke update-file "$FILES/other-key/$(basename "$DEB_NEW")" update_other_key
step "update from a file: an .rpm offered to a .deb installation is refused" smoke update-file "$FILES/rpm/$(basename "$RPM_NEW")" update_wrong_kind
expect_old() { expect_eq "$(installed_version)" "$OLD" "still installed after the refusals"; }
step "nothing was installed by the refused files" expect_old
step "update from a file: the signed $NEW package is verified and installed" smoke update-file "$FILES/good/$(basename "$DEB_NEW")" installed
after_file_update() { expect_eq "$(installed_version)" "$NEW" "installed" && expect_eq "$(cases_in_register)" "$BOTH" "cases"; }
step "after the file update $NEW is installed and every case is kept" after_file_update
step "update from a file: the same version again is refused as not newer" smoke update-file "$FILES/good/$(basename "$DEB_NEW")" update_not_newer

# ---- update from an address (the updater plugin over HTTP on loopback) ------
SERVE="$WORK/serve"; mkdir -p "$SERVE"
cp "$PKGS/$NEW"/latest.json "$DEB_NEW" "$DEB_NEW.sig" "$SERVE/"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SERVE" >"$WORK/http.log" 2>&1 &
HTTP_PID=$!
sleep 1
step "downgrade to $OLD again for the online update" downgrade
step "update from http://127.0.0.1:$PORT/: the program finds $NEW, checks its signature and installs it" smoke update-online "http://127.0.0.1:$PORT/" "$NEW"
after_online_update() { expect_eq "$(installed_version)" "$NEW" "installed" && expect_eq "$(cases_in_register)" "$BOTH" "cases"; }
step "after the online update $NEW is installed and every case is kept" after_online_update
kill "$HTTP_PID" 2>/dev/null

purge_keeps_register() {
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -q complaint-desk >/dev/null
  test ! -e /usr/bin/complaint-desk && expect_eq "$(cases_in_register)" "$BOTH" "the register after purging"
}
step "apt-get purge also keeps the user's register" purge_keeps_register

apt-mark manual fonts-noto-cjk >/dev/null 2>&1 || true
rm -rf "$WORK"
echo
echo "package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
