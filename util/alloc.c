/*
 * alloc.c: what podaudit does when memory runs out.
 */
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>

void *
alloc_check(void *p)
{
	if (p == NULL) {
		fputs("podaudit: out of memory\n", stderr);
		abort();
	}
	return p;
}
