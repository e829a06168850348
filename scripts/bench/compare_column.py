#!/usr/bin/env python3
"""compare_column.py A.csv B.csv COLUMN -- do two CSV outputs agree on one column, row by row?

Prints "rows=N same=N differ=N nonempty_a=N nonempty_b=N first_difference=ROW|none".
Exit status 1 if the files differ in row count or in any value of COLUMN.
"""

import csv
import itertools
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: compare_column.py A.csv B.csv COLUMN")
    a_path, b_path, column = sys.argv[1:]
    with open(a_path, newline="", encoding="utf-8") as fa, open(b_path, newline="", encoding="utf-8") as fb:
        ra, rb = csv.reader(fa), csv.reader(fb)
        ia, ib = next(ra).index(column), next(rb).index(column)
        rows = same = differ = na = nb = 0
        first = None
        missing = object()
        for x, y in itertools.zip_longest(ra, rb, fillvalue=missing):
            rows += 1
            if x is missing or y is missing:
                differ += 1
                first = first or rows
                continue
            va, vb = x[ia], y[ib]
            na += bool(va)
            nb += bool(vb)
            if va == vb:
                same += 1
            else:
                differ += 1
                first = first or rows
    print(f"rows={rows} same={same} differ={differ} nonempty_a={na} nonempty_b={nb} "
          f"first_difference={first or 'none'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
