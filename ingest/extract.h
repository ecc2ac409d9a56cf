/*
 * extract.h: turning the event libauparse holds into a store_event.
 */
#ifndef PODAUDIT_EXTRACT_H
#define PODAUDIT_EXTRACT_H

#include <auparse.h>

#include "store/store.h"
#include "util/strbuf.h"

/* Reusable buffers behind one extracted event's strings. */
struct extract {
	struct store_event ev;
	struct strbuf node, type, key, syscall, tty, comm, exe, cwd, proctitle, user, argv;
	struct strbuf args;    /* decoded EXECVE arguments, each NUL-terminated */
	struct strbuf scratch; /* extract_has_key()'s decoding buffer */
	size_t *arg_off;       /* offset of argument i in args */
	size_t *arg_len;       /* length of argument i */
	size_t nargs, args_cap;
	struct store_path *paths;
	struct strbuf *path_names, *path_types;
	size_t npaths, paths_cap;
};

/* Initialise empty buffers. */
void extract_init(struct extract *x);
/* Release the buffers. */
void extract_free(struct extract *x);
/*
 * Release the buffers that grew beyond max bytes (one odd event must not pin
 * memory); the others are kept for reuse. x->ev is invalid afterwards.
 */
void extract_trim(struct extract *x, size_t max);

/*
 * Does the current event carry one of keys (NULL-terminated)? A key field
 * may hold several keys separated by 0x01; any one matching is enough.
 * Leaves the event's record/field position changed.
 */
int extract_has_key(struct extract *x, auparse_state_t *au, const char *const *keys);

/*
 * Fill x->ev from the current event: identity, the SYSCALL fields, the
 * decoded arguments (x->ev.argv_json), working directory, proctitle, PATH
 * records and the login name for auid. raw/raw_len are left for the
 * caller. The strings stay valid until the next extract_event() or
 * extract_free().
 */
void extract_event(struct extract *x, auparse_state_t *au);

/*
 * Decode an audit field value as the kernel wrote it: "quoted" text is
 * unquoted, "(null)" is empty, anything else is hex-encoded bytes. Appends
 * the bytes to out and returns 0, or -1 (out unchanged) when the value is
 * neither quoted nor valid hex.
 */
int extract_decode_value(const char *value, struct strbuf *out);

#endif
