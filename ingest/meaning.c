/*
 * meaning.c: what each stored event means, decided at ingest time.
 *
 * Three small, bounded tables carry what earlier events taught: which
 * podman command each recent process belongs to, the last podman commands
 * (to recognise rootless podman re-executing itself), and container IDs
 * with the names conmon was given.
 */
#include "ingest/meaning.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/podman/podman_args.h"
#include "util/alloc.h"
#include "util/hash.h"

#define PROCS	   4096 /* processes remembered */
#define PROBE	   8	/* slots tried per process */
#define COMMANDS   32	/* recent podman commands kept for re-exec detection */
#define CONTAINERS 512	/* container id/name pairs remembered */

struct proc {
	uint64_t node;
	int64_t pid;
	int64_t ses;
	int64_t cause; /* podman command id */
	uint64_t seq;  /* 0: free */
};

struct command {
	uint64_t node;
	int64_t id;
	struct podman_ctx ctx;
	struct strbuf args; /* arguments, each NUL-terminated */
	size_t *lens;
	size_t argc, cap;
	int64_t ses;
};

struct container {
	struct strbuf id, name;
	int64_t cause;	    /* the podman command that started its conmon, or 0 */
	int64_t exec_cause; /* the podman command of its latest exec session, or 0 */
};

struct meaning {
	struct proc procs[PROCS];
	uint64_t seq;
	struct command cmds[COMMANDS];
	unsigned next_cmd;
	struct container ctrs[CONTAINERS];
	unsigned next_ctr;
	/* The current event's analysis and the strings behind x->ev's pointers. */
	struct podman_cmd pc;
	struct runtime_cmd rc;
	struct store_podman sp;
	struct store_runtime sr;
	struct strbuf risks, risks_json, cid, cname;
	const char **argv;
	size_t argv_cap;
	int64_t cause;
	int64_t daemon_pid; /* a daemonised conmon found through its runtime child */
	int is_podman, internal;
};

struct meaning *
meaning_new(void)
{
	return calloc(1, sizeof(struct meaning));
}

void
meaning_free(struct meaning *m)
{
	if (m == NULL)
		return;
	podman_cmd_free(&m->pc);
	runtime_cmd_free(&m->rc);
	for (unsigned i = 0; i < COMMANDS; i++) {
		strbuf_free(&m->cmds[i].args);
		free(m->cmds[i].lens);
	}
	for (unsigned i = 0; i < CONTAINERS; i++) {
		strbuf_free(&m->ctrs[i].id);
		strbuf_free(&m->ctrs[i].name);
	}
	strbuf_free(&m->risks);
	strbuf_free(&m->risks_json);
	strbuf_free(&m->cid);
	strbuf_free(&m->cname);
	free(m->argv);
	free(m);
}

/* The slot of (node, pid), or NULL. */
static struct proc *
proc_find(struct meaning *m, uint64_t node, int64_t pid)
{
	size_t h = (size_t)((node ^ (uint64_t)pid * 0x9e3779b97f4a7c15ULL) % PROCS);

	for (int i = 0; i < PROBE; i++) {
		struct proc *p = &m->procs[(h + (size_t)i) % PROCS];
		if (p->seq != 0 && p->node == node && p->pid == pid)
			return p;
	}
	return NULL;
}

/* Record that (node, pid) in session ses belongs to podman command cause. */
static void
proc_set(struct meaning *m, uint64_t node, int64_t pid, int64_t ses, int64_t cause)
{
	size_t h = (size_t)((node ^ (uint64_t)pid * 0x9e3779b97f4a7c15ULL) % PROCS);
	struct proc *victim = NULL;

	for (int i = 0; i < PROBE; i++) {
		struct proc *p = &m->procs[(h + (size_t)i) % PROCS];
		if (p->seq == 0 || (p->node == node && p->pid == pid)) {
			victim = p;
			break;
		}
		if (victim == NULL || p->seq < victim->seq)
			victim = p; /* the oldest is forgotten */
	}
	victim->node = node;
	victim->pid = pid;
	victim->ses = ses;
	victim->cause = cause;
	victim->seq = ++m->seq;
}

/* The podman command (node, pid) belongs to in session ses, or 0. */
static int64_t
cause_of(struct meaning *m, uint64_t node, int64_t pid, int64_t ses)
{
	struct proc *p = proc_find(m, node, pid);

	if (p == NULL || p->ses != ses)
		return 0;
	return p->cause;
}

/* Base name of a path (a pointer into it). */
static const char *
base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	return s ? s + 1 : (path ? path : "");
}

/* Is s (n bytes) a container ID: 12 to 64 lower-case hex digits? */
static int
looks_like_id(const char *s)
{
	size_t n = strlen(s);

	if (n < 12 || n > 64)
		return 0;
	return strspn(s, "0123456789abcdef") == n;
}

/* Remember that container id is called name, and was started by command cause. */
static void
container_learn(struct meaning *m, const char *id, const char *name, int64_t cause)
{
	struct container *c = NULL;

	for (unsigned i = 0; i < CONTAINERS; i++)
		if (m->ctrs[i].id.len > 0 && strcmp(m->ctrs[i].id.buf, id) == 0) {
			c = &m->ctrs[i];
			break;
		}
	if (c == NULL)
		c = &m->ctrs[m->next_ctr++ % CONTAINERS];
	strbuf_reset(&c->id);
	strbuf_puts(&c->id, id);
	strbuf_reset(&c->name);
	strbuf_puts(&c->name, name);
	if (cause != 0 && c->cause == 0)
		c->cause = cause;
	if (c->id.len == 0 || c->cause != cause)
		c->exec_cause = 0;
}

/* The remembered container id (full ID or a prefix of at least 12), or NULL. */
static struct container *
container_find(struct meaning *m, const char *id)
{
	size_t n = strlen(id);

	for (unsigned i = 0; i < CONTAINERS; i++)
		if (m->ctrs[i].id.len >= n && n >= 12 && strncmp(m->ctrs[i].id.buf, id, n) == 0)
			return &m->ctrs[i];
	return NULL;
}

/*
 * The podman command a runtime action on container id belongs to, when its
 * parent (a daemonised conmon) is unknown: the latest exec session's
 * command for "exec", else the command that started the container; 0 when
 * unknown.
 */
static int64_t
container_cause(struct meaning *m, const char *id, const char *action)
{
	struct container *c = container_find(m, id);

	if (c == NULL)
		return 0;
	if (action != NULL && strcmp(action, "exec") == 0 && c->exec_cause != 0)
		return c->exec_cause;
	return c->cause;
}

/* Remember that the latest exec session in container id belongs to command cause. */
static void
container_set_exec(struct meaning *m, const char *id, int64_t cause)
{
	struct container *c = container_find(m, id);

	if (c != NULL)
		c->exec_cause = cause;
}

/* The name of container id (a full ID or a prefix of at least 12), or NULL. */
static const char *
container_name_of(struct meaning *m, const char *id)
{
	size_t n = strlen(id);

	for (unsigned i = 0; i < CONTAINERS; i++)
		if (m->ctrs[i].id.len >= n && n >= 12 && strncmp(m->ctrs[i].id.buf, id, n) == 0)
			return m->ctrs[i].name.buf;
	return NULL;
}

/* The ID of the container called name, or NULL. */
static const char *
container_id_of(struct meaning *m, const char *name)
{
	for (unsigned i = CONTAINERS; i-- > 0;) {
		struct container *c = &m->ctrs[(m->next_ctr + i) % CONTAINERS];
		if (c->name.len > 0 && strcmp(c->name.buf, name) == 0)
			return c->id.buf;
	}
	return NULL;
}

/* Set x->ev's container fields from a target that may be an ID or a name. */
static void
set_container(struct meaning *m, struct extract *x, const char *target, const char *name)
{
	const char *id = NULL;

	if (target != NULL && looks_like_id(target)) {
		id = target;
		if (name == NULL)
			name = container_name_of(m, target);
	} else if (target != NULL) {
		name = name ? name : target;
		id = container_id_of(m, target);
	}
	if (name == NULL && id != NULL)
		name = container_name_of(m, id);
	strbuf_reset(&m->cid);
	strbuf_reset(&m->cname);
	if (id != NULL) {
		strbuf_puts(&m->cid, id);
		x->ev.container_id = strbuf_str(&m->cid);
	}
	if (name != NULL) {
		strbuf_puts(&m->cname, name);
		x->ev.container_name = strbuf_str(&m->cname);
	}
}

/* The most recent podman command on node run by pid, or NULL. */
static struct command *
command_by_pid(struct meaning *m, uint64_t node, int64_t pid)
{
	for (unsigned i = COMMANDS; i-- > 0;) {
		struct command *c = &m->cmds[(m->next_cmd + i) % COMMANDS];
		if (c->id != 0 && c->node == node && c->ctx.pid == pid)
			return c;
	}
	return NULL;
}

/*
 * Append one risk to sb for the comma-separated form: ',' and '%' inside a
 * risk (a host path may hold them) are written %2C and %25.
 */
static void
risk_put(struct strbuf *sb, const char *r)
{
	if (sb->len > 0)
		strbuf_putc(sb, ',');
	for (; *r; r++) {
		if (*r == ',')
			strbuf_puts(sb, "%2C");
		else if (*r == '%')
			strbuf_puts(sb, "%25");
		else
			strbuf_putc(sb, *r);
	}
}

void
meaning_before(struct meaning *m, struct extract *x)
{
	struct store_event *ev = &x->ev;
	uint64_t node = hash_str(ev->node);
	int64_t ses = (ev->have & EV_SES) ? ev->ses : -1;
	struct podman_ctx ctx;
	const char *prog;
	char err[128];

	podman_cmd_free(&m->pc);
	runtime_cmd_free(&m->rc);
	ev->podman = NULL;
	ev->runtime = NULL;
	ev->container_id = ev->container_name = NULL;
	ev->have &= ~(unsigned)EV_CAUSE;
	m->cause = 0;
	m->daemon_pid = 0;
	m->is_podman = 0;
	m->internal = 0;

	/* An exec belongs to what its parent belonged to; anything else to its process. */
	if ((ev->have & EV_PPID) && x->nargs > 0)
		m->cause = cause_of(m, node, ev->ppid, ses);
	if (m->cause == 0 && (ev->have & EV_PID))
		m->cause = cause_of(m, node, ev->pid, ses);
	if (m->cause == 0 && (ev->have & EV_PPID) && x->nargs == 0)
		m->cause = cause_of(m, node, ev->ppid, ses);

	if (x->nargs > 0) {
		if (m->argv_cap < x->nargs) {
			m->argv = alloc_check(realloc(m->argv, x->nargs * sizeof(*m->argv)));
			m->argv_cap = x->nargs;
		}
		for (size_t i = 0; i < x->nargs; i++)
			m->argv[i] = x->args.buf + x->arg_off[i];
		ctx.exe = ev->exe;
		ctx.comm = ev->comm;
		ctx.uid = (ev->have & EV_UID) ? ev->uid : -1;
		ctx.auid = (ev->have & EV_AUID) ? ev->auid : -1;
		ctx.pid = (ev->have & EV_PID) ? ev->pid : -1;
		ctx.ppid = (ev->have & EV_PPID) ? ev->ppid : -1;
		prog = base_name(ev->exe);
		if (strcmp(prog, "podman") == 0 || strcmp(base_name(m->argv[0]), "podman") == 0) {
			struct command *parent;
			if (podman_analyze(m->argv, x->arg_len, x->nargs, &ctx, &m->pc, err,
					   sizeof(err)) != 0)
				goto link;
			m->is_podman = 1;
			parent = (ev->have & EV_PPID) ? command_by_pid(m, node, ev->ppid) : NULL;
			if (m->pc.internal == PODMAN_INTERNAL_NONE && parent != NULL) {
				const char **pargv =
				    alloc_check(calloc(parent->argc + 1, sizeof(*pargv)));
				size_t off = 0;
				for (size_t i = 0; i < parent->argc; i++) {
					pargv[i] = parent->args.buf + off;
					off += parent->lens[i] + 1;
				}
				if (podman_is_reexec(&ctx, m->argv, x->arg_len, x->nargs,
						     &parent->ctx, pargv, parent->lens,
						     parent->argc)) {
					m->pc.internal = PODMAN_INTERNAL_ROOTLESS_REEXEC;
					m->pc.internal_reason =
					    podman_internal_name(PODMAN_INTERNAL_ROOTLESS_REEXEC);
					m->cause = parent->id;
				}
				free(pargv);
			}
			m->internal = m->pc.internal != PODMAN_INTERNAL_NONE;
			strbuf_reset(&m->risks);
			for (size_t i = 0; i < m->pc.nrisks; i++)
				risk_put(&m->risks, m->pc.risks[i]);
			strbuf_reset(&m->risks_json);
			podman_risks_json(&m->pc, &m->risks_json);
			m->sp.mode = podman_mode_name(m->pc.mode);
			m->sp.subcommand = m->pc.subcommand;
			m->sp.object = m->pc.object;
			m->sp.container = m->pc.container;
			m->sp.image = m->pc.image;
			m->sp.pod = m->pc.pod;
			m->sp.volume = m->pc.volume;
			m->sp.risks = m->pc.nrisks ? strbuf_str(&m->risks) : NULL;
			m->sp.risks_json = strbuf_str(&m->risks_json);
			m->sp.internal = m->internal;
			m->sp.internal_reason = m->pc.internal_reason;
			ev->podman = &m->sp;
			if (!m->internal)
				m->cause = 0; /* a person's command is a cause, not caused */
			else if (m->cause == 0 && m->pc.container != NULL &&
				 looks_like_id(m->pc.container))
				/* conmon's exit command: conmon daemonised, its container tells. */
				m->cause = container_cause(m, m->pc.container, NULL);
			set_container(m, x, m->pc.container, NULL);
		} else if (strcmp(prog, "conmon") == 0 || strcmp(prog, "runc") == 0 ||
			   strcmp(prog, "crun") == 0) {
			if (runtime_analyze(m->argv, x->arg_len, x->nargs, &ctx, &m->rc, err,
					    sizeof(err)) != 0)
				goto link;
			/* conmon create names the container and belongs to who started it. */
			if (m->rc.container_id != NULL && m->rc.container_name != NULL)
				container_learn(m, m->rc.container_id, m->rc.container_name,
						m->rc.action && strcmp(m->rc.action, "create") == 0
						    ? m->cause
						    : 0);
			/* conmon --exec: the exec session's command, for its runtime exec. */
			if (m->rc.container_id != NULL && m->rc.action != NULL &&
			    strcmp(m->rc.runtime, "conmon") == 0 &&
			    strcmp(m->rc.action, "exec") == 0 && m->cause != 0)
				container_set_exec(m, m->rc.container_id, m->cause);
			/* The runtime runs under a daemonised conmon: its container tells. */
			if (m->cause == 0 && m->rc.container_id != NULL)
				m->cause = container_cause(m, m->rc.container_id, m->rc.action);
			/*
			 * Its parent is then that conmon, whose own earlier events
			 * (pid files, logs) could not be linked yet.
			 */
			if (m->cause != 0 && ctx.ppid > 1 && proc_find(m, node, ctx.ppid) == NULL)
				m->daemon_pid = ctx.ppid;
			m->sr.runtime = m->rc.runtime;
			m->sr.action = m->rc.action;
			ev->runtime = &m->sr;
			set_container(m, x, m->rc.container_id, m->rc.container_name);
		}
	}
link:
	if (m->cause != 0) {
		ev->cause_id = m->cause;
		ev->have |= EV_CAUSE;
	}
}

int
meaning_after(struct meaning *m, const struct extract *x, int64_t id, int64_t *link_pid,
	      int64_t *link_cause)
{
	const struct store_event *ev = &x->ev;
	uint64_t node = hash_str(ev->node);
	int64_t ses = (ev->have & EV_SES) ? ev->ses : -1;
	int64_t cause = m->cause;
	int link = 0;

	if (m->daemon_pid != 0) {
		proc_set(m, node, m->daemon_pid, ses, m->cause);
		*link_pid = m->daemon_pid;
		*link_cause = m->cause;
		link = 1;
	}
	if (!(ev->have & EV_PID) || x->nargs == 0)
		return link;
	if (m->is_podman && !m->internal)
		cause = id;
	else if (m->is_podman && cause == 0)
		cause = id;
	if (cause != 0)
		proc_set(m, node, ev->pid, ses, cause);
	if (m->is_podman) {
		struct command *c = &m->cmds[m->next_cmd++ % COMMANDS];
		c->node = node;
		c->id = cause;
		c->ses = ses;
		c->ctx.exe = NULL;
		c->ctx.comm = NULL;
		c->ctx.uid = (ev->have & EV_UID) ? ev->uid : -1;
		c->ctx.auid = (ev->have & EV_AUID) ? ev->auid : -1;
		c->ctx.pid = ev->pid;
		c->ctx.ppid = (ev->have & EV_PPID) ? ev->ppid : -1;
		strbuf_reset(&c->args);
		strbuf_add(&c->args, x->args.buf, x->args.len);
		if (c->cap < x->nargs) {
			c->lens = alloc_check(realloc(c->lens, x->nargs * sizeof(*c->lens)));
			c->cap = x->nargs;
		}
		memcpy(c->lens, x->arg_len, x->nargs * sizeof(*c->lens));
		c->argc = x->nargs;
	}
	return link;
}

void
meaning_learn_process(struct meaning *m, const char *node, int64_t pid, int64_t ses, int64_t cause)
{
	proc_set(m, hash_str(node), pid, ses, cause);
}

void
meaning_learn_container(struct meaning *m, const char *id, const char *name, int64_t cause)
{
	container_learn(m, id, name ? name : "", cause);
}
