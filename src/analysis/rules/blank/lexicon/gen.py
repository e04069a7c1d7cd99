#!/usr/bin/env python3
"""Regenerates words.txt from jieba's dictionary (jieba 0.42.1, MIT licence).

    pip download jieba==0.42.1 --no-deps && tar xzf jieba-0.42.1.tar.gz
    python3 gen.py jieba-0.42.1/jieba/dict.txt > words.txt

words.txt holds, one per line as `word pos frequency`:
- every two-character word with frequency >= 50 (used to see which word a character before a
  measure word belongs to, and which of those words are verbs: pos v/vn);
- every word of 2-4 characters with frequency >= 10 that contains a measure word or unit
  character (used to tell 国家/专家/名单/场所 from a dangling measure word).
Numeral words (三个, 万名, 余个) are left out: a numeral before a unit is a figure, not a word.
OVERRIDES below drops words that mostly appear in drafts as "context + deleted figure + unit"
(为名 in 为名少数民族创业者; 人名 in 模范个人名) and adds words jieba lacks.
"""
import sys

UNITS = set("个名户家项所条亩吨元次件份场批期门卷处面对头人座辆台套篇部株只艘架届起宗间栋幢支位种类倍余万亿里米笔册张斤棵")
DIGITS = set("0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两〇零")
DROP = {"为名", "人名", "有个", "余个", "余万"}
ADD = [("千家万户", "i"), ("万众一心", "i"), ("万人空巷", "i"), ("多元", "a"), ("单元", "n"), ("元旦", "t"),
       ("多次", "m"), ("龙头", "n"), ("带头", "v"), ("源头", "n"), ("名单", "n"), ("新篇", "n"), ("获批", "v"),
       ("等次", "n"), ("之家", "n"), ("受益面", "n"), ("攻坚期", "n"), ("窗口期", "n"), ("机遇期", "n"),
       ("翻倍", "v"), ("万家", "n"), ("弱项", "n"), ("短项", "n"), ("可期", "v"), ("为人", "v"), ("多少", "r"),
       ("家国", "n"), ("万卷", "n"), ("万里", "n"), ("万倍", "n"), ("万灵", "a"), ("达人", "n"), ("户政", "n"),
       ("个中", "r"), ("年月", "n"), ("年年", "d"), ("纲举目张", "i"), ("个税", "n"), ("亩均", "d"), ("万千", "m"), ("个大", "a"), ("家暴", "n"), ("万寿", "n"), ("脱贫户", "n"), ("贫困户", "n"), ("监测户", "n"), ("低保户", "n"), ("养殖户", "n"), ("种植户", "n"),
       ("等项", "n"), ("附加项", "n"), ("载重吨", "q"), ("个域网", "n")]


def main(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) != 3:
            continue
        w, f, pos = parts[0], int(parts[1]), parts[2]
        if not all("\u4e00" <= c <= "\u9fff" for c in w) or w in DROP:
            continue
        # Numeral words (三个, 万名, 余个, 几项) are figures, not words; jieba also tags some
        # ordinary words m (层次, 首次), which stay.
        if pos == "m" and (any(c in DIGITS for c in w) or w[0] in "余多几数来"):
            continue
        if len(w) == 2 and f >= 50:
            out[w] = (pos, f)
        elif 2 <= len(w) <= 4 and f >= 10 and any(c in UNITS for c in w):
            out[w] = (pos, f)
    for w, pos in ADD:
        out[w] = (pos, max(out.get(w, ("", 0))[1], 5000))
    for w in sorted(out):
        print(w, out[w][0], out[w][1])


if __name__ == "__main__":
    main(sys.argv[1])
