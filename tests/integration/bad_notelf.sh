#!/bin/bash
# Given a text file, the LWK refuses it on one line and powers off.
. "$(dirname "$0")/../lib/assert.sh"

expect_refusal "not an ELF file" "$TESTS/notelf"
finish
