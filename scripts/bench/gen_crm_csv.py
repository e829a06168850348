#!/usr/bin/env python3
"""gen_crm_csv.py ROWS OUT.csv -- deterministic CRM-like CSV for benchmarks.

About 200 bytes per row.  Comma delimiter, CRLF line endings, no BOM, every
row exactly 12 fields, minimal quoting (a field is quoted only if it holds a
comma, a quote, CR or LF; inner quotes doubled).  Content: quoted commas,
doubled quotes, multi-line notes (CRLF inside quotes), accented and non-Latin
names, stray spaces around unquoted values, empty cells.

Speed: value pools are built once (a few thousand entries), then each output
chunk picks from them with random.choices, so 1M rows take a few seconds.
"""

import random
import sys
import unicodedata

SEED = 1121
HEADER = ("Record ID,First Name,Last Name,Full Name,Email,Work Email,LinkedIn URL,"
          "Company,Website,Title,Country,Notes")

FIRST = ["James", "Emily", "Michael", "Sarah", "David", "Olivia", "Ethan", "Hannah",
         "Megan", "Ryan", "Jessica", "Brandon", "Tyler", "Lauren", "José", "María",
         "Íñigo", "Lucía", "Andrés", "João", "Luíza", "Conceição", "François", "Zoë",
         "Hélène", "Chloé", "Benoît", "Anaïs", "Jürgen", "Lukas", "Jörg", "Käthe",
         "Björn", "Søren", "Åsa", "Łukasz", "Paweł", "Ayşe", "Barış", "Niccolò",
         "Priya", "Arjun", "Kwame", "Chiamaka", "Ngọc", "Siobhán", "Wei", "Min-jun"]
LAST = ["Whitaker", "Johnson", "O'Brien", "Goldberg", "Brown", "Park", "Levi", "Patel",
        "Sullivan", "McAllister", "García", "Fernández", "López de Haro", "Muñoz",
        "Gonçalves", "Araújo", "Magalhães", "Dubois", "Lefèvre", "Lemaître", "Müller",
        "Schröder", "Weiß", "Schmidt-Lang", "Krüger", "Andersson", "Øvergaard",
        "Håkansson", "Wójcik", "Dąbrowski", "Yılmaz", "Öztürk", "Rossi", "van der Berg",
        "Raghunathan", "Iyer", "Mensah", "Okafor", "Nguyễn", "Ní Bhriain", "Zhang", "Kim"]
# (native full name, first, last, romanised slug) -- non-Latin scripts.
NON_LATIN = [
    ("李雷", "雷", "李", "lei-li"), ("韩梅梅", "梅梅", "韩", "meimei-han"),
    ("王伟", "伟", "王", "wei-wang"), ("田中 太郎", "太郎", "田中", "taro-tanaka"),
    ("佐藤 花子", "花子", "佐藤", "hanako-sato"), ("김민준", "민준", "김", "minjun-kim"),
    ("Иван Петров", "Иван", "Петров", "ivan-petrov"),
    ("Ольга Смирнова", "Ольга", "Смирнова", "olga-smirnova"),
    ("محمد العلي", "محمد", "العلي", "mohammed-alali"),
    ("فاطمة الزهراء", "فاطمة", "الزهراء", "fatima-alzahra"),
]
COMPANIES = [
    ("Acme Analytics", "acmeanalytics.com"), ("Globex, Inc.", "globex.com"),
    ("Initech", "initech.io"), ("Hooli", "hooli.xyz"), ("Umbrella Health", "umbrella-health.com"),
    ("Müller & Söhne GmbH", "mueller-soehne.de"), ("Société Générale de Logiciels", "sgl.fr"),
    ("Pied Piper", "piedpiper.com"), ("Vandelay Industries", "vandelay.co"),
    ("北京云数科技有限公司", "yunshu.cn"), ("株式会社サクラソフト", "sakurasoft.co.jp"),
    ("ООО «Ромашка»", "romashka.ru"), ("Tecnologías Andinas S.A.", "tecandinas.com.ar"),
    ("Brightline Logistics Ltd", "brightline.co.uk"), ("Fjord Data AS", "fjorddata.no"),
    ("Orbital \"Blue\" Labs", "orbitalblue.dev"), ("Tyrell, Rosen & Co", "tyrellrosen.com"),
    ("Zenith Payments", "zenithpay.io"), ("Dunder Mifflin", "dundermifflin.com"),
    ("Northwind Traders", "northwind.example.com"),
]
TITLES = ["VP of Sales", "Head of RevOps", "CTO", "Director, Marketing", "Software Engineer",
          "Co-Founder & CEO", "Account Executive", "Gerente de Ventas", "Directeur Commercial",
          "営業部長", "Head of Growth", "Procurement Manager", "SDR", "", "", " Data Engineer ",
          "Chief Revenue Officer", "Sr. Product Manager, EMEA", "Founder"]
COUNTRIES = ["United States", "US", "USA", "United Kingdom", "Germany", "Deutschland",
             "France", "España", "Brasil", "Japan", "China", "Россия", "UAE", "India",
             "Türkiye", "", "", " Canada", "Sweden "]
NOTES = ["", "", "", "", "", "", "Follow up in Q3", "Webinar attendee",
         'Met at SaaStr, asked for "enterprise" pricing',
         "Called twice, no answer\r\nLeft voicemail 2024-03-02",
         "Prefers email.\r\nDo NOT call before 10am CET",
         "Budget: 50k, decision in Q4",
         'Trial user; churned\r\nReason: "too expensive"\r\nOffer discount?',
         'Downloaded whitepaper "RevOps 101"', "  spaces kept inside quotes, too  ",
         "Out of office until 2024-09-01", " warm intro via board member"]
PERSONAL = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "gmx.de", "yandex.ru"]
FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "đ": "d"})
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def q(s):
    """Minimal quoting."""
    if "," in s or '"' in s or "\r" in s or "\n" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def fold(s):
    s = s.translate(FOLD)
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def pad(r, s):
    """Sometimes add stray spaces (only matters for unquoted values)."""
    x = r.random()
    if s and x < 0.04:
        return " " + s
    if s and x < 0.08:
        return s + "  "
    return s


def linkedin(r, slug):
    s = slug if r.random() < 0.5 else "%s-%06x" % (slug, r.randrange(1 << 24))
    return r.choice([
        f"https://www.linkedin.com/in/{s}/", f"http://linkedin.com/in/{s}",
        f"www.linkedin.com/in/{s}?trk=" + "".join(r.choice(ALNUM) for _ in range(6)),
        f"linkedin.com/pub/{slug}/{r.randrange(10, 99)}/{r.randrange(100, 999)}/{r.randrange(100, 999)}",
        s, f"HTTPS://WWW.LINKEDIN.COM/in/{s}", f"https://www.linkedin.com/in/{s}", "",
    ])


def person_pool(r, n):
    """CSV text of columns 2..7 (First..LinkedIn URL) for n people."""
    pool = []
    for _ in range(n):
        if r.random() < 0.12:
            full, first, last, slug = r.choice(NON_LATIN)
        else:
            first, last = r.choice(FIRST), r.choice(LAST)
            full = f"{last}, {first}" if r.random() < 0.07 else f"{first} {last}"
            slug = "-".join(fold(f"{first} {last}").lower().replace("'", "").split())
        if r.random() < 0.08:
            full = ""
        local = slug.replace("-", ".", 1)
        domain = r.choice(COMPANIES)[1]
        work = f"{local}@{domain}"
        if r.random() < 0.2:
            work = work.upper() if r.random() < 0.5 else work.capitalize()
        personal = f"{local.replace('.', '')}{r.randrange(10, 99)}@{r.choice(PERSONAL)}"
        x = r.random()
        email, work_email = (work, "") if x < 0.5 else (personal, work) if x < 0.7 else \
            (personal, "") if x < 0.8 else ("", work) if x < 0.9 else ("", "")
        li = linkedin(r, slug) if r.random() < 0.8 else ""
        fields = [pad(r, first), pad(r, last), full, pad(r, email), work_email, pad(r, li)]
        pool.append(",".join(q(f) for f in fields))
    return pool


def company_pool(r, n):
    """CSV text of columns 8..9 (Company, Website)."""
    pool = []
    for _ in range(n):
        name, domain = r.choice(COMPANIES)
        site = r.choice([domain, f"www.{domain}", f"https://www.{domain}/", f"http://{domain}",
                         f"https://{domain}/about-us?utm_source=crm", ""])
        if r.random() < 0.05:
            name = ""
        pool.append(q(pad(r, name)) + "," + q(site))
    return pool


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_crm_csv.py ROWS OUT.csv")
    rows = int(sys.argv[1])
    r = random.Random(SEED)
    people = person_pool(r, 20000)
    companies = company_pool(r, 400)
    titles = [q(t) for t in TITLES]
    countries = [q(c) for c in COUNTRIES]
    notes = [q(n) for n in NOTES]
    chunk = 20000
    global B62
    digits = "0123456789" + ALNUM[:52]
    B62 = [a + b + c for a in digits for b in digits for c in digits]
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        done = 0
        while done < rows:
            k = min(chunk, rows - done)
            p = r.choices(people, k=k)
            c = r.choices(companies, k=k)
            t = r.choices(titles, k=k)
            co = r.choices(countries, k=k)
            no = r.choices(notes, k=k)
            ids = r.choices(ALNUM, k=4 * k)
            lines = []
            for j in range(k):
                n = done + j
                # Salesforce-looking, unique: 003Hs + base62(n) in 6 chars + 4 random.
                rid = "003Hs" + B62[n // 238328] + B62[n % 238328] + "".join(ids[4 * j:4 * j + 4])
                lines.append(f"{rid},{p[j]},{c[j]},{t[j]},{co[j]},{no[j]}\r\n")
            out.write("".join(lines))
            done += k


if __name__ == "__main__":
    main()
