/*
 * podman_risks.c: risk findings of a container-creating command line, from
 * a fixed vocabulary (docs/podman-meaning.md): privileged, added
 * capabilities, host namespaces, disabled confinement, host mounts, API
 * socket mounts, devices.
 */
#include "ingest/podman/podman_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/podman/podman_internal.h"
#include "util/strbuf.h"

static const char *const risk_names[PODMAN_RISK_COUNT] = {
    "privileged",
    "cap_add",
    "host_pid",
    "host_network",
    "host_ipc",
    "host_uts",
    "host_userns",
    "seccomp_unconfined",
    "apparmor_unconfined",
    "label_disable",
    "host_mount",
    "runtime_socket_mount",
    "device",
    "exec_privileged",
};

/* ---------------------------------------------------------------- risks */

/*
 * Split s (n bytes) like Go's encoding/csv reading one record, as pflag
 * does for string-slice options and podman for --mount: fields separated by
 * ',', a field in double quotes may hold ',' and '""' for '"', leading empty
 * lines are skipped, the record ends at a newline. Calls fn for each field.
 * A malformed value (a bare or unterminated quote), which podman refuses,
 * is split on every ',' instead.
 */
static void
csv_fields(const char *s, size_t n, void (*fn)(void *, const char *, size_t), void *ctx)
{
	struct strbuf f = STRBUF_INIT;
	struct podman_strv fields = {NULL, 0, 0};
	size_t i = 0;
	int bad = 0;

	while (i < n && (s[i] == '\n' || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')))
		i += s[i] == '\n' ? 1 : 2;
	while (i < n) {
		strbuf_reset(&f);
		if (s[i] == '"') {
			int closed = 0;

			for (i++; i < n; i++) {
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						strbuf_putc(&f, '"');
						i++;
						continue;
					}
					closed = 1;
					i++;
					break;
				}
				if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
					continue;
				strbuf_putc(&f, s[i]);
			}
			if (!closed) {
				bad = 1;
				break;
			}
			podman_strv_push(&fields, strbuf_str(&f), f.len, 0);
			if (i < n && s[i] == ',') {
				i++;
				if (i == n)
					podman_strv_push(&fields, "", 0, 0);
				continue;
			}
			if (i < n && s[i] != '\n' &&
			    !(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
				bad = 1;
			break;
		} else {
			size_t st = i, e;

			while (i < n && s[i] != ',' && s[i] != '\n')
				i++;
			e = i;
			if (e > st && s[e - 1] == '\r' && (e == n || s[e] == '\n'))
				e--;
			if (memchr(s + st, '"', e - st) != NULL) {
				bad = 1;
				break;
			}
			podman_strv_push(&fields, s + st, e - st, 0);
			if (i < n && s[i] == ',') {
				i++;
				if (i == n)
					podman_strv_push(&fields, "", 0, 0);
				continue;
			}
			break;
		}
	}
	if (bad) {
		size_t st = 0;

		for (size_t j = 0; j <= n; j++) {
			if (j == n || s[j] == ',') {
				fn(ctx, s + st, j - st);
				st = j + 1;
			}
		}
	} else {
		for (size_t j = 0; j < fields.n; j++)
			fn(ctx, fields.v[j], strlen(fields.v[j]));
	}
	podman_strv_free(&fields);
	strbuf_free(&f);
}

/* csv_fields() callback for --cap-add: upper case, without "CAP_". */
static void
risk_cap(void *ctx, const char *s, size_t n)
{
	struct podman_risks *r = ctx;
	struct strbuf b = STRBUF_INIT;
	const char *c;

	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		strbuf_putc(&b, (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch);
	}
	c = strbuf_str(&b);
	if (b.len > 4 && memcmp(c, "CAP_", 4) == 0)
		podman_strv_push(&r->caps, c + 4, b.len - 4, 1);
	else
		podman_strv_push(&r->caps, c, b.len, 1);
	r->mask |= 1u << PODMAN_RISK_CAP_ADD;
	strbuf_free(&b);
}

/* csv_fields() callback for --device: the host path before the first ':'. */
static void
risk_device(void *ctx, const char *s, size_t n)
{
	struct podman_risks *r = ctx;
	const char *c = memchr(s, ':', n);

	if (c != NULL)
		n = (size_t)(c - s);
	if (n == 0)
		return;
	podman_strv_push(&r->devices, s, n, 1);
	r->mask |= 1u << PODMAN_RISK_DEVICE;
}

/* 1 when path (n bytes) is a podman or docker API socket or its directory. */
static int
is_runtime_socket(const char *s, size_t n)
{
	struct podman_str base;

	while (n > 1 && s[n - 1] == '/')
		n--;
	podman_basename(s, n, &base);
	if (podman_str_eq(base.p, base.n, "podman.sock") ||
	    podman_str_eq(base.p, base.n, "docker.sock"))
		return 1;
	if (podman_str_eq(s, n, "/run/podman") || podman_str_eq(s, n, "/var/run/podman") ||
	    podman_str_eq(s, n, "/run/docker") || podman_str_eq(s, n, "/var/run/docker"))
		return 1;
	/* /run/user/<uid>/podman */
	if (n > 17 && memcmp(s, "/run/user/", 10) == 0 && podman_str_eq(base.p, base.n, "podman")) {
		size_t i = 10;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		return i > 10 && s + i + 1 == base.p && s[i] == '/';
	}
	return 0;
}

/* Record a bind mount of host path src (n bytes). */
void
podman_risks_host_mount(struct podman_risks *r, const char *src, size_t n)
{
	podman_strv_push(&r->mounts, src, n, 1);
	r->mask |= 1u << PODMAN_RISK_HOST_MOUNT;
	if (is_runtime_socket(src, n))
		r->mask |= 1u << PODMAN_RISK_RUNTIME_SOCKET_MOUNT;
}

/* Context for parsing one --mount value. */
struct pa_mount {
	struct podman_str type, src;
	struct strbuf store; /* holds copies of type and source */
	size_t type_off, src_off;
	int has_type, has_src;
};

/* csv_fields() callback for --mount: note type= and source=/src=. */
static void
mount_field(void *ctx, const char *s, size_t n)
{
	struct pa_mount *m = ctx;
	const char *eq = memchr(s, '=', n);
	size_t klen;

	if (eq == NULL)
		return;
	klen = (size_t)(eq - s);
	if (podman_str_eq(s, klen, "type") && !m->has_type) {
		m->type_off = m->store.len;
		m->type.n = n - klen - 1;
		strbuf_add(&m->store, eq + 1, m->type.n);
		strbuf_putc(&m->store, '\0');
		m->has_type = 1;
	} else if (podman_str_eq(s, klen, "source") || podman_str_eq(s, klen, "src")) {
		m->src_off = m->store.len;
		m->src.n = n - klen - 1;
		strbuf_add(&m->store, eq + 1, m->src.n);
		strbuf_putc(&m->store, '\0');
		m->has_src = 1;
	}
}

/* --mount: type=bind (or glob) with a source is a host mount; type=volume names a volume. */
static void
risk_mount(struct podman_risks *r, struct podman_cmd *out, const char *s, size_t n)
{
	struct pa_mount m;

	memset(&m, 0, sizeof(m));
	csv_fields(s, n, mount_field, &m);
	if (m.has_src && m.src.n > 0) {
		const char *src = m.store.buf + m.src_off;
		const char *type = m.has_type ? m.store.buf + m.type_off : "volume";
		size_t tlen = m.has_type ? m.type.n : 6;

		if (podman_str_eq(type, tlen, "bind") || podman_str_eq(type, tlen, "glob"))
			podman_risks_host_mount(r, src, m.src.n);
		else if (podman_str_eq(type, tlen, "volume"))
			podman_set_once(&out->volume, src, m.src.n);
	}
	strbuf_free(&m.store);
}

/* -v/--volume SRC:DST[:OPTS]: SRC starting with '/' or '.' is a host path, else a volume name. */
static void
risk_volume(struct podman_risks *r, struct podman_cmd *out, const char *s, size_t n)
{
	const char *c = memchr(s, ':', n);
	size_t slen;

	if (c == NULL)
		return; /* "-v /data": an anonymous volume */
	slen = (size_t)(c - s);
	if (slen == 0)
		return;
	if (s[0] == '/' || s[0] == '.')
		podman_risks_host_mount(r, s, slen);
	else
		podman_set_once(&out->volume, s, slen);
}

/* 1 when a namespace option value means the host's namespace of kind ("pid", "net", ...). */
static int
is_host_ns(const struct podman_str *v, const char *kind)
{
	char path[32];

	if (podman_str_eq(v->p, v->n, "host"))
		return 1;
	snprintf(path, sizeof(path), "ns:/proc/1/ns/%s", kind);
	return podman_str_eq(v->p, v->n, path);
}

/* --security-opt KEY=VALUE (or KEY:VALUE): unconfined seccomp/apparmor, label=disable. */
static void
risk_secopt(struct podman_risks *r, const char *s, size_t n)
{
	const char *sep = memchr(s, '=', n);
	size_t klen;
	const char *v;
	size_t vlen;

	if (sep == NULL)
		sep = memchr(s, ':', n);
	if (sep == NULL)
		return;
	klen = (size_t)(sep - s);
	v = sep + 1;
	vlen = n - klen - 1;
	if (podman_str_eq(s, klen, "seccomp") && podman_str_eq(v, vlen, "unconfined"))
		r->mask |= 1u << PODMAN_RISK_SECCOMP_UNCONFINED;
	else if (podman_str_eq(s, klen, "apparmor") && podman_str_eq(v, vlen, "unconfined"))
		r->mask |= 1u << PODMAN_RISK_APPARMOR_UNCONFINED;
	else if (podman_str_eq(s, klen, "label") && podman_str_eq(v, vlen, "disable"))
		r->mask |= 1u << PODMAN_RISK_LABEL_DISABLE;
}

/* Collect the risks of a container-creating command (run, create, pod create, build ...). */
void
podman_risks_collect(const struct podman_parse *p, struct podman_risks *r, struct podman_cmd *out)
{
	static const struct {
		const char *flag;
		const char *ns;
		enum podman_risk risk;
	} nsopts[] = {
	    {"pid", "pid", PODMAN_RISK_HOST_PID},
	    {"ipc", "ipc", PODMAN_RISK_HOST_IPC},
	    {"uts", "uts", PODMAN_RISK_HOST_UTS},
	    {"userns", "user", PODMAN_RISK_HOST_USERNS},
	};

	if (podman_parse_last_bool(p, "privileged"))
		r->mask |= 1u << PODMAN_RISK_PRIVILEGED;
	for (size_t k = 0; k < sizeof(nsopts) / sizeof(nsopts[0]); k++) {
		struct podman_str v = podman_parse_last_value(p, nsopts[k].flag);

		if (v.p != NULL && is_host_ns(&v, nsopts[k].ns))
			r->mask |= 1u << nsopts[k].risk;
	}
	for (size_t i = 0; i < p->nflags; i++) {
		const struct podman_flag *f = &p->flags[i];

		if (!f->has_val)
			continue;
		if (podman_flag_is(f, "cap-add"))
			csv_fields(f->val.p, f->val.n, risk_cap, r);
		else if (podman_flag_is(f, "network") && is_host_ns(&f->val, "net"))
			r->mask |= 1u << PODMAN_RISK_HOST_NETWORK;
		else if (podman_flag_is(f, "security-opt"))
			risk_secopt(r, f->val.p, f->val.n);
		else if (podman_flag_is(f, "volume"))
			risk_volume(r, out, f->val.p, f->val.n);
		else if (podman_flag_is(f, "mount"))
			risk_mount(r, out, f->val.p, f->val.n);
		else if (podman_flag_is(f, "device"))
			csv_fields(f->val.p, f->val.n, risk_device, r);
	}
}

/* Emit the collected risks into out in vocabulary order. */
void
podman_risks_emit(struct podman_risks *r, struct podman_cmd *out)
{
	struct podman_strv sv = {NULL, 0, 0};
	struct strbuf b = STRBUF_INIT;

	for (int k = 0; k < PODMAN_RISK_COUNT; k++) {
		const struct podman_strv *args = NULL;

		if (!(r->mask & (1u << k)))
			continue;
		if (k == PODMAN_RISK_CAP_ADD)
			args = &r->caps;
		else if (k == PODMAN_RISK_HOST_MOUNT)
			args = &r->mounts;
		else if (k == PODMAN_RISK_DEVICE)
			args = &r->devices;
		if (args == NULL) {
			podman_strv_push(&sv, risk_names[k], strlen(risk_names[k]), 0);
			continue;
		}
		for (size_t i = 0; i < args->n; i++) {
			strbuf_reset(&b);
			strbuf_puts(&b, risk_names[k]);
			strbuf_putc(&b, ':');
			strbuf_puts(&b, args->v[i]);
			podman_strv_push(&sv, b.buf, b.len, 0);
		}
	}
	out->risks = sv.v;
	out->nrisks = sv.n;
	out->risk_mask = r->mask;
	strbuf_free(&b);
}

/* Name of a risk kind; see podman_args.h. */
const char *
podman_risk_name(enum podman_risk risk)
{
	if ((int)risk < 0 || risk >= PODMAN_RISK_COUNT)
		return NULL;
	return risk_names[risk];
}
