/*
 * alloc.h: what podaudit does when memory runs out.
 */
#ifndef PODAUDIT_ALLOC_H
#define PODAUDIT_ALLOC_H

/*
 * Return p; when p is NULL (an allocation failed), print "podaudit: out of
 * memory" to stderr and abort: podaudit has no meaningful way to go on
 * without memory, and every caller would otherwise carry the same lines.
 */
void *alloc_check(void *p);

#endif
