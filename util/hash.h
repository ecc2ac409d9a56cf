/*
 * hash.h: FNV-1a, the one non-cryptographic hash podaudit uses (file
 * fingerprints, node names, hash tables).
 */
#ifndef PODAUDIT_HASH_H
#define PODAUDIT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a of n bytes. */
uint64_t hash_bytes(const void *p, size_t n);

/* 64-bit FNV-1a of a NUL-terminated string; NULL hashes like "". */
uint64_t hash_str(const char *s);

#endif
