#!/usr/bin/env python3
"""Deterministic synthetic Chinese text corpus for the storage benchmark (not a test).

    generate.py DIR FILES [BYTES_PER_FILE] [SEED]

Writes FILES files `DIR/NNN/docNNNNNNN.txt` (1000 per folder) of about BYTES_PER_FILE bytes of
UTF-8 each (default 2800): a title line, then paragraphs of sentences made of words drawn with a
Zipf-like law from a vocabulary of 1- to 4-character words over ~2,500 common Han characters, a
few hundred person/place names (`老蒋`, `靖江`, ...), and now and then an English word, so that
1-, 2- and n-character queries and mixed Chinese/English queries all have hits of varied
frequency. The same arguments always give byte-identical files.
"""
import os, random, sys

# The CJK Unified Ideographs block starts with the most-used characters no better than any other
# range; take a fixed, wide slice and let the Zipf law make some frequent and most rare.
HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
NAMES = ["老蒋", "靖江", "李飞", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴昊",
         "北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安"]
ENGLISH = ("storage search index worker batch document pipeline cloud platform data security "
           "research product manager quality review Alice Chen Bob Wang meeting report").split()
PUNCT = "，，，、；。"


def vocabulary(rng):
    words = list(NAMES)
    while len(words) < 20000:
        n = rng.choice((1, 2, 2, 2, 2, 3, 3, 4))
        words.append("".join(rng.choice(HAN) for _ in range(n)))
    # Zipf-like weights: the k-th word has weight 1/(k+10).
    cumulative, total = [], 0.0
    for k in range(len(words)):
        total += 1.0 / (k + 10)
        cumulative.append(total)
    return words, cumulative


def document(rng, words, weights, index, size):
    out = [f"第{index}号报告 {rng.choice(words[:200])}{rng.choice(NAMES)}\n\n"]
    used = len(out[0].encode())
    while used < size:
        sentence = []
        for _ in range(rng.randint(3, 6)):
            clause = "".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 8)))
            if rng.random() < 0.08:
                clause += " " + rng.choice(ENGLISH) + " "
            sentence.append(clause)
        paragraph = "".join(c + rng.choice(PUNCT[:-1]) for c in sentence[:-1]) + sentence[-1] + "。"
        if rng.random() < 0.3:
            paragraph += "\n\n"
        out.append(paragraph)
        used += len(paragraph.encode())
    return "".join(out).rstrip() + "\n"


def main():
    root, files = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 2800
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    for i in range(files):
        folder = os.path.join(root, f"{i // 1000:03d}")
        if i % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"doc{i:07d}.txt"), "w", encoding="utf-8") as f:
            f.write(document(rng, words, weights, i, size))


if __name__ == "__main__":
    main()
