/*
 * meaning.h: what each stored event means, decided at ingest time: the
 * podman command line analysed (ingest/podman), the container a runtime or
 * conmon event is about, and the podman command each event belongs to
 * (process ancestry through ppid within one login session, in log order).
 */
#ifndef PODAUDIT_MEANING_H
#define PODAUDIT_MEANING_H

#include <stdint.h>

#include "ingest/extract.h"

struct meaning;

/* A new, empty state; NULL when out of memory. Free with meaning_free(). */
struct meaning *meaning_new(void);

/* Release the state; accepts NULL. */
void meaning_free(struct meaning *m);

/*
 * Fill the meaning fields of x->ev (podman, runtime, container_id,
 * container_name, cause_id) from the event extracted in x and what earlier
 * events taught. The strings stay valid until the next call. Never fails:
 * what cannot be analysed is left unset.
 */
void meaning_before(struct meaning *m, struct extract *x);

/*
 * Remember the event just stored as id (its process, its podman command).
 * Returns 1 when the events of process *link_pid (same node and session)
 * stored earlier without a cause now belong to podman command *link_cause
 * (a daemonised conmon, known once it runs the runtime); else 0.
 */
int meaning_after(struct meaning *m, const struct extract *x, int64_t id, int64_t *link_pid,
		  int64_t *link_cause);

/*
 * Teach the state what an earlier run stored: process pid (on node, in
 * session ses, -1 for none) belongs to podman command cause; container id
 * is called name and was started by command cause. Used before reading on
 * from a cursor, so that links cross ingest runs.
 */
void meaning_learn_process(struct meaning *m, const char *node, int64_t pid, int64_t ses,
			   int64_t cause);
void meaning_learn_container(struct meaning *m, const char *id, const char *name, int64_t cause);

#endif
