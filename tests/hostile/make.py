#!/usr/bin/env python3
"""Writes the corpus of hostile inputs beside this file.

Each file is small and made by code here, never taken from a real phone.
The end-to-end test `hostile` feeds every one to the program and expects a
clear error naming the file, bounded time and memory, and nothing stored.
The fuzz targets (fuzz/) start from these files too. Inputs too big to keep
in the repository (a CSV with a million columns, an attribute of gigabytes)
are made by the test itself.

Run: python3 tests/hostile/make.py
"""
import os
import sqlite3
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def call(i):
    return b'  <call number="170 5551 1020" duration="5" date="%d" type="1" presentation="1" contact_name="(Unknown)" />\n' % (
        1772715791000 + i * 60000
    )


# Entities that expand to 10^9 "lol"s if anything ever expands them.
laughs = [b'<!ENTITY lol0 "lol">']
for n in range(1, 10):
    laughs.append(b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10))))
write(
    "calls-billion-laughs.xml",
    HEAD
    + b"<!DOCTYPE calls [\n"
    + b"\n".join(laughs)
    + b"\n]>\n<calls count=\"1\">\n"
    + b'  <call number="&lol9;" duration="5" date="1772715791000" type="1" presentation="1" contact_name="(Unknown)" />\n'
    + b"</calls>\n",
)

# An external entity: must never be fetched or read.
write(
    "calls-external-entity.xml",
    HEAD
    + b'<!DOCTYPE calls [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<calls count="1">\n'
    + b'  <call number="&xxe;" duration="5" date="1772715791000" type="1" presentation="1" contact_name="(Unknown)" />\n'
    + b"</calls>\n",
)

# 50,000 nested elements inside the log.
write(
    "calls-deep-nesting.xml",
    HEAD + b'<calls count="1">\n' + call(0) + b"<x>" * 50000 + b"</x>" * 50000 + b"\n</calls>\n",
)

# A NUL byte inside an attribute.
write(
    "calls-nul-byte.xml",
    HEAD + b'<calls count="2">\n' + call(0) + call(1).replace(b"170 5551", b"170\x005551") + b"</calls>\n",
)

# Bytes that are not UTF-8 in a file that says it is.
write(
    "calls-invalid-utf8.xml",
    HEAD + b'<calls count="2">\n' + call(0) + call(1).replace(b"(Unknown)", b"\xff\xfe\xc3(") + b"</calls>\n",
)

# Cut off in the middle of an element.
write("calls-truncated.xml", (HEAD + b'<calls count="3">\n' + call(0) + call(1) + call(2))[:-60])

# A date far outside any calendar.
write(
    "calls-date-overflow.xml",
    HEAD + b'<calls count="1">\n' + call(0).replace(b"1772715791000", b"99999999999999999999999") + b"</calls>\n",
)

# A PNG header claiming 100,000 x 100,000 pixels (30 GB decoded).
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


write(
    "png-decompression-bomb.png",
    b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(b"\x00" * 300001, 9))
    + chunk(b"IEND", b""),
)

# A bundle whose one entry inflates 64 MiB of zeros from about 64 KB.
path = os.path.join(HERE, "bundle-zip-bomb.zip")
with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("manifest.json", b"{}")
    z.writestr("originals/0001-bomb.bin", b"\x00" * (64 << 20))

# A bundle with a NUL byte in an entry's name.
path = os.path.join(HERE, "bundle-nul-name.zip")
with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
    z.writestr("manifest.json", b"{}")
    info = zipfile.ZipInfo("originals/0001-a\x00.jpg")
    z.writestr(info, b"x")

# An iOS messages database whose pages after the first are garbage.
path = os.path.join(HERE, "sms-broken-pages.db")
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("PRAGMA page_size = 1024")
db.execute("CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT)")
db.execute("CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, handle_id INTEGER, date INTEGER, is_from_me INTEGER)")
db.executemany("INSERT INTO message (guid, text, handle_id, date, is_from_me) VALUES (?, ?, 1, ?, 0)",
               [("g%d" % i, "再不还款就上门" * 8, 800000000 + i) for i in range(400)])
db.commit()
db.close()
with open(path, "r+b") as f:
    size = os.path.getsize(path)
    f.seek(1024)
    f.write(bytes((i * 37 + 11) & 0xFF for i in range(size - 1024)))

# An sms.db of a few KB whose message.text is a generated column: each of
# its 26 rows would compute a 100 MB text (2.6 GB), also in quick_check.
path = os.path.join(HERE, "sms-generated-text.db")
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT)")
db.execute("CREATE TABLE message (ROWID INTEGER PRIMARY KEY, handle_id INTEGER, date INTEGER, is_from_me INTEGER, service TEXT,"
           " text TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL NOT NULL)")
db.execute("INSERT INTO handle VALUES (1, '+8617055511020')")
db.executemany("INSERT INTO message (handle_id, date, is_from_me, service) VALUES (1, ?, 0, 'SMS')",
               [(800000000 + i,) for i in range(26)])
db.commit()
db.close()

# An sms.db whose handle table has a column named ROWID that is not its
# INTEGER PRIMARY KEY, every row claiming 1: joined on it, each of the
# 3,000 messages matches all 3,000 handles.
path = os.path.join(HERE, "sms-handle-rowid.db")
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("CREATE TABLE handle (ROWID INTEGER, id TEXT)")
db.execute("CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, date INTEGER, is_from_me INTEGER, service TEXT)")
db.executemany("INSERT INTO handle VALUES (1, ?)", [("+86170555%05d" % i,) for i in range(3000)])
db.executemany("INSERT INTO message (text, handle_id, date, is_from_me, service) VALUES ('x', 1, ?, 0, 'SMS')",
               [(800000000 + i,) for i in range(3000)])
db.commit()
db.close()

# A call list whose second row opens a quote that is never closed: read
# whole, the rest of the file is one "number".
write(
    "csv-unterminated-quote.csv",
    b"time,number,direction,duration\n2026-03-05 21:03:11,17055511020,in,5\n2026-03-05 21:04:00,\"17055511020,in,5\n"
    + b"".join(b"2026-03-05 21:05:00,170555%05d,in,5\n" % i for i in range(300)),
)
