#!/usr/bin/env bash
# Puts mesogun on a Raspberry-Pi-class board: the jar, the profile, the unit, the user.
# Run from a checkout after `mvn -q package -DskipTests`, as root:  sudo deploy/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/mesogun.jar ] || { echo "install: build first: mvn -q package -DskipTests" >&2; exit 2; }
id mesogun >/dev/null 2>&1 || useradd --system --home /var/lib/mesogun --shell /usr/sbin/nologin mesogun
for g in gpio spi dialout watchdog; do
    getent group "$g" >/dev/null || groupadd --system "$g"
    usermod -aG "$g" mesogun
done
install -d -o root -g root /opt/mesogun /opt/mesogun/docs /etc/mesogun
install -d -o mesogun -g mesogun -m 0750 /var/lib/mesogun
install -m 0644 target/mesogun.jar /opt/mesogun/mesogun.jar
cp -r docs/. /opt/mesogun/docs/
# The profile is the operator's: never overwritten once edited.
[ -f /etc/mesogun/mesogun.yaml ] || install -m 0644 config/mesogun.yaml /etc/mesogun/mesogun.yaml
install -m 0644 deploy/mesogun.service /etc/systemd/system/mesogun.service
install -m 0644 deploy/99-mesogun-watchdog.rules /etc/udev/rules.d/99-mesogun-watchdog.rules
java -jar /opt/mesogun/mesogun.jar check-config --config /etc/mesogun
systemctl daemon-reload
systemctl enable mesogun.service
echo "installed; start with: systemctl start mesogun; follow with: journalctl -fu mesogun"
