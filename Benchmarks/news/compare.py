#!/usr/bin/env python3
"""Compares Sluice's `news` reader with readability-lxml, trafilatura and GNE on the same pages
with gold annotations (Benchmarks/news/gold/*.json): body F1 (character-level for Chinese,
word-level otherwise), title exact match, date match, and speed (pages/s and MB/s on one core
and on all cores), plus libxml2's bare parse of the same pages.

Run through compare.sh, which creates the virtual environment and builds Sluice.
"""
import glob, json, multiprocessing, os, re, subprocess, sys, time, warnings
from collections import Counter

warnings.filterwarnings("ignore")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH = os.environ.get("SLUICE_NEWS_BENCH", os.path.join(ROOT, ".build", "release", "sluice-news-bench"))
REPEAT = int(os.environ.get("REPEAT", "5"))

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def tokens(text):
    text = text or ""
    if CJK.search(text):
        return [c for c in text if not c.isspace()]
    return re.findall(r"\w+", text.lower())


def f1(pred, gold):
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    if not p or not g:
        return 0.0
    overlap = sum((p & g).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def norm_title(t):
    return re.sub(r"\s+", "", (t or "")).replace("\u00a0", "")


DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def norm_date(d):
    if not d:
        return None
    m = DATE.search(str(d))
    return "%04d-%02d-%02d" % tuple(int(x) for x in m.groups()) if m else None


def decode(raw):
    head = raw[:4096].decode("ascii", "replace").lower()
    m = re.search(r"charset\s*=\s*[\"']?([\w-]+)", head)
    candidates = []
    if m:
        label = m.group(1)
        candidates.append("gb18030" if label in ("gb2312", "gbk", "gb18030") else label)
    candidates += ["utf-8", "gb18030", "big5"]
    for c in candidates:
        try:
            return raw.decode(c)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def strip_tags(html_text):
    import lxml.html
    if not html_text:
        return ""
    return lxml.html.fromstring(html_text).text_content()


def run_readability(raw):
    from readability import Document
    doc = Document(decode(raw))
    return {"title": doc.short_title(), "date": None, "body": strip_tags(doc.summary(html_partial=True))}


def run_trafilatura(raw):
    import trafilatura
    result = trafilatura.bare_extraction(decode(raw), with_metadata=True, include_comments=False)
    if result is None:
        return {"title": None, "date": None, "body": ""}
    if not isinstance(result, dict):
        result = result.as_dict() if hasattr(result, "as_dict") else vars(result)
    return {"title": result.get("title"), "date": result.get("date"), "body": result.get("text") or ""}


def run_gne(raw):
    from gne import GeneralNewsExtractor
    result = GeneralNewsExtractor().extract(decode(raw))
    return {"title": result.get("title"), "date": result.get("publish_time"), "body": result.get("content") or ""}


PEERS = {"readability-lxml": run_readability, "trafilatura": run_trafilatura, "GNE": run_gne}


def run_sluice(paths):
    out = subprocess.run([BENCH, "extract", *paths], check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        record = json.loads(line)
        doc = record.get("document") or {}
        results[record["path"]] = {"title": doc.get("title"), "date": doc.get("published"), "body": doc.get("text", "")}
    return results


def peer_worker(args):
    name, path = args
    with open(path, "rb") as f:
        raw = f.read()
    try:
        PEERS[name](raw)
    except Exception:
        pass
    return len(raw)


def speed_peer(name, paths, jobs):
    work = [(name, p) for p in paths] * REPEAT
    start = time.perf_counter()
    if jobs == 1:
        total = sum(peer_worker(w) for w in work)
    else:
        with multiprocessing.Pool(jobs) as pool:
            total = sum(pool.map(peer_worker, work, chunksize=4))
    seconds = time.perf_counter() - start
    return len(work) / seconds, total / 1048576 / seconds


def speed_sluice(mode, paths, jobs):
    out = subprocess.run([BENCH, "speed", "--mode", mode, "--jobs", str(jobs), "--repeat", str(REPEAT * 20), *paths],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out)
    return r["pages_per_second"], r["mb_per_second"]


def main():
    golds = [json.load(open(p, encoding="utf-8")) for p in sorted(glob.glob(os.path.join(ROOT, "Benchmarks", "news", "gold", "*.json")))]
    paths = [os.path.join(ROOT, g["file"]) for g in golds]
    results = {"Sluice": run_sluice(paths)}
    for name, fn in PEERS.items():
        results[name] = {}
        for path in paths:
            with open(path, "rb") as f:
                raw = f.read()
            try:
                results[name][path] = fn(raw)
            except Exception as error:  # a peer failing on a page scores zero there
                results[name][path] = {"title": None, "date": None, "body": "", "error": str(error)}

    print(f"{len(paths)} pages with gold annotations\n")
    print("per page body F1:")
    print("%-48s" % "page" + "".join("%18s" % n for n in results))
    for g, path in zip(golds, paths):
        gold_body = "\n".join(g["body"])
        print("%-48s" % os.path.relpath(path, ROOT)[-48:] + "".join("%18.3f" % f1(results[n][path]["body"], gold_body) for n in results))
    print()
    cores = os.cpu_count() or 1
    header = "| extractor | body F1 | title exact | date match | pages/s (1 core) | MB/s (1 core) | pages/s (%d cores) | MB/s (%d cores) |" % (cores, cores)
    print(header)
    print("|" + "---|" * 8)
    speeds = {}
    for name in results:
        scores = [f1(results[name][p]["body"], "\n".join(g["body"])) for g, p in zip(golds, paths)]
        titles = [norm_title(results[name][p]["title"]) == norm_title(g["title"]) for g, p in zip(golds, paths)]
        dates = [norm_date(results[name][p]["date"]) == g["date"] for g, p in zip(golds, paths)]
        if name == "Sluice":
            one, all_ = speed_sluice("news", paths, 1), speed_sluice("news", paths, cores)
        else:
            one, all_ = speed_peer(name, paths, 1), speed_peer(name, paths, cores)
        speeds[name] = one
        print("| %s | %.3f | %d/%d | %d/%d | %.1f | %.2f | %.1f | %.2f |" % (
            name, sum(scores) / len(scores), sum(titles), len(titles), sum(dates), len(dates), one[0], one[1], all_[0], all_[1]))
    bare1, bare_all = speed_sluice("bare", paths, 1), speed_sluice("bare", paths, cores)
    print("| libxml2 bare parse | | | | %.1f | %.2f | %.1f | %.2f |" % (bare1[0], bare1[1], bare_all[0], bare_all[1]))
    print()
    print("Sluice end to end is %.0f%% of the bare-parse rate on one core; %.1fx the fastest peer." % (
        100 * speeds["Sluice"][1] / bare1[1], speeds["Sluice"][0] / max(v[0] for k, v in speeds.items() if k != "Sluice")))


if __name__ == "__main__":
    main()
