#!/bin/bash
# Booted without a module, the LWK says there is no program and powers off.
. "$(dirname "$0")/../lib/assert.sh"

expect_refusal "no program"
finish
