#ifndef CCSV_SHIM_H
#define CCSV_SHIM_H
// libcsv (Debian: libcsv-dev). Man page: `man 3 csv`.
#include <csv.h>

// Whether the parser stopped inside a quoted field, i.e. the input ended before its closing
// quote. libcsv only reports this from csv_fini in CSV_STRICT mode, which would also reject
// a stray quote inside an unquoted field (`5" screen`), a value we want to keep as it is.
// The states are libcsv.c's: FIELD_BEGUN is 2 (stable since libcsv 1.0).
static inline int ccsv_in_quoted_field(const struct csv_parser *p) {
    return p->pstate == 2 && p->quoted;
}

// A space function that says no byte is a space: libcsv's default trims spaces and tabs
// around unquoted fields, and cell values must be kept exactly.
static inline int ccsv_no_spaces(unsigned char c) {
    (void)c;
    return 0;
}
#endif
