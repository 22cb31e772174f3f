#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Puts TABLE (build/bench/table.txt) into DOC between its markers.

usage: bench/doc-table.py DOC TABLE

The markers are "<!-- BEGIN TABLE ... -->" and "<!-- END TABLE -->";
the table goes in as an indented code block. DOC without them is left
as it is.
"""
import sys

if len(sys.argv) != 3:
    sys.exit(__doc__.split("\n\n")[1])
doc, table = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- BEGIN TABLE", "<!-- END TABLE -->"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    marker, rest = rest.split("-->", 1)
    _, tail = rest.split(end, 1)
    block = "\n".join("    " + l if l else "" for l in table.rstrip("\n").split("\n"))
    with open(doc, "w") as f:
        f.write(head + begin + marker + "-->\n\n" + block + "\n\n" + end + tail)
