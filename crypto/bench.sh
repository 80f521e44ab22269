#!/usr/bin/env bash
# Runs the crypto JMH benchmarks (never part of `mvn verify`). Short runs by default; the machine is shared.
#   crypto/bench.sh                      all crypto benchmarks, 1 fork, 2 x 2 s warm-up, 3 x 3 s measurement
#   crypto/bench.sh RatchetBenchmark     a subset (any JMH regex / options)
#   JMH_OPTS="-f 1 -wi 5 -w 3s -i 5 -r 2s" crypto/bench.sh PrimitiveBenchmark   other run lengths
#   crypto/bench.sh --cpu-time 2         file cipher on 2 threads, per wall-second and per CPU-second
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
./parley mvn -B -q -f crypto/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
JAVA_HOME="$(./parley mvn -v | sed -n 's/^Java version:.*runtime: //p')"
CP="crypto/target/test-classes:crypto/target/classes:$(cat crypto/target/bench.classpath)"
if [ "${1:-}" = "--cpu-time" ]; then
  exec "$JAVA_HOME/bin/java" -cp "$CP" dev.parley.crypto.bench.FileCipherCpuTime "${2:-2}"
fi
if [ $# -eq 0 ]; then set -- 'dev.parley.crypto.bench.*'; fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main -jvm "$JAVA_HOME/bin/java" ${JMH_OPTS:--f 1 -wi 2 -w 2s -i 3 -r 3s} "$@"
