/*
 * schema.h: the database schema as an ordered list of migrations.
 */
#ifndef PODAUDIT_SCHEMA_H
#define PODAUDIT_SCHEMA_H

/* application_id stamped on every podaudit database ("PDAU"). */
#define SCHEMA_APPLICATION_ID 0x50444155

/* Number of migrations; the current schema version equals it. */
int schema_count(void);

/* SQL of migration n (1-based): brings a version n-1 database to version n. */
const char *schema_migration(int n);

#endif
