#!/usr/bin/env bash
# Benchmarks rapport against cat and Hugo on a generated practice, as issue 7
# and PRODUCT.md's performance targets ask. Not part of `go test ./...`.
#
# Usage: bench/run.sh [CLIENTS]        (default 1000; 200 is quicker)
# Environment:
#   WORK=DIR        where corpora, the binary and results go (default /tmp/rapport-bench);
#                   corpora already there are reused
#   GENCORPUS=DIR   the corpus generator (default ../shared/tools/gencorpus from the repo root)
#   SKIP_HUGO=1     leave Hugo out (it needs about 10 GB of memory at 1000 clients)
# Every step runs with a warm file cache: the corpus is read once beforehand.
# Old outputs are moved aside rather than deleted before a build and removed
# at the end: ext4 skips inodes freed in the last minutes when it allocates
# new ones, and after deleting tens of thousands of files that search made
# the next 43,000 file creations take 8 to 14 s of system time instead of
# under 1 s, whichever program made them.
set -euo pipefail

N=${1:-1000}
SESSIONS=20
PDF_CLIENTS=100
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/rapport-bench}
GENCORPUS=${GENCORPUS:-$REPO/../shared/tools/gencorpus}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RAPPORT=$WORK/rapport
RESULTS=$WORK/results.md

# rapport builds with Go 1.27.3, which the go command fetches from the module
# proxy when asked; a machine's own Go would refuse the module.
export GOTOOLCHAIN=go1.27.3

say() { printf '%s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ]; then
	say "bench: /usr/bin/time is missing: install the Debian package time"
	exit 2
fi

say "bench: building rapport"
(cd "$REPO" && go build -o "$RAPPORT" ./cmd/rapport)

TRASH=$WORK/trash
discard() { # discard DIR: moves DIR out of the way, to be deleted at the end
	if [ -e "$1" ]; then
		mkdir -p "$TRASH"
		mv "$1" "$(mktemp -d "$TRASH/old.XXXXXX")/"
	fi
}
cleaned() { rm -rf "$TRASH" && sync && date +%s >"$WORK/.cleaned"; }
[ -e "$TRASH" ] && cleaned # left by a run that was stopped
# The freed inodes are passed over for about a minute after their blocks
# reach the disk; wait that out if the last clean-up was recent.
if [ -f "$WORK/.cleaned" ]; then
	wait_s=$((150 - ($(date +%s) - $(cat "$WORK/.cleaned"))))
	if [ "$wait_s" -gt 0 ]; then
		say "bench: waiting ${wait_s}s for the last run's deletions to settle"
		sleep "$wait_s"
	fi
fi

corpus() { # corpus CLIENTS -> prints its folder, generating it once
	local dir=$WORK/corpus-$1
	if [ ! -f "$dir/practice.yaml" ]; then
		say "bench: generating $1 clients x $SESSIONS sessions into $dir"
		rm -rf "$dir"
		(cd "$GENCORPUS" && go run . -clients "$1" -sessions "$SESSIONS" -out "$dir") >&2
	fi
	printf '%s\n' "$dir"
}

# measure NAME COMMAND...: runs COMMAND under /usr/bin/time -v and keeps its
# wall time and CPU time (user + system, seconds) and peak memory (MB) in
# WALL[NAME], CPU[NAME] and RSS[NAME]. CPU time says more than wall time on a
# machine busy with other work. The wall time is taken around the command in
# nanoseconds (time -v gives hundredths, too coarse for a step of 0.1 s).
declare -A WALL CPU RSS NOTE
measure() {
	local name=$1
	shift
	say "bench: $name"
	local status=0 start end
	start=$(date +%s%N)
	/usr/bin/time -v -o "$WORK/time.$name" "$@" >"$WORK/out.$name" 2>&1 || status=$?
	end=$(date +%s%N)
	WALL[$name]=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	CPU[$name]=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$WORK/time.$name")
	RSS[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.$name")
	if [ "$status" -gt 1 ]; then # rapport check exits 1 when it finds problems
		NOTE[$name]="exit $status: $(tail -1 "$WORK/out.$name")"
		say "bench: $name exited with $status; see $WORK/out.$name"
	fi
}

C=$(corpus "$N")
RECORDS=$(find "$C/clients" -name '*.md' | wc -l)
SIZE=$(du -sm "$C/clients" | cut -f1)
find "$C/clients" -name '*.md' -print0 | xargs -0 cat >/dev/null # warm the cache

# median NAME RUNS: keeps, as NAME, the run of NAME.1 .. NAME.RUNS with the
# median wall time.
median() {
	local name=$1 runs=$2 i best
	best=$(for i in $(seq "$runs"); do echo "${WALL[$name.$i]} $i"; done | sort -n | awk -v m=$(((runs + 1) / 2)) 'NR == m { print $2 }')
	WALL[$name]=${WALL[$name.$best]} CPU[$name]=${CPU[$name.$best]} RSS[$name]=${RSS[$name.$best]}
	NOTE[$name]="median of $runs: $(for i in $(seq "$runs"); do printf '%s ' "${WALL[$name.$i]}"; done)"
}

# rapport keeps its cache of what it read in the practice's .rapport/: a
# cold step starts with it moved aside.
RCACHE=$C/.rapport
HAVE_CACHE=
"$RAPPORT" --help 2>/dev/null | grep -q -- --no-cache && HAVE_CACHE=1

# 1 and 2. reading every record, and rapport check with no cache, taken turn
# about five times: both take a second or two, so one run of each says more
# about the machine's mood than about either.
HAVE_CHECK=
"$RAPPORT" check --help >/dev/null 2>&1 && HAVE_CHECK=1
for i in 1 2 3 4 5; do
	measure "cat.$i" sh -c "find '$C/clients' -name '*.md' -print0 | xargs -0 cat >/dev/null"
	if [ -n "$HAVE_CHECK" ]; then
		discard "$RCACHE"
		measure "check.$i" "$RAPPORT" --practice "$C" check
	fi
done
median cat 5
if [ -n "$HAVE_CHECK" ]; then
	median check 5
else
	NOTE[check]="no check command in this build"
fi

# 2b, 2c and 2d. check and status again with nothing changed (the cache
# written by the last cold check), and check after one record changed: a
# different session each time, so each run has one change to take in.
if [ -n "$HAVE_CACHE" ]; then
	for i in 1 2 3 4 5; do
		measure "check_warm.$i" "$RAPPORT" --practice "$C" check
		measure "status_warm.$i" "$RAPPORT" --practice "$C" status
	done
	median check_warm 5
	median status_warm 5
	# awk stops taking lines itself: head would end the pipe early, and
	# pipefail would stop the script on find's broken pipe.
	CHANGED=$(find "$C/clients" -path '*/sessions/*.md' | sort | awk 'NR % 97 == 1 && n++ < 5')
	i=0
	for f in $CHANGED; do
		i=$((i + 1))
		printf '\nA line added for the benchmark at %s.\n' "$(date +%s%N)" >>"$f"
		measure "check_onechange.$i" "$RAPPORT" --practice "$C" check
	done
	median check_onechange "$i"
else
	for s in check_warm status_warm check_onechange; do NOTE[$s]="no cache in this build"; done
fi

# 3 and 4. cold HTML build, and Hugo on the same Markdown with a minimal
# layout, taken turn about three times: a single run of either moved by a
# tenth or more from one bench run to the next.
H=$WORK/hugo-site
if [ -z "${SKIP_HUGO:-}" ]; then
	if ! command -v hugo >/dev/null; then
		say "bench: installing hugo"
		SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
		$SUDO apt-get install -y hugo >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y hugo >&2; }
	fi
	discard "$H"
	mkdir -p "$H/layouts/_default"
	# Records' dates are in the past and the future; Hugo skips both unless told.
	cat >"$H/config.toml" <<TOML
baseURL = "http://localhost/"
contentDir = "$C/clients"
publishDir = "$WORK/hugo-public"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
buildFuture = true
buildExpired = true
buildDrafts = true
TOML
	cat >"$H/layouts/_default/single.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</body></html>
HTML
	cat >"$H/layouts/_default/list.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
HTML
fi
for i in 1 2 3; do
	discard "$C/public"
	discard "$RCACHE"
	measure "build_cold.$i" "$RAPPORT" --practice "$C" build --format html --quiet
	if [ -z "${SKIP_HUGO:-}" ]; then
		discard "$WORK/hugo-public"
		measure "hugo.$i" hugo --source "$H" --quiet
	fi
done
median build_cold 3
OUTPUTS=$(find "$C/public" -type f ! -name '.*' | wc -l)
if [ -z "${SKIP_HUGO:-}" ]; then
	median hugo 3
	HUGO_OUTPUTS=$(find "$WORK/hugo-public" -name '*.html' 2>/dev/null | wc -l || true)
	NOTE[hugo]="${NOTE[hugo]}; $HUGO_OUTPUTS pages"
else
	NOTE[hugo]="skipped (SKIP_HUGO)"
fi

# 5. nothing changed
measure build_nochange "$RAPPORT" --practice "$C" build --format html --quiet

# 6. one record changed
ONE=$(find "$C/clients" -path '*/sessions/*.md' | sort | awk 'NR == 1')
printf '\nA line added for the benchmark at %s.\n' "$(date +%s%N)" >>"$ONE"
measure build_onechange "$RAPPORT" --practice "$C" build --format html

# 6b. serve: from saving a session record to its handout rewritten, the
# median of 20 saves (BenchmarkServeSaveToHandout, on the practice built
# above; it adds a line to a session of a different client each time).
say "bench: serve_save"
SERVE_OUT=$WORK/out.serve_save
if (cd "$REPO" && RAPPORT_BENCH_PRACTICE=$C go test ./cmd -run '^$' -bench ServeSaveToHandout -benchtime 20x -count 1) >"$SERVE_OUT" 2>&1; then
	SERVE_MS=$(awk '/ms\/save-median/ { for (i = 1; i <= NF; i++) if ($(i+1) == "ms/save-median") print $i }' "$SERVE_OUT")
	SERVE_MAX=$(awk '/ms\/save-max/ { for (i = 1; i <= NF; i++) if ($(i+1) == "ms/save-max") print $i }' "$SERVE_OUT")
	WALL[serve_save]=$(awk -v m="${SERVE_MS:-}" 'BEGIN { if (m != "") printf "%.3f", m / 1000 }')
	NOTE[serve_save]="median of 20 saves; slowest ${SERVE_MAX:-?} ms"
else
	NOTE[serve_save]="failed: see $SERVE_OUT"
fi

# 3b. the same cold build on a smaller practice, to see memory stay flat
S=$(corpus "$PDF_CLIENTS")
discard "$S/public"
measure build_cold_small "$RAPPORT" --practice "$S" build --format html --quiet

# 7. PDF on the small practice, if this rapport makes PDFs
discard "$S/public"
measure build_pdf "$RAPPORT" --practice "$S" build --format pdf --quiet
PDFS=$(find "$S/public" -name '*.pdf' 2>/dev/null | wc -l || true)
if [ "$PDFS" -eq 0 ]; then
	NOTE[build_pdf]="no PDF handouts in this build"
else
	NOTE[build_pdf]="$PDFS PDFs, $(awk -v n="$PDFS" -v t="${WALL[build_pdf]}" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "-" }') a second"
fi

ratio() { # ratio A B -> A/B, or - when either is missing
	awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.3f", a / b }'
}
row() { # row LABEL NAME RATIO TARGET
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "${WALL[$2]:--}" "${CPU[$2]:--}" "${RSS[$2]:--}" "$3" "$4" "${NOTE[$2]:-}"
}

{
	echo "rapport benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg), rapport $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo
	echo "Corpus: $N clients x $SESSIONS sessions, $RECORDS records, $SIZE MB; rapport wrote $OUTPUTS files cold."
	echo
	echo "| step | wall (s) | CPU (s) | peak RSS (MB) | ratio (wall) | target | note |"
	echo "|---|---:|---:|---:|---|---|---|"
	row "1. cat every record" cat "" ""
	row "2. rapport check, no cache" check "$(ratio "${WALL[check]:-}" "${WALL[cat]}") of cat" "<= 1"
	row "2b. rapport check, nothing changed" check_warm "$(ratio "${WALL[check_warm]:-}" "${WALL[cat]}") of cat" "<= 0.15"
	row "2c. rapport check, one record changed" check_onechange "$(ratio "${WALL[check_onechange]:-}" "${WALL[cat]}") of cat" "<= 0.2"
	row "2d. rapport status, nothing changed" status_warm "$(ratio "${WALL[status_warm]:-}" "${WALL[cat]}") of cat" "<= 0.3"
	row "3. rapport build --format html, cold" build_cold "$(ratio "${WALL[build_cold]}" "${WALL[hugo]:-}") of Hugo time, $(ratio "${RSS[build_cold]}" "${RSS[hugo]:-}") of its memory" "<= 0.333, <= 0.01"
	row "4. Hugo, minimal layout" hugo "" ""
	row "5. rapport build, nothing changed" build_nochange "$(ratio "${WALL[build_nochange]}" "${WALL[build_cold]}") of cold" "<= 0.05"
	row "6. rapport build, one record changed" build_onechange "$(ratio "${WALL[build_onechange]}" "${WALL[build_cold]}") of cold" "<= 0.1"
	row "6b. rapport serve, save to handout rewritten" serve_save "" "<= 0.100"
	row "3b. cold html build, $PDF_CLIENTS clients" build_cold_small "$(ratio "${RSS[build_cold]}" "${RSS[build_cold_small]}") memory at ${N} vs ${PDF_CLIENTS} clients" "flat (about 1)"
	row "7. rapport build --format pdf, $PDF_CLIENTS clients, cold" build_pdf "" ">= 100/s per core"
	echo
	echo "One record changed: $(sed -n '1p' "$WORK/out.build_onechange")"
} | tee "$RESULTS"
say "bench: results in $RESULTS, command output in $WORK/out.*"
cleaned
