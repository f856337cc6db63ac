/*
 * codes.h — the code tables (代码表) that application fields and records refer to: 失业原因,
 * 注销原因, 就业类型, 民族, 文化程度, 户口性质, 证件类型, 就业困难人员类别, 健康状况, 登记依据,
 * 经办机构类型, 用户角色.
 *
 * The tables are data/codes.csv (`table,code,name_zh,name_en`; its header comments name each
 * table's source), compiled into the binary and parsed once on first use. Every pointer returned
 * stays valid for the life of the process and may be shared between threads. Within a table the
 * entries keep the order of the file, which is the order a picker shows.
 */
#ifndef UREG_RULES_CODES_H
#define UREG_RULES_CODES_H

struct code_entry {
    const char *table;   /* e.g. "exit_reason" */
    const char *code;    /* e.g. "32" or "resident_id" */
    const char *name_zh; /* never NULL or empty */
    const char *name_en; /* never NULL or empty */
};

/* Counts from the loaded file, for tests and the `init` report. */
struct codes_stats {
    int n_tables;
    int n_entries;
    int n_bad_lines; /* malformed rows of the data file, dropped while loading: 0 */
};

/*
 * Check that `code` is in `table`. Returns 0 when it is, -ERR_CODE_TABLE_UNKNOWN when there is
 * no such table (or table is NULL), -ERR_CODE_INVALID when the table exists but the code does not
 * (or code is NULL). Codes compare exactly: no trimming, no case folding.
 */
int codes_validate(const char *table, const char *code);

/* The entry for (table, code), or NULL. Points into the shared table: never free it. */
const struct code_entry *codes_find(const char *table, const char *code);

/*
 * The entries of `table` in file order: fills out[0..max-1] with the first min(total, max) and
 * returns the total; 0 for an unknown table. out may be NULL when max is 0.
 */
int codes_list(const char *table, const struct code_entry **out, int max);

/* The table names in file order, ending with NULL. Static: never free it. */
const char *const *codes_tables(void);

/* Fill *out with the counts of the loaded file. */
void codes_stats(struct codes_stats *out);

/*
 * Whether the 就业困难人员 category `code` is recognised in the province of `region` (a region
 * code; its first two digits name the province), by data/difficulty_province.csv: the province's
 * own rows when it has any, else the national default set (province 00). Returns 0 when it is,
 * -ERR_CODE_INVALID when it is not (or either argument is NULL or the region shorter than 2).
 */
int codes_difficulty_check(const char *region, const char *code);

/* The categories recognised in `region`'s province, in file order: fills out[0..max-1] (codes
 * from the shared table: never free them) and returns the total. */
int codes_difficulty_list(const char *region, const char **out, int max);

#endif
