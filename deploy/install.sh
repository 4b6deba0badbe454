#!/usr/bin/env bash
# Puts mesogun on a Raspberry-Pi-class board: the jar, the profile, the unit, the user.
# Run from a checkout after `mvn -q package -DskipTests`, as root:  sudo deploy/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# ROOT=/some/dir installs into a staging tree (packaging, or trying the recipe on a dev machine):
# files only, no users, no systemctl.
ROOT=${ROOT:-}
[ -f target/mesogun.jar ] || { echo "install: build first: mvn -q package -DskipTests" >&2; exit 2; }
if [ -z "$ROOT" ]; then
    id mesogun >/dev/null 2>&1 || useradd --system --home /var/lib/mesogun --shell /usr/sbin/nologin mesogun
    for g in gpio spi dialout watchdog; do
        getent group "$g" >/dev/null || groupadd --system "$g"
        usermod -aG "$g" mesogun
    done
    owner=(-o mesogun -g mesogun)
else
    owner=()
fi
install -d "$ROOT/opt/mesogun/docs" "$ROOT/etc/mesogun" "$ROOT/etc/systemd/system" "$ROOT/etc/udev/rules.d"
install -d "${owner[@]}" -m 0750 "$ROOT/var/lib/mesogun"
install -m 0644 target/mesogun.jar "$ROOT/opt/mesogun/mesogun.jar"
cp -r docs/. "$ROOT/opt/mesogun/docs/"
# The profile is the operator's: never overwritten once edited.
# Its data directory is named absolutely: the unit's config is read-only, and /etc/var is nobody's.
if [ ! -f "$ROOT/etc/mesogun/mesogun.yaml" ]; then
    sed 's|^  data_dir: .*|  data_dir: /var/lib/mesogun   # calibration, accounts, counters, journal|' config/mesogun.yaml \
        > "$ROOT/etc/mesogun/mesogun.yaml"
    chmod 0644 "$ROOT/etc/mesogun/mesogun.yaml"
fi
install -m 0644 deploy/mesogun.service "$ROOT/etc/systemd/system/mesogun.service"
install -m 0644 deploy/99-mesogun-watchdog.rules "$ROOT/etc/udev/rules.d/99-mesogun-watchdog.rules"
java -jar "$ROOT/opt/mesogun/mesogun.jar" check-config --config "$ROOT/etc/mesogun"
# The one explicit first start of the data directory (fresh needle counters). Never again: a gun
# that later finds its counters missing or damaged locks the fitted needle out (SR-4).
if [ ! -f "$ROOT/var/lib/mesogun/needle.bin" ]; then
    java -jar "$ROOT/opt/mesogun/mesogun.jar" init --data-dir "$ROOT/var/lib/mesogun"
    if [ -z "$ROOT" ]; then chown mesogun:mesogun /var/lib/mesogun/needle.bin; fi
fi
if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable mesogun.service
    echo "installed; start with: systemctl start mesogun; follow with: journalctl -fu mesogun"
else
    echo "installed into ${ROOT:-/} (systemd not running here: enable the unit on the board)"
fi
