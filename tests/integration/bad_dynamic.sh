#!/bin/bash
# Given a dynamically linked program, the LWK refuses it on one line and
# powers off.
. "$(dirname "$0")/../lib/assert.sh"

expect_refusal "dynamically linked" "$TESTS/dynamic"
finish
