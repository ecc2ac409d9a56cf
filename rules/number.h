/*
 * number.h: bounded parsing of unsigned numbers (a strtonum() for podaudit).
 */
#ifndef PODAUDIT_RULES_NUMBER_H
#define PODAUDIT_RULES_NUMBER_H

/*
 * Parse all of s as an unsigned number in base (10, or 0 for C notation:
 * 0x hex, leading 0 octal) no greater than max. Leading blanks, signs,
 * trailing characters and an empty string are refused. Returns 0 and sets
 * *out, or -1 (leaving *out untouched) when s is not such a number.
 */
int rules_parse_number(const char *s, int base, unsigned long long max, unsigned long long *out);

#endif
