/*
 * cmd_rules.c: podaudit rules print|install|verify.
 */
#include "cli/cli.h"

#include <stdio.h>

int
cmd_rules(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "podaudit: rules: not implemented yet\n");
	return CLI_FAIL;
}
