#!/usr/bin/env bash
# The self-contained distribution (what `./apical dist` runs after building target/apical.jar and target/lib):
#   target/dist/apical-VERSION-linux-x64.tar.gz, one folder apical-VERSION/ with
#     bin/apical     the launcher (src/dist/bin/apical): only the bundled runtime, never a java on PATH
#     runtime/       a Java runtime made by jlink from the building JDK, with only the modules below
#     lib/           apical.jar and its libraries (JavaFX's Linux jars carry its native libraries)
#     rigs/ (with rigs/firmware), decoders/, stimuli/, docs/, README.md
# Nothing is downloaded: jlink and jdeps come with the JDK 25 that builds (JDK 25 links from its own run-time
# image, no jmods needed). --json prints one JSON object on the last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run through ./apical dist, which finds a JDK 25}"
json=false
for a in "$@"; do
  case "$a" in
    --json) json=true ;;
    -h|--help) echo "usage: ./apical dist [--json]   writes target/dist/apical-VERSION-linux-x64.tar.gz"; exit 0 ;;
    *) echo "dist: unknown option '$a' (usage: ./apical dist [--json])" >&2; exit 2 ;;
  esac
done
for tool in jlink jdeps; do
  if [ ! -x "$JAVA_HOME/bin/$tool" ]; then
    echo "dist: $JAVA_HOME has no bin/$tool; a full JDK 25 is needed (a JRE cannot build the runtime)" >&2
    exit 3
  fi
done
jar="$here/target/apical.jar"
if [ ! -f "$jar" ] || [ ! -d "$here/target/lib" ]; then
  echo "dist: $jar or target/lib is missing; build first (./apical dist does, or: mvn -DskipTests package)" >&2
  exit 2
fi
# the project's own version (the only <version> at this indentation in pom.xml)
version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$here/pom.xml" | head -n 1)"
[ -n "$version" ] || { echo "dist: no project <version> in $here/pom.xml" >&2; exit 2; }

# The runtime's modules. jdeps finds most of them (java.base, java.desktop: JavaFX, ImageIO for PNGs, EJML;
# java.sql: Jackson; jdk.management: the CPU time of `bench pilot`; jdk.jfr: JavaFX's optional events, and lets a
# rig record a flight recording when a latency needs explaining). Listed by hand, because jdeps cannot see them
# in the modular JavaFX jars on the class path or they are reached only at run time: java.xml and jdk.unsupported
# (required by javafx.graphics), java.logging (System.Logger's backend, so warnings look as they do under a JDK).
# jdk.incubator.vector: the vector API of the information analysis's scatter kernel (the launcher adds it with
# --add-modules; jdeps does not list incubator modules). Left out on purpose: jdk.localedata (Apical formats with Locale.ROOT), tools.
modules="java.base,java.desktop,java.logging,java.management,java.sql,java.xml,jdk.incubator.vector,jdk.jfr,jdk.management,jdk.unsupported"
out="$here/target/dist"
name="apical-$version"
archive="$out/$name-linux-x64.tar.gz"
stage="$out/stage"
mkdir -p "$out"

# jdeps (the check of the list above) runs while jlink links
deps="$out/jdeps.txt"
"$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
  --class-path "$here/target/lib/*" "$jar" >"$deps" 2>&1 &
jdeps_pid=$!

# jlink takes ~15 s: the runtime is kept in target/jlink-runtime, linked again only when the JDK or the list changes
runtime="$here/target/jlink-runtime"
# no compression inside the runtime: the archive's gzip does better on plain classes (32 MB against 40 MB for the
# runtime), and classes load without being inflated first
jlink_options=(--strip-debug --no-header-files --no-man-pages --compress=zip-0)
stamp="$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) $JAVA_HOME $modules ${jlink_options[*]}"
if [ ! -f "$runtime/.apical-stamp" ] || [ "$(cat "$runtime/.apical-stamp")" != "$stamp" ]; then
  echo "dist: linking the runtime ($modules)" >&2
  rm -rf "$runtime"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" "${jlink_options[@]}" --output "$runtime"
  printf '%s' "$stamp" >"$runtime/.apical-stamp"
fi

wait "$jdeps_pid" || { echo "dist: jdeps failed:" >&2; cat "$deps" >&2; exit 1; }
for m in $(tail -n 1 "$deps" | tr ',' ' '); do
  case ",$modules," in
    *",$m,"*) ;;
    *) echo "dist: jdeps says Apical now needs module $m, which scripts/dist.sh does not link; add it to 'modules'" >&2
       exit 1 ;;
  esac
done

rm -rf "$stage"
mkdir -p "$stage/$name/bin" "$stage/$name/lib"
dest="$stage/$name"
cp -a "$runtime" "$dest/runtime"
rm -f "$dest/runtime/.apical-stamp"
cp "$here/src/dist/bin/apical" "$dest/bin/apical"
chmod 755 "$dest/bin/apical"
cp "$jar" "$here"/target/lib/*.jar "$dest/lib/"
cp -r "$here/rigs" "$here/decoders" "$here/stimuli" "$here/docs" "$dest/"
cp "$here/README.md" "$dest/"

rm -f "$archive"
# nothing of the build machine in the archive: sorted entries, no owner, fixed modification times
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00:00 UTC' \
  -C "$stage" -cf - "$name" | gzip -n -6 >"$archive"
rm -rf "$stage" "$deps"

bytes=$(stat -c %s "$archive")
echo "dist: wrote $archive ($(( (bytes + 524288) / 1048576 )) MB; unpack anywhere and run $name/bin/apical demo)"
if $json; then
  printf '{"archive":"%s","version":"%s","bytes":%d,"runtime_modules":["%s"]}\n' "$archive" "$version" "$bytes" \
    "${modules//,/\",\"}"
fi
