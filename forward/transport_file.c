/*
 * transport_file.c: file:PATH (JSON lines appended, for fluentd or filebeat
 * to tail) and "-" (standard output). A message is confirmed once a sync()
 * has flushed it (fflush) and, for a file, fsync()ed it.
 */
#include "forward/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

struct transport {
	FILE *f;
	int is_stdout;
	char path[4096];
	uint64_t sent, confirmed;
};

/* Open (creating with mode 0640) the file for appending, or take stdout. */
static int
file_open(struct transport **out, const struct transport_params *p, char *err, size_t errlen)
{
	struct transport *t = alloc_check(calloc(1, sizeof(*t)));
	int fd;

	if (p->url->scheme == FORWARD_STDOUT) {
		t->is_stdout = 1;
		t->f = stdout;
		strcpy(t->path, "standard output");
		*out = t;
		return 0;
	}
	snprintf(t->path, sizeof(t->path), "%s", p->url->path);
	fd = open(t->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd < 0 || (t->f = fdopen(fd, "a")) == NULL) {
		snprintf(err, errlen, "%s: %s", t->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(t);
		return TRANSPORT_RETRY;
	}
	setvbuf(t->f, NULL, _IOFBF, 1 << 16);
	*out = t;
	return 0;
}

/* A write error on standard output (a closed pipe) cannot be retried. */
static int
file_error(struct transport *t, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s: %s", t->path, what, strerror(errno));
	return t->is_stdout ? TRANSPORT_FATAL : TRANSPORT_RETRY;
}

/* Append msg and a newline (the message itself holds none: it is JSON). */
static int
file_send(struct transport *t, const char *msg, size_t len, char *err, size_t errlen)
{
	if (fwrite(msg, 1, len, t->f) != len || putc('\n', t->f) == EOF)
		return file_error(t, "write", err, errlen);
	t->sent++;
	return 0;
}

static uint64_t
file_confirmed(struct transport *t)
{
	return t->confirmed;
}

/* fflush, then fsync (standard output that is a pipe or a terminal cannot be synced). */
static int
file_sync(struct transport *t, char *err, size_t errlen)
{
	if (fflush(t->f) != 0)
		return file_error(t, "write", err, errlen);
	if (fsync(fileno(t->f)) != 0 && !(t->is_stdout && (errno == EINVAL || errno == EROFS)))
		return file_error(t, "fsync", err, errlen);
	t->confirmed = t->sent;
	return 0;
}

static void
file_close(struct transport *t)
{
	if (t == NULL)
		return;
	if (t->is_stdout)
		fflush(t->f);
	else
		fclose(t->f);
	free(t);
}

/* How many messages may wait for sync(). */
static unsigned
file_sync_every(struct transport *t)
{
	(void)t;
	return 512;
}

const struct transport_ops transport_file_ops = {
    .open = file_open,
    .send = file_send,
    .confirmed = file_confirmed,
    .sync = file_sync,
    .close = file_close,
    .sync_every = file_sync_every,
    .max_len = 0,
};
