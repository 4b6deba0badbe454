#!/usr/bin/env bash
# Regenerates docs/reliability.md (requirements §12) with the full form of every piece of evidence:
# kill -9 at 20 random moments, a 30 s broker outage, a disk-full journal, the serial fuzz,
# the 10,000-world search, PIT on the safety monitor and the state machine, the JMH benchmarks,
# then the fault matrix and the 1,000,000-injection soak. About 15 minutes on the 2-core machine (the world search is 6).
# Needs mosquitto and socat (apt-get install mosquitto socat; .ci/run installs them) and root for
# the disk-full test's small tmpfs (without root that one is reported as not run).
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf target/evidence target/pit-reports target/jmh.json
step() { echo; echo "== reliability: $*"; }

step "build"
mvn -B -ntp -q package -DskipTests
step "kill -9 x20, broker outage 30 s, disk-full journal, serial fuzz"
mvn -B -ntp -q test -Dtest='KillTest,OutageTest,DiskFullTest,ConsoleFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmesogun.kill.rounds=20 -Dmesogun.outage.ms=30000
step "world search: 10,000 worlds, nothing pinned (~6 min; its findings are recorded pass or fail)"
mvn -B -ntp -q surefire:test -Dtest='WorldSearchTest#theAcceptedWorldKeepsEverySafetyRequirement' \
    -Dmesogun.worlds=10000 -Dmesogun.worlds.pinned=none || echo "world search: violations found (recorded)"
step "mutation testing (PIT)"
mvn -B -ntp -q -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage
step "JMH micro-benchmarks"
mvn -B -ntp -q -Pjmh test-compile exec:exec -Djmh.args="-f 1 -wi 2 -w 1s -i 3 -r 2s"
step "fault matrix and soak on the simulator; writing docs/reliability.md"
java -jar target/mesogun.jar reliability
