/*
 * hash.c: 64-bit FNV-1a.
 */
#include "util/hash.h"

#include <string.h>

uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t
hash_str(const char *s)
{
	return hash_bytes(s ? s : "", s ? strlen(s) : 0);
}
