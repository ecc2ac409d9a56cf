/*
 * tool.c: posix_spawn() with both output streams captured through poll().
 */
#include "rules/tool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CAPTURE (16u * 1024 * 1024)

static const char *const tool_dirs[] = {"/usr/sbin", "/sbin", "/usr/bin", "/bin", NULL};

/* Find a system tool; see tool.h. */
int
rules_tool_find(const char *name, struct strbuf *out, char *err, size_t errlen)
{
	for (size_t i = 0; tool_dirs[i] != NULL; i++) {
		struct stat st;
		strbuf_reset(out);
		strbuf_printf(out, "%s/%s", tool_dirs[i], name);
		if (stat(strbuf_str(out), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111))
			return 0;
	}
	snprintf(err, errlen, "%s not found in /usr/sbin, /sbin, /usr/bin or /bin", name);
	return -1;
}

/*
 * Read what is available on fd into sb (dropping bytes past MAX_CAPTURE).
 * Returns 1 while the pipe is open, 0 at end of file, -1 on error.
 */
static int
drain(int fd, struct strbuf *sb)
{
	char buf[4096];
	ssize_t r = read(fd, buf, sizeof(buf));

	if (r < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	if (r == 0)
		return 0;
	if (sb->len < MAX_CAPTURE)
		strbuf_add(sb, buf, (size_t)r);
	return 1;
}

/* Spawn, capture and wait; see tool.h. */
int
rules_tool_run(const char *const argv[], struct strbuf *out, struct strbuf *errout, int *status,
	       char *err, size_t errlen)
{
	static char *const envp[] = {
	    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	    "LC_ALL=C",
	    NULL,
	};
	int po[2] = {-1, -1}, pe[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	struct pollfd pfd[2];
	pid_t pid;
	int rc, wstatus;

	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail_pipes;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", argv[0], strerror(rc));
		goto fail_pipes;
	}
	pfd[0].fd = po[0];
	pfd[1].fd = pe[0];
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			if (drain(pfd[i].fd, i == 0 ? out : errout) <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: waitpid: %s", argv[0], strerror(errno));
			return -1;
		}
	}
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	return 0;
fail_pipes:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	return -1;
}
