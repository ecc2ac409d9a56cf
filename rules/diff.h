/*
 * diff.h: a unified diff between two small texts, for `rules install --check`.
 */
#ifndef PODAUDIT_RULES_DIFF_H
#define PODAUDIT_RULES_DIFF_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Append to out a unified diff (three lines of context, "--- old_label",
 * "+++ new_label", "@@ -a,b +c,d @@" hunks) turning old_text into new_text.
 * Nothing is appended when they are equal. A missing final newline is
 * treated as present. Returns the number of lines removed plus added.
 */
size_t rules_diff(const char *old_text, const char *new_text, const char *old_label,
		  const char *new_label, struct strbuf *out);

#endif
