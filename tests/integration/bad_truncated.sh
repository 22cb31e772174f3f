#!/bin/bash
# Given an ELF file cut short inside its segments, the LWK refuses it on
# one line and powers off.
. "$(dirname "$0")/../lib/assert.sh"

expect_refusal "truncated" "$TESTS/truncated"
finish
