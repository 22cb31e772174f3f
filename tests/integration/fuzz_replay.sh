#!/bin/bash
# Replays every fuzz corpus (tests/fuzz/NAME/: the inputs kept from
# fuzzing and the crash inputs kept as regression cases) through its fuzz
# target $BUILD/fuzz/fuzz_NAME, built by make unit-tests. No fuzzing: each
# file runs once, under ASan and UBSan, and every target's own checks
# must hold (tests/fuzz/fuzz.mk, Documentation/fuzzing.md).
. "$(dirname "$0")/../lib/assert.sh"

ntargets=0
summary=""
for dir in tests/fuzz/*/; do
	name=$(basename "$dir")
	bin=$BUILD/fuzz/fuzz_$name
	need "$bin"
	files=("$dir"*)
	if [ ! -e "${files[0]}" ]; then
		fail "$dir is empty"
		continue
	fi
	ntargets=$((ntargets + 1))
	rc=0
	log=$("$bin" "${files[@]}" 2>&1) || rc=$?
	ran=$(grep -c '^Executed ' <<<"$log")
	if [ $rc -ne 0 ]; then
		fail "fuzz_$name failed (exit $rc) on $(grep '^Running: ' <<<"$log" | tail -n 1 | cut -d' ' -f2)"
		summary+=$(grep -E 'ERROR|check failed|runtime error|SUMMARY' <<<"$log" | head -n 5)$'\n'
	elif [ "$ran" -ne ${#files[@]} ]; then
		fail "fuzz_$name ran $ran of the ${#files[@]} inputs in $dir"
	else
		summary+="fuzz_$name: ${#files[@]} inputs replayed"$'\n'
	fi
done
[ $ntargets -gt 0 ] || fail "no corpus in tests/fuzz/"
OUT=$summary
finish
