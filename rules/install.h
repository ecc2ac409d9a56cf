/*
 * install.h: writing podaudit's files under /etc/audit safely.
 *
 * A file is replaced atomically (temporary file in the same directory,
 * fsync, rename, fsync of the directory), so auditd or augenrules never read
 * half a file, and only when its content or mode differs: installing twice
 * changes nothing, not even the modification time.
 */
#ifndef PODAUDIT_RULES_INSTALL_H
#define PODAUDIT_RULES_INSTALL_H

#include <stddef.h>
#include <sys/types.h>

#include "rules/ruleset.h"
#include "util/strbuf.h"

#define RULES_INSTALL_DIR	  "/etc/audit/rules.d"
#define RULES_INSTALL_NAME	  "50-podaudit.rules"
#define RULES_INSTALL_RULES_FILE  RULES_INSTALL_DIR "/" RULES_INSTALL_NAME
#define RULES_INSTALL_PLUGIN_FILE "/etc/audit/plugins.d/podaudit.conf"
#define RULES_INSTALL_MODE	  0640

enum rules_install_result {
	RULES_INSTALL_UNCHANGED = 0, /* the file already held that content and mode */
	RULES_INSTALL_WRITTEN = 1,   /* the file was created or replaced */
};

/*
 * Read the regular file at path (not following a symbolic link) into out
 * (appended). Returns 1 when read, 0 when there is no such file, -1 with a
 * message when it cannot be read or is not a regular file.
 */
int rules_install_read(const char *path, struct strbuf *out, char *err, size_t errlen);

/*
 * Make path hold len bytes of content with the given mode, atomically;
 * missing parent directories are created with mode 0750. An existing file
 * that is not a regular file (a symbolic link, say) is refused. Returns
 * RULES_INSTALL_UNCHANGED or RULES_INSTALL_WRITTEN, or -1 with a message (the
 * temporary file is removed and path is untouched).
 */
int rules_install_write(const char *path, const char *content, size_t len, mode_t mode, char *err,
			size_t errlen);

/*
 * Look through the other "*.rules" files of the directory dir (all but
 * own_name) for rules of set, and add a warning to notes for each one found:
 * auditctl refuses a rule that exists already, and augenrules stops loading
 * at the first refusal. Unreadable files are skipped. Returns the number of
 * duplicates found, or -1 with a message when dir cannot be read (a missing
 * directory is not an error).
 */
long rules_install_find_duplicates(const char *dir, const char *own_name,
				   const struct rules_set *set, struct rules_set *notes, char *err,
				   size_t errlen);

#endif
