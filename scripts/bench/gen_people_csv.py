#!/usr/bin/env python3
"""gen_people_csv.py ROWS OUT.csv -- CRM-like CSV with one distinct person per row.

For scripts/bench/run: every row has a Record ID, a name, a company, an e-mail and a LinkedIn
URL, and no two rows share an identity (the company carries a per-row number, the e-mail and
the LinkedIn slug too), so a run does exactly one provider lookup per row -- nothing is
deduplicated or served from a cache.  Lantern's first strategy (first + last name + company)
is always usable, so every request has the same shape.

Deterministic (fixed seed; a smaller file is a prefix of a larger one), comma delimiter, CRLF line endings, no quoting needed, about
150 bytes per row; 1M rows take a few seconds.
"""

import random
import sys

SEED = 6
HEADER = "Record ID,First Name,Last Name,Company,Email,LinkedIn URL,Title,Country"

FIRST = ["James", "Emily", "Michael", "Sarah", "David", "Olivia", "Ethan", "Hannah", "Megan",
         "Ryan", "Jessica", "Brandon", "Tyler", "Lauren", "Jose", "Maria", "Lucia", "Andres",
         "Joao", "Francois", "Zoe", "Helene", "Lukas", "Jorg", "Bjorn", "Soren", "Priya",
         "Arjun", "Kwame", "Chiamaka", "Wei", "Min-jun", "Aisha", "Omar", "Ingrid", "Pavel"]
LAST = ["Whitaker", "Johnson", "OBrien", "Goldberg", "Brown", "Park", "Levi", "Patel",
        "Sullivan", "McAllister", "Garcia", "Fernandez", "Munoz", "Goncalves", "Dubois",
        "Lefevre", "Muller", "Schroder", "Krueger", "Andersson", "Wojcik", "Yilmaz", "Rossi",
        "Iyer", "Mensah", "Okafor", "Nguyen", "Zhang", "Kim", "Novak", "Haddad", "Larsen"]
COMPANY = ["Acme Analytics", "Globex", "Initech", "Hooli", "Umbrella Health", "Pied Piper",
           "Vandelay Industries", "Brightline Logistics", "Fjord Data", "Zenith Payments",
           "Dunder Mifflin", "Northwind Traders", "Tyrell Systems", "Orbital Labs"]
TITLES = ["VP of Sales", "Head of RevOps", "CTO", "Software Engineer", "Account Executive",
          "Head of Growth", "Procurement Manager", "SDR", "Founder", ""]
COUNTRIES = ["United States", "United Kingdom", "Germany", "France", "Brazil", "Japan",
             "India", "Canada", "Sweden", ""]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_people_csv.py ROWS OUT.csv")
    rows = int(sys.argv[1])
    r = random.Random(SEED)
    chunk = 20000
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        done = 0
        while done < rows:
            k = min(chunk, rows - done)
            # Whole chunks are drawn even for the last one, so a smaller file is a prefix of
            # a larger one.
            fs, ls, cs = r.choices(FIRST, k=chunk), r.choices(LAST, k=chunk), r.choices(COMPANY, k=chunk)
            ts, ks = r.choices(TITLES, k=chunk), r.choices(COUNTRIES, k=chunk)
            lines = []
            for j in range(k):
                n = done + j
                first, last, company = fs[j], ls[j], cs[j]
                slug = f"{first}-{last}".lower()
                domain = company.split()[0].lower() + f"{n}.com"
                lines.append(f"crm-{n:07d},{first},{last},{company} {n},{slug}.{n}@{domain},"
                             f"https://www.linkedin.com/in/{slug}-{n:x}/,{ts[j]},{ks[j]}\r\n")
            out.write("".join(lines))
            done += k


if __name__ == "__main__":
    main()
