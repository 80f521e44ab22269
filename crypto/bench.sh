#!/usr/bin/env bash
# Runs the crypto JMH benchmarks (never part of `mvn verify`). Short runs by default; the machine is shared.
#   crypto/bench.sh                      all crypto benchmarks, 1 fork, 2 x 2 s warm-up, 3 x 3 s measurement
#   crypto/bench.sh RatchetBenchmark     a subset (any JMH regex / options)
#   JMH_OPTS="-f 1 -wi 5 -w 3s -i 5 -r 2s" crypto/bench.sh PrimitiveBenchmark   other run lengths
#   crypto/bench.sh --cpu-time 2         file cipher on 2 threads, per wall-second and per CPU-second
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ "${1:-}" = "--cpu-time" ]; then
  ./parley mvn -B -q -pl crypto -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
  JAVA_HOME="$(./parley mvn -v | sed -n 's/^Java version:.*runtime: //p')"
  CP="crypto/target/test-classes:crypto/target/classes:$(cat crypto/target/bench.classpath)"
  exec "$JAVA_HOME/bin/java" -cp "$CP" dev.parley.crypto.bench.FileCipherCpuTime "${2:-2}"
fi
exec ./parley jmh crypto "$@"
