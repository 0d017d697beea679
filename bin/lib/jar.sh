# Sourced by the launchers in bin/: makes sure a module's runnable jar exists and is not older than the
# sources it is built from, building it with Maven when needed (first use, or after a `git pull`).
# usage: ensure_jar ROOT MODULE JAR DEPENDENCY-MODULE...
ensure_jar() {
    local root="$1" module="$2" jar="$3" stale="" dirs=()
    shift 3
    for m in "$module" "$@"; do dirs+=("$root/$m/pom.xml" "$root/$m/src/main"); done
    if [[ -f "$jar" ]]; then
        # Any main source, resource or pom of the module or of the modules it builds on newer than the jar?
        stale="$(find "$root/pom.xml" "${dirs[@]}" -type f -newer "$jar" -print -quit 2>/dev/null)"
        [[ -z "$stale" ]] && return 0
        echo "$module: sources changed since $jar was built; rebuilding..." >&2
    else
        echo "$module: building $jar (first use)..." >&2
    fi
    local log
    log="$(mktemp)"
    if ! (cd "$root" && mvn -B -ntp -q -Dstyle.color=never -pl "$module" -am package -DskipTests) >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "$module: build failed (full log: $log; run: mvn -B -pl $module -am package -DskipTests)" >&2
        exit 1
    fi
    rm -f "$log"
    [[ -f "$jar" ]] || { echo "$module: build finished but $jar is missing" >&2; exit 1; }
}
