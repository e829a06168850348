/*
 * csvcopy IN.csv OUT.csv -- reference CSV pass-through on libcsv.
 *
 * Parses IN with libcsv (non-strict, no space trimming, 1 MiB fread blocks)
 * and writes every record back with minimal quoting: a field is quoted iff it
 * contains the delimiter, '"', CR or LF, or it is the only field of its record
 * and is empty.  Quoting is csv_write2-style (surrounding quotes, inner quotes
 * doubled).  Every record ends with the input's line ending, detected from the
 * first line (CRLF, LF or CR; LF if the file has none).  A UTF-8 BOM is kept.
 * Blank lines are dropped (libcsv does not report them).
 *
 * Build: cc -O2 -o csvcopy csvcopy.c -lcsv
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 20)
#define OUTBUF (1u << 20)

struct out {
    FILE *fp;
    unsigned char *buf;
    size_t len;
    int failed;
    unsigned char delim;
    const char *eol;
    size_t eol_len;
    size_t nfields;     /* fields seen in the current record */
    int first_empty;    /* the record's first field was empty */
};

static void flush_out(struct out *o) {
    if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len) o->failed = 1;
    o->len = 0;
}

static void put(struct out *o, const void *p, size_t n) {
    if (n > OUTBUF - o->len) {
        flush_out(o);
        if (n > OUTBUF) {
            if (fwrite(p, 1, n, o->fp) != n) o->failed = 1;
            return;
        }
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static void put_byte(struct out *o, unsigned char c) {
    if (o->len == OUTBUF) flush_out(o);
    o->buf[o->len++] = c;
}

static int needs_quote(const unsigned char *s, size_t n, unsigned char delim) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == delim || c == '"' || c == '\r' || c == '\n') return 1;
    }
    return 0;
}

static void on_field(void *field, size_t n, void *data) {
    struct out *o = data;
    const unsigned char *s = field;
    if (o->nfields > 0) put_byte(o, o->delim);
    if (o->nfields == 0) o->first_empty = (n == 0);
    o->nfields++;
    if (!needs_quote(s, n, o->delim)) {
        put(o, s, n);
        return;
    }
    put_byte(o, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            put(o, s + start, i + 1 - start); /* up to and including the quote */
            put_byte(o, '"');                 /* ... doubled */
            start = i + 1;
        }
    }
    put(o, s + start, n - start);
    put_byte(o, '"');
}

static void on_record(int c, void *data) {
    struct out *o = data;
    (void)c;
    /* A lone empty field would read back as a blank line: write it as "". */
    if (o->nfields == 1 && o->first_empty) put(o, "\"\"", 2);
    put(o, o->eol, o->eol_len);
    o->nfields = 0;
    o->first_empty = 0;
}

static int no_space(unsigned char c) {
    (void)c;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.csv OUT.csv\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 1; }
    FILE *outfp = fopen(argv[2], "wb");
    if (!outfp) { perror(argv[2]); fclose(in); return 1; }

    unsigned char *block = malloc(BLOCK);
    struct out o = { .fp = outfp, .buf = malloc(OUTBUF), .delim = CSV_COMMA,
                     .eol = "\n", .eol_len = 1 };
    if (!block || !o.buf) { fprintf(stderr, "out of memory\n"); return 1; }

    struct csv_parser p;
    if (csv_init(&p, 0) != 0) { fprintf(stderr, "csv_init failed\n"); return 1; }
    csv_set_space_func(&p, no_space);

    int status = 0, first = 1;
    size_t n;
    while ((n = fread(block, 1, BLOCK, in)) > 0) {
        unsigned char *data = block;
        if (first) {
            first = 0;
            if (n >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
                put(&o, data, 3);
                data += 3;
                n -= 3;
            }
            /* Line ending of the first line (LF when the block has none). */
            for (size_t i = 0; i < n; i++) {
                if (data[i] == '\n') { o.eol = "\n"; o.eol_len = 1; break; }
                if (data[i] == '\r') {
                    if (i + 1 < n && data[i + 1] == '\n') { o.eol = "\r\n"; o.eol_len = 2; }
                    else { o.eol = "\r"; o.eol_len = 1; }
                    break;
                }
            }
        }
        if (csv_parse(&p, data, n, on_field, on_record, &o) != n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            status = 1;
            break;
        }
    }
    if (ferror(in)) { perror(argv[1]); status = 1; }
    if (status == 0) csv_fini(&p, on_field, on_record, &o);
    csv_free(&p);
    flush_out(&o);
    if (fclose(outfp) != 0 || o.failed) { perror(argv[2]); status = 1; }
    fclose(in);
    free(o.buf);
    free(block);
    return status;
}
