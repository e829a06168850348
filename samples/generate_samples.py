#!/usr/bin/env python3
"""Generate the sample inputs in this directory.

    python3 samples/generate_samples.py

Writes samples/crm-export.csv and samples/contacts.jsonl.  The output is a
pure function of SEED and the tables below: rerunning produces byte-identical
files.  A summary of the deliberately bad records (with their physical line
numbers) is printed on stdout.

crm-export.csv imitates Excel's "CSV UTF-8" export: UTF-8 BOM, CRLF, comma
delimiter, a field quoted only when it contains a comma, a quote, CR or LF.
"""

import json
import os
import random
import unicodedata

SEED = 20261121
HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = ["Record ID", "First Name", "Last Name", "Full Name", "Email",
          "Work Email", "LinkedIn URL", "Company", "Website", "Title",
          "Country", "Notes"]

# Name pools by locale: (first names, last names, country spellings, order).
# Non-Latin names are (native, romanised) pairs; the romanised form feeds the
# email address and the LinkedIn slug.  Order "east" writes the family name
# first in Full Name ("sep" is the separator used there).
LOCALES = [
    (["James", "Emily", "Michael", "Sarah", "David", "Olivia", "Ethan", "Hannah",
      "Megan", "Ryan", "Jessica", "Brandon", "Ashley", "Tyler", "Lauren", "Dana"],
     ["Whitaker", "Johnson", "O'Brien", "Goldberg", "Brown", "Park", "Levi",
      "Whitfield", "Patel", "Sullivan", "Reyes", "Carter", "Hughes", "Foster",
      "McAllister", "Nguyen"],
     ["United States", "US", "USA", "United Kingdom", "UK", "Canada", "Australia"], "west", 5),
    (["Siobhán", "Ciarán", "Aoife", "Niamh"], ["Ní Bhriain", "Ó Súilleabháin", "Murphy", "Byrne"],
     ["Ireland"], "west", 1),
    (["José", "María", "Íñigo", "Ana", "Rafael", "Lucía", "Andrés", "Sofía", "Javier", "Camila"],
     ["García", "Fernández", "López de Haro", "Gutiérrez", "Domínguez", "Muñoz", "Peña",
      "Ibáñez", "Castro", "Ruiz"],
     ["Spain", "España", "Mexico", "México", "Argentina", "Colombia", "Chile"], "west", 3),
    (["João", "Luíza", "Mateus", "Thiago", "Beatriz", "Conceição"],
     ["Gonçalves", "Araújo", "Costa", "Brandão", "Simões", "Magalhães"],
     ["Brazil", "Brasil", "Portugal"], "west", 2),
    (["François", "Zoë", "Hélène", "Chloé", "Mathéo", "Céline", "Benoît", "Anaïs"],
     ["Dubois", "Lefèvre", "Girard", "Martin", "Lemaître", "Faure", "Rousseau", "Beaulieu"],
     ["France", "FR", "Belgium", "Canada"], "west", 3),
    (["Jürgen", "Anna", "Lukas", "Noah", "Jörg", "Käthe", "Maximilian", "Leonie"],
     ["Müller", "Schröder", "Weiß", "Schmidt-Lang", "Böhm", "Krüger", "Hoffmann", "Groß"],
     ["Germany", "Deutschland", "DE", "Austria", "Switzerland"], "west", 3),
    (["Björn", "Søren", "Lars", "Åsa", "Sigrid", "Mikkel"],
     ["Andersson", "Nielsen", "Øvergaard", "Lindqvist", "Håkansson", "Jørgensen"],
     ["Sweden", "Denmark", "Norway"], "west", 2),
    (["Łukasz", "Agnieszka", "Paweł", "Zofia"], ["Wójcik", "Kowalczyk", "Dąbrowski", "Szymańska"],
     ["Poland"], "west", 1),
    (["Ayşe", "Mehmet", "Elif", "Barış"], ["Yılmaz", "Şahin", "Öztürk", "Kaya"],
     ["Türkiye", "Turkey"], "west", 1),
    (["Greta", "Matteo", "Giulia", "Niccolò"], ["Rossi", "Bianchi", "Esposito", "Ricci"],
     ["Italy"], "west", 1),
    (["Tom", "Sanne", "Daan", "Lotte"], ["van der Berg", "de Vries", "Jansen", "Bakker"],
     ["Netherlands", "NL"], "west", 1),
    (["Priya", "Arjun", "Ananya", "Rohan", "Kavya"], ["Raghunathan", "Mehta", "Iyer", "Banerjee", "Reddy"],
     ["India", "IN"], "west", 2),
    (["Kwame", "Chiamaka", "Tendai", "Adebayo"], ["Mensah", "Okafor", "Moyo", "Adeyemi"],
     ["Ghana", "Nigeria", "Kenya", "South Africa"], "west", 1),
    (["Ngọc", "Minh", "Thảo"], ["Nguyễn", "Trần", "Phạm"], ["Vietnam", "Viet Nam"], "west", 1),
    ([("雷", "lei"), ("梅梅", "meimei"), ("伟", "wei"), ("静", "jing"), ("浩然", "haoran")],
     [("李", "li"), ("韩", "han"), ("张", "zhang"), ("王", "wang"), ("陈", "chen")],
     ["China", "CN"], "east", 2),
    ([("太郎", "taro"), ("花子", "hanako"), ("健", "ken"), ("美咲", "misaki")],
     [("田中", "tanaka"), ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi")],
     ["Japan"], "east_space", 2),
    ([("민준", "minjun"), ("서연", "seoyeon")], [("김", "kim"), ("박", "park")],
     ["South Korea", "Korea"], "east", 1),
    ([("Иван", "ivan"), ("Ольга", "olga"), ("Дмитрий", "dmitry"), ("Анна", "anna")],
     [("Петров", "petrov"), ("Смирнова", "smirnova"), ("Иванов", "ivanov"), ("Кузнецов", "kuznetsov")],
     ["Russia", "RU"], "west", 2),
    ([("محمد", "mohammed"), ("فاطمة", "fatima"), ("أحمد", "ahmed"), ("ليلى", "layla")],
     [("العلي", "alali"), ("الزهراء", "alzahra"), ("حسن", "hassan"), ("منصور", "mansour")],
     ["UAE", "Saudi Arabia", "Egypt"], "west", 2),
]

# (company, domain)
COMPANIES = [
    ("Acme Analytics", "acmeanalytics.com"),
    ("Globex, Inc.", "globex.com"),
    ("Initech", "initech.io"),
    ("Hooli", "hooli.xyz"),
    ("Umbrella Health", "umbrella-health.com"),
    ("Stark Industries", "starkindustries.com"),
    ("Müller & Söhne GmbH", "mueller-soehne.de"),
    ("Société Générale de Logiciels", "sgl.fr"),
    ("Pied Piper", "piedpiper.com"),
    ("Wayne Enterprises", "wayne-ent.com"),
    ("Vandelay Industries", "vandelay.co"),
    ("Northwind Traders", "northwind.example.com"),
    ("北京云数科技有限公司", "yunshu.cn"),
    ("株式会社サクラソフト", "sakurasoft.co.jp"),
    ("ООО «Ромашка»", "romashka.ru"),
    ("Tecnologías Andinas S.A.", "tecandinas.com.ar"),
    ("Brightline Logistics Ltd", "brightline.co.uk"),
    ("Fjord Data AS", "fjorddata.no"),
    ("Cloudberry Oy", "cloudberry.fi"),
    ("Zenith Payments", "zenithpay.io"),
    ("Orbital \"Blue\" Labs", "orbitalblue.dev"),
    ("Dunder Mifflin", "dundermifflin.com"),
    ("Soylent Corp", "soylent.com"),
    ("Tyrell, Rosen & Co", "tyrellrosen.com"),
]

TITLES = ["VP of Sales", "Head of RevOps", "CTO", "Director, Marketing",
          "Software Engineer", "Co-Founder & CEO", "Account Executive",
          "Gerente de Ventas", "Directeur Commercial", "営業部長",
          "Head of Growth", "Procurement Manager", "SDR", "Data Engineer",
          "Chief Revenue Officer", "Operations Lead", "", "Marketing Ops",
          "Sr. Product Manager", "Founder"]

PERSONAL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk",
                    "icloud.com", "gmx.de", "yandex.ru", "qq.com"]

NOTES = [
    "",
    "",
    "",
    "",
    "Met at SaaStr, asked for \"enterprise\" pricing",
    "Follow up in Q3",
    "Warm intro via board member",
    "Called twice, no answer\r\nLeft voicemail 2024-03-02",
    "Prefers email.\r\nDo NOT call before 10am CET",
    "Budget: 50k, decision in Q4",
    "Said \"not now\", revisit next year",
    "Trial user; churned\r\nReason: \"too expensive\"\r\nOffer discount?",
    "Webinar attendee",
    "Downloaded whitepaper \"RevOps 101\"",
    "Out of office until 2024-09-01",
    "Referred by Ana, see thread",
    "  leading spaces in a quoted note, kept as is  ",
    "Champion left the company\r\nnew contact TBD",
]

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "ł": "l", "Ł": "L",
                      "ı": "i", "đ": "d", "Đ": "D"})


def ascii_fold(s):
    s = s.translate(FOLD)
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def slug_for(person):
    first, last, _, roman, _ = person
    if roman:
        return roman
    base = ascii_fold(f"{first} {last}").lower().replace("'", "")
    return "-".join(base.split())


def email_local(person):
    first, last, _, roman, _ = person
    if roman:
        parts = roman.split("-")
        return f"{parts[0]}.{''.join(parts[1:])}"
    f = ascii_fold(first).lower().replace("'", "").replace(" ", "")
    l = ascii_fold(last).lower().replace("'", "").replace(" ", "")
    return f"{f}.{l}"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used_ids = set()
        self.used_people = set()

    def new_person(self):
        """A person not handed out before by this generator."""
        r = self.r
        weights = [loc[4] for loc in LOCALES]
        while True:
            firsts, lasts, countries, order, _ = r.choices(LOCALES, weights)[0]
            f, l = r.choice(firsts), r.choice(lasts)
            if (f, l) in self.used_people:
                continue
            self.used_people.add((f, l))
            roman = None
            if isinstance(f, tuple):
                (f, rf), (l, rl) = f, l
                roman = f"{rf}-{rl}"
            return (f, l, r.choice(countries), roman, order)

    def record_id(self):
        while True:
            rid = "003Hs0000" + "".join(self.r.choice(ALNUM) for _ in range(6))
            if rid not in self.used_ids:
                self.used_ids.add(rid)
                return rid

    def linkedin(self, slug, form=None):
        r = self.r
        hexid = "%06x" % r.randrange(16 ** 6)
        forms = ["https_www_slash", "http_bare", "www_trk", "pub", "bare_slug",
                 "upper_host", "https_www", "country_sub", "orig_subdomain"]
        form = form or r.choice(forms)
        s = f"{slug}-{hexid}" if r.random() < 0.5 else slug
        if form == "https_www_slash":
            return f"https://www.linkedin.com/in/{s}/"
        if form == "http_bare":
            return f"http://linkedin.com/in/{s}"
        if form == "www_trk":
            return f"www.linkedin.com/in/{s}?trk=" + "".join(r.choice(ALNUM) for _ in range(8))
        if form == "pub":
            return f"linkedin.com/pub/{slug}/{r.randrange(10, 99)}/{r.randrange(100, 999)}/{r.randrange(100, 999)}"
        if form == "bare_slug":
            return s
        if form == "upper_host":
            return f"HTTPS://WWW.LINKEDIN.COM/in/{s}"
        if form == "country_sub":
            return f"https://{r.choice(['uk', 'de', 'fr', 'br', 'jp'])}.linkedin.com/in/{s}"
        if form == "orig_subdomain":
            return f"https://www.linkedin.com/in/{s}?originalSubdomain={r.choice(['de', 'fr', 'es', 'in'])}"
        return f"https://www.linkedin.com/in/{s}"

    def website(self, domain):
        r = self.r
        return r.choice([
            domain, domain, f"www.{domain}", f"https://www.{domain}/",
            f"http://{domain}", f"https://{domain}/about-us",
            f"https://www.{domain}/en-us/contact?utm_source=crm", f"{domain}/",
        ])

    def mixed_case(self, s):
        r = self.r
        c = r.random()
        if c < 0.15:
            return s.upper()
        if c < 0.35:
            local, _, dom = s.partition("@")
            return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + dom.capitalize()
        return s

    def spaces(self, s, p=0.06):
        r = self.r
        if s and r.random() < p:
            return r.choice([" ", "  "]) + s if r.random() < 0.5 else s + r.choice([" ", "   "])
        return s

    def person_row(self, person, company):
        r = self.r
        first, last, country, roman, order = person
        cname, domain = company
        slug = slug_for(person)
        local = email_local(person)
        if order == "east":
            full = f"{last}{first}"
        elif order == "east_space":
            full = f"{last} {first}"
        else:
            full = f"{first} {last}"
        if order == "west" and r.random() < 0.08:
            full = f"{last}, {first}"
        if r.random() < 0.1:
            full = ""
        work = f"{local}@{domain}"
        personal = f"{local.replace('.', '')}{r.randrange(70, 99)}@{r.choice(PERSONAL_DOMAINS)}"
        c = r.random()
        if c < 0.45:
            email, work_email = self.mixed_case(work), ""
        elif c < 0.65:
            email, work_email = personal, self.mixed_case(work)
        elif c < 0.78:
            email, work_email = personal, ""
        elif c < 0.88:
            email, work_email = "", self.mixed_case(work)
        else:
            email, work_email = "", ""
        li = self.linkedin(slug) if r.random() < 0.8 else ""
        if roman and r.random() < 0.3 and li:
            # LinkedIn keeps non-Latin vanity URLs percent-encoded.
            from urllib.parse import quote
            li = "https://www.linkedin.com/in/" + quote(f"{first}{last}".replace(" ", "")) + "/"
        site = self.website(domain) if r.random() < 0.7 else ""
        if r.random() < 0.05:
            cname_out = ""
        else:
            cname_out = cname
        if not (email or work_email or li or cname_out or site):
            cname_out = cname  # keep ordinary rows identifiable (name + company)
        row = [
            self.record_id(),
            self.spaces(first), self.spaces(last), full,
            self.spaces(email), work_email, self.spaces(li, 0.04), self.spaces(cname_out),
            site, r.choice(TITLES), country if r.random() < 0.9 else "", r.choice(NOTES),
        ]
        return row


def csv_field(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(fields):
    return (",".join(csv_field(f) for f in fields) + "\r\n").encode("utf-8")


def make_duplicate(g, row):
    """Same person again under a new Record ID: same email/LinkedIn slug,
    different case and spacing."""
    dup = list(row)
    dup[0] = g.record_id()
    dup[1] = dup[1].strip().upper() if g.r.random() < 0.5 else " " + dup[1].strip()
    dup[2] = dup[2].strip() + " "
    if dup[4].strip():
        dup[4] = dup[4].strip().swapcase() if g.r.random() < 0.5 else "  " + dup[4].strip().lower()
    if dup[5]:
        dup[5] = dup[5].lower()
    li = dup[6].strip()
    if li:
        # Same profile written another way.
        if li.lower().startswith("https://www.linkedin.com/in/"):
            dup[6] = "linkedin.com/in/" + li[len("https://www.linkedin.com/in/"):].rstrip("/")
        elif "/" not in li:
            dup[6] = "https://www.linkedin.com/in/" + li + "/"
        else:
            dup[6] = li.upper() if g.r.random() < 0.5 else li + "/"
    dup[11] = "Imported twice from the webinar list"
    return dup


def no_identifier_rows(g):
    """Rows with no email, no LinkedIn and no name+company/website pair."""
    def rid():
        return g.record_id()
    return [
        [rid(), "", "", "", "", "", "", "", "", "", "", "Blank row from a bad import"],
        [rid(), "Chris", "", "Chris", "", "", "", "", "", "Buyer", "US", "Only a first name, met at booth"],
        [rid(), "", "", "", "", "", "", "Initech", "", "", "", ""],
        [rid(), "", "", "", "", "", "", "", "", "CTO", "Germany", "Card scanned, unreadable"],
        [rid(), "  ", "  ", "", "", "", "", "", "", "", "France", ""],
        [rid(), "Marta", "", "", "", "", "", "", "", "", "Spain", "Lead from chat, no details"],
        [rid(), "", "Nakamura", "", "", "", "", "", "", "Engineer", "Japan", ""],
        [rid(), "", "", "", "", "", "", "Northwind Traders", "", "Procurement Manager", "", "Company only\r\nask reception for name"],
    ]


def build_csv():
    g = Gen(SEED)
    r = g.r
    rows = []
    for i in range(330):
        person = g.new_person()
        rows.append(g.person_row(person, r.choice(COMPANIES)))
    # Guarantee a few hand-picked notes exist exactly as in the brief.
    rows[3][11] = 'Met at SaaStr, asked for "enterprise" pricing'
    rows[7][11] = "Called twice, no answer\r\nLeft voicemail 2024-03-02"

    # Pick 8 rows that carry an email or LinkedIn and duplicate them later.
    dup_sources = []
    for idx in range(5, 200, 23):
        j = idx
        while not (rows[j][4].strip() or rows[j][6].strip()):
            j += 1
        dup_sources.append(j)
    dup_sources = dup_sources[:8]
    dups = [(src, make_duplicate(g, rows[src])) for src in dup_sources]

    # Interleave duplicates and identifier-less rows in the second half.
    extra = [("dup", d) for _, d in dups] + [("noid", n) for n in no_identifier_rows(g)]
    for k, (kind, row) in enumerate(extra):
        pos = 200 + k * 8
        rows.insert(pos, row)

    # Malformed records, written raw.
    too_many = g.person_row(g.new_person(), ("Acme Analytics", "acmeanalytics.com"))
    too_many[7] = "Acme, Inc."
    too_many[11] = "Company name has an unquoted comma"
    too_many_raw = (",".join(f if k == 7 else csv_field(f) for k, f in enumerate(too_many))
                    + "\r\n").encode("utf-8")

    too_few = g.person_row(g.new_person(), ("Pied Piper", "piedpiper.com"))
    too_few_raw = (",".join(csv_field(f) for f in too_few[:9]) + "\r\n").encode("utf-8")

    bad_utf8 = g.person_row(g.new_person(), ("Société Générale de Logiciels", "sgl.fr"))
    bad_utf8[1], bad_utf8[2], bad_utf8[3] = "Ren@E9@", "Lef@E8@vre", "Ren@E9@ Lef@E8@vre"
    bad_utf8[4], bad_utf8[10] = "rene.lefevre@sgl.fr", "France"
    bad_utf8[11] = "Name saved from a Latin-1 system"
    bad_utf8_raw = csv_line(bad_utf8).replace(b"@E9@", b"\xe9").replace(b"@E8@", b"\xe8")

    unterminated = g.person_row(g.new_person(), ("Vandelay Industries", "vandelay.co"))
    unterminated[11] = ""
    unterminated_raw = csv_line(unterminated)[:-2] + \
        b'"Asked to call back after Q3, said ""budget is frozen\r\n'

    out = [("header", csv_line(HEADER), None)]
    specials = {60: ("too_many", too_many_raw), 150: ("too_few", too_few_raw),
                260: ("bad_utf8", bad_utf8_raw)}
    dup_rows = {id(d): src for src, d in dups}
    noid_ids = {id(row) for kind, row in extra if kind == "noid"}
    src_ids = {id(rows[s]): s for s in dup_sources}
    for i, row in enumerate(rows):
        if i in specials:
            kind, raw = specials[i]
            out.append((kind, raw, None))
        kind = "row"
        if id(row) in dup_rows:
            kind = "dup"
        elif id(row) in noid_ids:
            kind = "noid"
        elif id(row) in src_ids:
            kind = "dup_source"
        out.append((kind, csv_line(row), row))
    out.append(("unterminated", unterminated_raw, None))

    data = b"\xef\xbb\xbf" + b"".join(raw for _, raw, _ in out)

    # Report: physical line (1 = header) and record number (0 = header).
    line = 1
    report = []
    dup_of = {}
    rec_of_row = {}
    for rec, (kind, raw, row) in enumerate(out):
        if row is not None:
            rec_of_row[id(row)] = (rec, line)
        if kind != "row":
            report.append((kind, rec, line, row))
        line += raw.count(b"\r\n")
    for src, d in dups:
        dup_of[id(d)] = rec_of_row[id(rows[src])]
    return data, report, dup_of, len(out) - 1


def build_jsonl():
    r = random.Random(SEED + 1)
    g = Gen(SEED + 1)
    lines = []
    for i in range(60):
        person = g.new_person()
        first, last, country, roman, _ = person
        cname, domain = COMPANIES[(i * 5) % len(COMPANIES)]
        local = email_local(person)
        obj = {
            "record_id": g.record_id(),
            "first_name": first,
            "last_name": last,
            "email": g.mixed_case(f"{local}@{domain}") if r.random() < 0.8 else None,
            "linkedin": g.linkedin(slug_for(person)) if r.random() < 0.75 else None,
            "company": cname,
            "domain": domain if r.random() < 0.85 else g.website(domain),
            "country": country,
        }
        if i % 13 == 4:
            obj["employees"] = r.choice([12, 250, 1800, 45000])
        if i % 11 == 6:
            obj["country"] = None
        if i == 17:
            obj["record_id"] = 4711  # exported as a number by mistake
        if i % 9 == 2:
            obj["source"] = {"system": "hubspot", "list_id": r.randrange(100, 999),
                             "imported_at": f"2024-0{r.randrange(1, 9)}-1{r.randrange(0, 9)}T09:30:00Z"}
        if i == 23:
            # Different key order (country and email first).
            obj = {k: obj[k] for k in ["country", "email", "record_id", "linkedin",
                                       "last_name", "first_name", "domain", "company"]}
        lines.append(json.dumps(obj, ensure_ascii=False))
    lines.insert(20, '{"record_id": "003Hs0000BadJs1", "first_name": "Broken", "email": "broken@example.com",}')
    lines.insert(41, '["003Hs0000Arr001", "Array", "Instead", "array@example.com"]')
    lines.insert(50, "")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main():
    data, report, dup_of, nrec = build_csv()
    with open(os.path.join(HERE, "crm-export.csv"), "wb") as f:
        f.write(data)
    jl = build_jsonl()
    with open(os.path.join(HERE, "contacts.jsonl"), "wb") as f:
        f.write(jl)
    crlf = data.count(b"\r\n")
    print(f"crm-export.csv: {len(data)} bytes, {nrec} records after the header, "
          f"{crlf} CRLF line ends")
    for kind, rec, line, row in report:
        extra = ""
        if kind == "dup":
            srec, sline = dup_of[id(row)]
            extra = f" duplicate of record {srec} (line {sline})"
        if kind == "dup_source":
            continue
        print(f"  {kind:12s} record {rec:3d} line {line:3d}{extra}")
    nl = jl.count(b"\n")
    print(f"contacts.jsonl: {len(jl)} bytes, {nl} lines")


if __name__ == "__main__":
    main()
