#!/usr/bin/env bash
# Run by `mvn package` after the jar is built: extracts it to target/cds (a plain jar and lib/, which
# spares the JVM the nested-jar class loader) and trains a class-data (CDS) archive with a whole
# `run` of sample-logs, so that it holds the classes of both an idle tick and a job. bin/logagg uses
# the two while they are newer than target/logagg.jar.
#
# The archive only speeds start-up: when it cannot be built (no redis-server for the training run,
# a JVM without CDS) the build still succeeds and bin/logagg runs target/logagg.jar as it is.
#
#   usage: src/build/class-data-archive.sh JAVA   (the java that Maven runs on)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
home="$(pwd -P)"
java="${1:-java}"
cds="$home/target/cds"

# The same options as bin/logagg gives a short command: the JVM maps the archive only for them.
rm -rf "$cds"
if ! "$java" -Djarmode=tools -jar "$home/target/logagg.jar" extract --destination "$cds" >/dev/null; then
	echo "class-data archive: could not extract target/logagg.jar; bin/logagg will run it as it is" >&2
	rm -rf "$cds"
	exit 0
fi
started=$(date +%s%N)
if "$java" -Xmx256m -XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$cds/logagg.jsa.part" -Xlog:cds=off \
	-Xlog:cds+dynamic=off -jar "$cds/logagg.jar" run --input "$home/sample-logs" --data-dir "$cds/training" \
	>"$cds/training.log" 2>&1 && [ -s "$cds/logagg.jsa.part" ]; then
	# The JVM maps an archive only for the java that made it: bin/logagg checks that it runs this one.
	readlink -f "$(command -v "$java")" >"$cds/java"
	# JDK 17's later updates map archives at a random address, and then rewrite every pointer in
	# them at each start (about 60 ms here) and make every page of them private memory. At the
	# address they were made for they are mapped as they are, shared and clean.
	if "$java" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -version >/dev/null 2>&1; then
		echo "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0" >"$cds/java-options"
	fi
	# Renamed once whole: bin/logagg never maps a half-written archive.
	mv "$cds/logagg.jsa.part" "$cds/logagg.jsa"
	echo "class-data archive: target/cds/logagg.jsa, trained in $(( ($(date +%s%N) - started) / 1000000 )) ms"
else
	echo "class-data archive: training run failed (see target/cds/training.log); bin/logagg will run target/logagg.jar" >&2
	rm -f "$cds/logagg.jsa.part" "$cds/logagg.jar"
fi
rm -rf "$cds/training"
exit 0
