#!/usr/bin/env python3
"""Regenerates trad.txt, the traditional -> simplified character table of `trad.rs`.

    pip install --target /tmp/hz hanziconv==0.3.2   # Apache-2.0, CUHK character tables
    PYTHONPATH=/tmp/hz python3 gen_trad.py words.txt > trad.txt

One pair per line (traditional, simplified). Kept: one-to-one pairs of three-byte (BMP)
characters whose traditional form is not itself a simplified character (著 乾 瞭 藉 stay as they
are: they are ordinary simplified text) and appears in no word of words.txt.
"""
import sys

from hanziconv import charmap


def main(words):
    s, t = charmap.simplified_charmap, charmap.traditional_charmap
    simp = set(s)
    used = set()
    for line in open(words, encoding="utf-8"):
        used.update(line.split(" ")[0])
    pairs = sorted(
        (a, b)
        for a, b in zip(t, s)
        if a != b and len(a.encode()) == 3 and len(b.encode()) == 3 and a not in simp and a not in used
    )
    for a, b in pairs:
        print(a + b)


if __name__ == "__main__":
    main(sys.argv[1])
