/*
 * fuzz_import.c — libFuzzer harness for `ureg import SOURCE FILE` end to end (app/dataimport).
 *
 * Each input is written to a file and imported with app_dataimport_run into one throwaway
 * SQLite database (in /dev/shm, else $TMPDIR), the way the CLI does it: the file's hash, the
 * CSV reader over the file (encoding detection or forced), the header check, each row's
 * document number and date, the sorted runs spilled to temporary files and merged, the reject
 * file, the write transactions and the audit entry. Byte 0 of the input picks the source (the
 * seven of CONTRACT.md), the encoding (auto, UTF-8, GB18030), a batch size of 1..8 rows and a
 * run of 256 bytes or the default, so that batch boundaries, spilled runs and their merge are
 * reached by inputs of a few KiB; the file is the rest of the input.
 *
 * What must hold, else abort: the result is 0 or one of the documented errors, never
 * -ERR_INTERNAL or -ERR_IO; on 0 the whole file was read and read = loaded + duplicates +
 * rejected; the reject file has a header and one record per rejected row (the stopping line of
 * a CSV error counts as one); a CSV error names the line it stopped at. Then the same file is
 * imported again: the same outcome, nothing new loaded, every row before a duplicate or the
 * same reject, and the earlier import found by its SHA-256 (idempotence, as the contract
 * promises). The database grows over a run; each start begins a new one.
 *
 *   make fuzz FUZZ=import SECONDS=300
 */
#include "app/access.h"
#include "app/app.h"
#include "fuzzapp.h"
#include "app/dataimport.h"
#include "app/setup.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_import: check failed: %s\n", #cond);                             \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static struct {
    bool ready;
    struct fuzzapp fa;
    char file[192];
    char rejects[192];
    struct app *app;
    struct actor sys;
} F;

static void fuzz__setup(void)
{
    fuzzapp_start(&F.fa, "fuzz-import", 2);
    F.app = F.fa.app;
    snprintf(F.file, sizeof F.file, "%s/input.csv", F.fa.dir);
    snprintf(F.rejects, sizeof F.rejects, "%s/input.rejects.csv", F.fa.dir);
    setenv("TMPDIR", F.fa.dir, 1); /* the spilled runs */
    access_system_actor(&F.sys, "import");
    struct setup_counts sc;
    CHECK(app_setup_refdata(F.app, &F.sys, &sc) == 0);
    F.ready = true;
}

static bool fuzz__documented(int rc)
{
    return rc == 0 || rc == -ERR_CSV_HEADER || rc == -ERR_CSV_QUOTE || rc == -ERR_CSV_ENCODING ||
           rc == -ERR_CSV_TOO_LONG;
}

/* Records in the reject file after its header; -1 when it cannot be read as CSV. */
static long fuzz__reject_records(void)
{
    int err = 0;
    struct csv_reader *r = csv_open_file(F.rejects, CSV_AUTO, &err);
    if (!r)
        return -2; /* not written */
    struct csv_record rec;
    long n = -1;
    int got;
    while ((got = csv_next(r, &rec)) == 1)
        n++;
    csv_close(r);
    return got == 0 ? n : -1;
}

static void fuzz__import(const struct dataimport_opts *o, struct dataimport_result *out, int *rc)
{
    unlink(F.rejects);
    *rc = app_dataimport_run(F.app, &F.sys, o, out);
    CHECK(fuzz__documented(*rc));
    CHECK(out->read == out->loaded + out->duplicates + out->rejected);
    if (*rc == 0) {
        CHECK(out->complete && out->stop_line == 0 && out->import_id > 0);
    } else {
        CHECK(!out->complete && out->stop_line > 0);
    }
    long n = fuzz__reject_records();
    if (n == -2) {
        /* No reject file only when the header itself could not be read. */
        CHECK(*rc != 0 && out->read == 0);
    } else {
        /* A CSV error's line is written as one more reject record, unless nothing could be
         * read of it at all. */
        CHECK(n >= 0);
        CHECK(n == out->rejected || (*rc != 0 && (n == out->rejected + 1 || n == out->rejected)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const sources[] = {
        "ssc_holders", "insurance", "employment_filings", "business_licences", "pensions",
        "deaths",      "custody"};
    if (!F.ready)
        fuzz__setup();
    if (size < 1)
        return 0;
    FILE *f = fopen(F.file, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data + 1, 1, size - 1, f) == size - 1);
    CHECK(fclose(f) == 0);

    struct dataimport_opts o = {
        .source = sources[(data[0] & 7) % 7],
        .path = F.file,
        .rejects_path = F.rejects,
        .encoding = (enum csv_encoding)(((data[0] >> 3) & 3) % 3),
        .batch_rows = 1 + ((data[0] >> 5) & 3) * 2,
        .run_bytes = (data[0] & 0x80) ? 256 : 0,
    };
    struct dataimport_result first, again;
    int rc1, rc2;
    fuzz__import(&o, &first, &rc1);
    fuzz__import(&o, &again, &rc2);
    CHECK(rc1 == rc2);
    CHECK(again.read == first.read && again.rejected == first.rejected);
    CHECK(again.loaded == 0);
    CHECK(again.duplicates == first.loaded + first.duplicates);
    if (rc1 == 0)
        CHECK(again.previous_id == first.import_id);
    return 0;
}
