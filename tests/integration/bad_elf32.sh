#!/bin/bash
# Given a 32-bit i386 ELF, the LWK refuses it on one line and powers off.
. "$(dirname "$0")/../lib/assert.sh"

expect_refusal "32-bit ELF" "$TESTS/elf32"
finish
