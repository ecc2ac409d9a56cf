/*
 * extract.c: turning the event libauparse holds into a store_event.
 *
 * Values are decoded here from the text the kernel wrote (quoted or hex)
 * rather than through auparse's interpretations, so that every byte of an
 * argument, path or command name is kept exactly. Only the syscall name and
 * the login name for auid come from auparse's interpretation: the latter
 * reads the ENRICHED fields when the log has them, and NSS otherwise.
 */
#include "ingest/extract.h"

#include <libaudit.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/json.h"

void
extract_init(struct extract *x)
{
	memset(x, 0, sizeof(*x));
}

void
extract_free(struct extract *x)
{
	struct strbuf *bufs[] = {&x->node, &x->type, &x->key,	 &x->syscall,	&x->tty,
				 &x->comm, &x->exe,  &x->cwd,	 &x->proctitle, &x->user,
				 &x->argv, &x->args, &x->scratch};

	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		strbuf_free(bufs[i]);
	for (size_t i = 0; i < x->paths_cap; i++) {
		strbuf_free(&x->path_names[i]);
		strbuf_free(&x->path_types[i]);
	}
	free(x->path_names);
	free(x->path_types);
	free(x->paths);
	free(x->arg_off);
	free(x->arg_len);
	memset(x, 0, sizeof(*x));
}

void
extract_trim(struct extract *x, size_t max)
{
	struct strbuf *bufs[] = {&x->node, &x->type, &x->key,	 &x->syscall,	&x->tty,
				 &x->comm, &x->exe,  &x->cwd,	 &x->proctitle, &x->user,
				 &x->argv, &x->args, &x->scratch};

	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		if (bufs[i]->cap > max)
			strbuf_free(bufs[i]);
	for (size_t i = 0; i < x->paths_cap; i++) {
		if (x->path_names[i].cap > max)
			strbuf_free(&x->path_names[i]);
		if (x->path_types[i].cap > max)
			strbuf_free(&x->path_types[i]);
	}
	if (x->paths_cap * sizeof(*x->paths) > max) {
		for (size_t i = 0; i < x->paths_cap; i++) {
			strbuf_free(&x->path_names[i]);
			strbuf_free(&x->path_types[i]);
		}
		free(x->path_names);
		free(x->path_types);
		free(x->paths);
		x->path_names = x->path_types = NULL;
		x->paths = NULL;
		x->paths_cap = x->npaths = 0;
	}
	if (x->args_cap * sizeof(*x->arg_off) > max) {
		free(x->arg_off);
		free(x->arg_len);
		x->arg_off = x->arg_len = NULL;
		x->args_cap = x->nargs = 0;
	}
}

/* Value of one hex digit, or -1. */
static inline int
hexval(char ch)
{
	unsigned c = (unsigned char)ch;

	if (c - '0' < 10u)
		return (int)(c - '0');
	c |= 0x20; /* lower case */
	if (c - 'a' < 6u)
		return (int)(c - 'a' + 10);
	return -1;
}

int
extract_decode_value(const char *value, struct strbuf *out)
{
	size_t n = strlen(value), start;
	char *o;

	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		strbuf_add(out, value + 1, n - 2);
		return 0;
	}
	if (value[0] == '(' && (strcmp(value, "(null)") == 0 || strcmp(value, "(none)") == 0))
		return 0;
	if (n == 0 || n % 2 != 0)
		return -1;
	strbuf_grow(out, n / 2);
	start = out->len;
	o = out->buf + start;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(value[i]), lo = hexval(value[i + 1]);
		if ((hi | lo) < 0) {
			out->buf[start] = '\0';
			return -1;
		}
		*o++ = (char)(hi << 4 | lo);
	}
	out->len = start + n / 2;
	out->buf[out->len] = '\0';
	return 0;
}

/* Decode a value into sb (replacing it); a value that does not decode is kept as written. */
static void
set_decoded(struct strbuf *sb, const char *value)
{
	strbuf_reset(sb);
	if (extract_decode_value(value, sb) != 0) {
		strbuf_reset(sb);
		strbuf_puts(sb, value);
	}
}

/*
 * Parse an integer in base 10 or 8 filling the whole string, as strtoll
 * does (sign, overflow clamped); 0 on success. Plain short digit strings,
 * nearly all of them, are read here; anything else goes to strtoll.
 */
static int
parse_int(const char *s, int base, int64_t *v)
{
	char *end;
	long long n;
	int64_t r = 0;
	size_t i;

	if (s == NULL || *s == '\0')
		return -1;
	for (i = 0; i < 18 && s[i] >= '0' && s[i] < '0' + base; i++)
		r = r * base + (s[i] - '0');
	if (s[i] == '\0') {
		*v = r;
		return 0;
	}
	n = strtoll(s, &end, base);
	if (*end != '\0')
		return -1;
	*v = n;
	return 0;
}

/* Set an optional integer field once: the first record that has it wins. */
static void
set_int_once(struct extract *x, unsigned bit, int64_t *dst, const char *s)
{
	int64_t v;

	if ((x->ev.have & bit) || parse_int(s, 10, &v) != 0)
		return;
	*dst = v;
	x->ev.have |= bit;
}

/* Has a string field been set for this event? */
static int
is_set(const char **field)
{
	return *field != NULL;
}

/* Decode a string field into sb once, pointing *field at it. */
static void
set_str_once(const char **field, struct strbuf *sb, const char *value, int decode)
{
	if (is_set(field))
		return;
	if (decode)
		set_decoded(sb, value);
	else {
		strbuf_reset(sb);
		strbuf_puts(sb, value);
	}
	*field = strbuf_str(sb);
}

/* Start a new argument (index == nargs). */
static void
arg_begin(struct extract *x)
{
	if (x->nargs == x->args_cap) {
		size_t cap = x->args_cap ? x->args_cap * 2 : 32;
		x->arg_off = alloc_check(realloc(x->arg_off, cap * sizeof(*x->arg_off)));
		x->arg_len = alloc_check(realloc(x->arg_len, cap * sizeof(*x->arg_len)));
		x->args_cap = cap;
	}
	x->arg_off[x->nargs] = x->args.len;
	x->arg_len[x->nargs] = 0;
	strbuf_putc(&x->args, '\0');
	x->nargs++;
}

/* Append decoded bytes of value to the last argument, keeping it NUL-terminated. */
static void
arg_append(struct extract *x, const char *value)
{
	size_t before;

	x->args.len--; /* drop the argument's NUL */
	before = x->args.len;
	if (extract_decode_value(value, &x->args) != 0)
		strbuf_puts(&x->args, value);
	x->arg_len[x->nargs - 1] += x->args.len - before;
	strbuf_putc(&x->args, '\0');
}

/*
 * One EXECVE field: "aN" is argument N whole, "aN[k]" its k-th piece,
 * "aN_len" and "argc" carry no bytes. Arguments continue across records.
 */
static void
execve_field(struct extract *x, const char *name, const char *value)
{
	char *end;
	unsigned long idx;

	if (name[0] != 'a' || name[1] < '0' || name[1] > '9')
		return;
	idx = strtoul(name + 1, &end, 10);
	if (strcmp(end, "_len") == 0)
		return;
	if (*end != '\0' && *end != '[')
		return;
	if (idx > 65536)
		return;
	if (*end == '[' && x->nargs == idx + 1) {
		arg_append(x, value); /* next piece of the current argument */
		return;
	}
	if (idx < x->nargs)
		return; /* a repeated or out-of-order argument: keep the first */
	while (x->nargs < idx)
		arg_begin(x); /* arguments lost in between stay empty */
	arg_begin(x);
	arg_append(x, value);
}

/* The fields extract_event() reads. */
enum field {
	F_OTHER,
	F_AUID,
	F_COMM,
	F_CWD,
	F_EXE,
	F_EXIT,
	F_EUID,
	F_GID,
	F_KEY,
	F_PID,
	F_PPID,
	F_RES,
	F_SYSCALL,
	F_SUCCESS,
	F_SES,
	F_TTY,
	F_TERMINAL,
	F_UID,
	F_ITEM,
	F_NAME,
	F_NAMETYPE,
	F_INODE,
	F_MODE,
	F_OUID,
};

/* Does name (of length n) equal the literal lit? */
#define NAME_IS(name, n, lit) ((n) == sizeof(lit) - 1 && memcmp((name), (lit), (n)) == 0)

/* Which field a name is: by length and first letter, then one comparison. */
static enum field
field_of(const char *name)
{
	size_t n = strlen(name);

	switch (name[0]) {
	case 'a':
		return NAME_IS(name, n, "auid") ? F_AUID : F_OTHER;
	case 'c':
		return NAME_IS(name, n, "comm")	 ? F_COMM
		       : NAME_IS(name, n, "cwd") ? F_CWD
						 : F_OTHER;
	case 'e':
		if (n == 3)
			return NAME_IS(name, n, "exe") ? F_EXE : F_OTHER;
		return NAME_IS(name, n, "exit")	  ? F_EXIT
		       : NAME_IS(name, n, "euid") ? F_EUID
						  : F_OTHER;
	case 'g':
		return NAME_IS(name, n, "gid") ? F_GID : F_OTHER;
	case 'i':
		return NAME_IS(name, n, "item")	   ? F_ITEM
		       : NAME_IS(name, n, "inode") ? F_INODE
						   : F_OTHER;
	case 'k':
		return NAME_IS(name, n, "key") ? F_KEY : F_OTHER;
	case 'm':
		return NAME_IS(name, n, "mode") ? F_MODE : F_OTHER;
	case 'n':
		return NAME_IS(name, n, "name")	      ? F_NAME
		       : NAME_IS(name, n, "nametype") ? F_NAMETYPE
						      : F_OTHER;
	case 'o':
		return NAME_IS(name, n, "ouid") ? F_OUID : F_OTHER;
	case 'p':
		return NAME_IS(name, n, "pid")	  ? F_PID
		       : NAME_IS(name, n, "ppid") ? F_PPID
						  : F_OTHER;
	case 'r':
		return NAME_IS(name, n, "res") ? F_RES : F_OTHER;
	case 's':
		if (n == 3)
			return NAME_IS(name, n, "ses") ? F_SES : F_OTHER;
		return NAME_IS(name, n, "syscall")   ? F_SYSCALL
		       : NAME_IS(name, n, "success") ? F_SUCCESS
						     : F_OTHER;
	case 't':
		return NAME_IS(name, n, "tty")	      ? F_TTY
		       : NAME_IS(name, n, "terminal") ? F_TERMINAL
						      : F_OTHER;
	case 'u':
		return NAME_IS(name, n, "uid") ? F_UID : F_OTHER;
	default:
		return F_OTHER;
	}
}

/* Ensure room for one more PATH record. */
static struct store_path *
path_new(struct extract *x)
{
	struct store_path *p;

	if (x->npaths == x->paths_cap) {
		size_t cap = x->paths_cap ? x->paths_cap * 2 : 8;
		x->paths = alloc_check(realloc(x->paths, cap * sizeof(*x->paths)));
		x->path_names = alloc_check(realloc(x->path_names, cap * sizeof(*x->path_names)));
		x->path_types = alloc_check(realloc(x->path_types, cap * sizeof(*x->path_types)));
		for (size_t i = x->paths_cap; i < cap; i++) {
			struct strbuf empty = STRBUF_INIT;
			x->path_names[i] = empty;
			x->path_types[i] = empty;
		}
		x->paths_cap = cap;
	}
	p = &x->paths[x->npaths];
	memset(p, 0, sizeof(*p));
	strbuf_reset(&x->path_names[x->npaths]);
	strbuf_reset(&x->path_types[x->npaths]);
	x->npaths++;
	return p;
}

/* The fields of one PATH record. */
static void
path_record(struct extract *x, auparse_state_t *au)
{
	size_t i = x->npaths;
	struct store_path *p = path_new(x);
	int64_t v;

	p->item = (int)i;
	if (auparse_first_field(au) == 0)
		return;
	do {
		const char *name = auparse_get_field_name(au);
		const char *value = auparse_get_field_str(au);
		if (name == NULL || value == NULL)
			continue;
		switch (field_of(name)) {
		case F_ITEM:
			if (parse_int(value, 10, &v) == 0)
				p->item = (int)v;
			break;
		case F_NAME:
			set_decoded(&x->path_names[i], value);
			p->name = strbuf_str(&x->path_names[i]);
			break;
		case F_NAMETYPE:
			strbuf_puts(&x->path_types[i], value);
			p->nametype = strbuf_str(&x->path_types[i]);
			break;
		case F_INODE:
			if (parse_int(value, 10, &v) == 0) {
				p->inode = v;
				p->have |= PATH_INODE;
			}
			break;
		case F_MODE:
			if (parse_int(value, 8, &v) == 0) {
				p->mode = v;
				p->have |= PATH_MODE;
			}
			break;
		case F_OUID:
			if (parse_int(value, 10, &v) == 0) {
				p->ouid = v;
				p->have |= PATH_OUID;
			}
			break;
		default:
			break;
		}
	} while (auparse_next_field(au) > 0);
}

/* Keys may be several joined by 0x01: shown joined by ','. */
static void
set_key(struct extract *x, const char *value)
{
	/* "(null)" is no key, also when a lost 0x1d glued the ENRICHED part to it. */
	if (x->ev.key != NULL || strncmp(value, "(null)", 6) == 0)
		return;
	set_decoded(&x->key, value);
	for (size_t i = 0; i < x->key.len; i++)
		if (x->key.buf[i] == '\x01')
			x->key.buf[i] = ',';
	if (x->key.len > 0)
		x->ev.key = strbuf_str(&x->key);
}

/* The fields of any other record: the first record carrying a field sets it. */
static void
generic_record(struct extract *x, auparse_state_t *au)
{
	struct store_event *ev = &x->ev;

	if (auparse_first_field(au) == 0)
		return;
	do {
		const char *name = auparse_get_field_name(au);
		const char *value = auparse_get_field_str(au);
		if (name == NULL || value == NULL)
			continue;
		switch (field_of(name)) {
		case F_AUID:
			if (!(ev->have & EV_AUID)) {
				set_int_once(x, EV_AUID, &ev->auid, value);
				if (ev->have & EV_AUID) {
					const char *u = auparse_interpret_field(au);
					strbuf_reset(&x->user);
					if (u != NULL) {
						strbuf_puts(&x->user, u);
						ev->user = strbuf_str(&x->user);
					}
				}
			}
			break;
		case F_COMM:
			set_str_once(&ev->comm, &x->comm, value, 1);
			break;
		case F_CWD:
			set_str_once(&ev->cwd, &x->cwd, value, 1);
			break;
		case F_EXE:
			set_str_once(&ev->exe, &x->exe, value, 1);
			break;
		case F_EXIT:
			set_int_once(x, EV_EXIT, &ev->exit, value);
			break;
		case F_EUID:
			set_int_once(x, EV_EUID, &ev->euid, value);
			break;
		case F_GID:
			set_int_once(x, EV_GID, &ev->gid, value);
			break;
		case F_KEY:
			set_key(x, value);
			break;
		case F_PID:
			set_int_once(x, EV_PID, &ev->pid, value);
			break;
		case F_PPID:
			set_int_once(x, EV_PPID, &ev->ppid, value);
			break;
		case F_RES:
			if (!(ev->have & EV_SUCCESS)) {
				if (strcmp(value, "success") == 0 || strcmp(value, "1") == 0 ||
				    strcmp(value, "yes") == 0)
					ev->success = 1;
				else
					ev->success = 0;
				ev->have |= EV_SUCCESS;
			}
			break;
		case F_SYSCALL:
			if (ev->syscall == NULL) {
				const char *sc = auparse_interpret_field(au);
				set_str_once(&ev->syscall, &x->syscall, sc ? sc : value, 0);
			}
			break;
		case F_SUCCESS:
			if (!(ev->have & EV_SUCCESS)) {
				ev->success = strcmp(value, "yes") == 0;
				ev->have |= EV_SUCCESS;
			}
			break;
		case F_SES:
			set_int_once(x, EV_SES, &ev->ses, value);
			break;
		case F_TTY:
		case F_TERMINAL:
			set_str_once(&ev->tty, &x->tty, value, 0);
			break;
		case F_UID:
			set_int_once(x, EV_UID, &ev->uid, value);
			break;
		default:
			break;
		}
	} while (auparse_next_field(au) > 0);
}

int
extract_has_key(struct extract *x, auparse_state_t *au, const char *const *keys)
{
	struct strbuf *k = &x->scratch;
	const char *v;
	int hit = 0;

	if (auparse_first_record(au) <= 0)
		return 0;
	for (v = auparse_find_field(au, "key"); v != NULL && !hit;
	     v = auparse_find_field_next(au)) {
		const char *p, *end;
		if (strncmp(v, "(null)", 6) == 0)
			continue;
		strbuf_reset(k);
		if (extract_decode_value(v, k) != 0)
			continue;
		p = strbuf_str(k);
		end = p + k->len;
		while (!hit) {
			const char *sep = memchr(p, '\x01', (size_t)(end - p));
			size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
			for (size_t i = 0; keys[i] != NULL; i++)
				if (strlen(keys[i]) == n && memcmp(keys[i], p, n) == 0)
					hit = 1;
			if (sep == NULL)
				break;
			p = sep + 1;
		}
	}
	return hit;
}

void
extract_event(struct extract *x, auparse_state_t *au)
{
	const au_event_t *ts = auparse_get_timestamp(au);
	struct store_event *ev = &x->ev;
	int first = 1;

	memset(ev, 0, sizeof(*ev));
	x->nargs = 0;
	x->npaths = 0;
	strbuf_reset(&x->args);
	strbuf_reset(&x->node);
	strbuf_puts(&x->node, ts && ts->host ? ts->host : "");
	ev->node = strbuf_str(&x->node);
	if (ts != NULL) {
		ev->sec = (int64_t)ts->sec;
		ev->msec = (int)ts->milli;
		ev->serial = ts->serial;
	}
	if (auparse_first_record(au) <= 0)
		return;
	do {
		int type = auparse_get_type(au);
		if (first) {
			const char *tn = auparse_get_type_name(au);
			strbuf_reset(&x->type);
			strbuf_puts(&x->type, tn ? tn : "UNKNOWN");
			ev->type = strbuf_str(&x->type);
			first = 0;
		}
		switch (type) {
		case AUDIT_EXECVE:
			if (auparse_first_field(au) == 0)
				break;
			do {
				const char *n = auparse_get_field_name(au);
				const char *v = auparse_get_field_str(au);
				if (n != NULL && v != NULL)
					execve_field(x, n, v);
			} while (auparse_next_field(au) > 0);
			break;
		case AUDIT_PATH:
			path_record(x, au);
			break;
		case AUDIT_CWD:
			if (auparse_find_field(au, "cwd"))
				set_str_once(&ev->cwd, &x->cwd, auparse_get_field_str(au), 1);
			break;
		case AUDIT_PROCTITLE:
			if (ev->proctitle == NULL && auparse_find_field(au, "proctitle")) {
				set_decoded(&x->proctitle, auparse_get_field_str(au));
				for (size_t i = 0; i < x->proctitle.len; i++)
					if (x->proctitle.buf[i] == '\0')
						x->proctitle.buf[i] = ' ';
				while (x->proctitle.len > 0 &&
				       x->proctitle.buf[x->proctitle.len - 1] == ' ')
					x->proctitle.buf[--x->proctitle.len] = '\0';
				ev->proctitle = strbuf_str(&x->proctitle);
			}
			break;
		default:
			generic_record(x, au);
			break;
		}
	} while (auparse_next_record(au) > 0);
	if (x->nargs > 0) {
		strbuf_reset(&x->argv);
		strbuf_putc(&x->argv, '[');
		for (size_t i = 0; i < x->nargs; i++) {
			if (i > 0)
				strbuf_putc(&x->argv, ',');
			json_put_string(&x->argv, x->args.buf + x->arg_off[i], x->arg_len[i]);
		}
		strbuf_putc(&x->argv, ']');
		ev->argv_json = strbuf_str(&x->argv);
	}
	ev->paths = x->paths;
	ev->npaths = x->npaths;
}
