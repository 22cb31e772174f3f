/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The check v3ctl makes on `create -- PROGRAM` before taking anything
 * from Linux: is it a static x86-64 Linux executable the LWK can run?
 */
#ifndef V3CTL_PROGRAM_CHECK_H
#define V3CTL_PROGRAM_CHECK_H

#include <stddef.h>

/**
 * program_check() - refuse what the LWK's loader would refuse
 * @file: the program's bytes
 * @len: its length
 * @why: a one-line reason when refused (no path, no newline)
 * @why_len: size of @why
 *
 * The same first checks as the LWK's elf_inspect() (lwk/loader/elf.c):
 * an ELF64 little-endian x86-64 file of type ET_EXEC or ET_DYN
 * (static-pie, with an entry point), 56-byte program headers inside the
 * file, no PT_INTERP (dynamically linked), at least one non-empty
 * PT_LOAD. The LWK checks the segments in detail when it loads them.
 *
 * Return: 0 if it may run, -ENOEXEC if not.
 */
int program_check(const void *file, size_t len, char *why, size_t why_len);

#endif
