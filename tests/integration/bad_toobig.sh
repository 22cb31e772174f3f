#!/bin/bash
# Given a program whose 1.75 GB .bss cannot fit in the 512 MB machine, the
# LWK refuses it on one line and powers off.
. "$(dirname "$0")/../lib/assert.sh"

expect_refusal "too big" "$TESTS/toobig"
finish
