#!/usr/bin/env python3
"""PostgreSQL search latency with and without the CJK terms index (a benchmark, not a test).

    pg-latency.py DATABASE_URL [REPEATS]

On a store written by the `postgres` sink (schema v3), runs the search statement of
`PostgresSearchStore.statement` (Plugins/PostgresSink/PostgresSearch.swift: every term a LIKE
over the lower-cased entry, ranked by weighted occurrences, LIMIT 40) for the query classes of
latency.py (plus `2 rare`: two-character words of the vocabulary's long tail), twice per query:

- `before`: the statement without the `terms @> ARRAY[…]` condition (the search before schema v3:
  the trigram index, or a scan of every entry for terms under three characters);
- `all grams`: with it (the grams are the bigrams of each Chinese term, a 1-character term itself;
  the generator's Chinese words are all Han, so no classification is needed here);
- `common grams left out`: with it, less the grams in more than half the entries (`pg_stats`),
  as the search does (`PostgresSearchTerms.common`; the pg_stats look-up is not timed).

One psql session per class and variant, `\\timing` round trips (parse, plan, execute, transfer),
REPEATS times each query (default 5); prints p50/p95/max in milliseconds.
"""
import os, random, re, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

url = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
words, _ = generate.vocabulary(random.Random(12))
rng = random.Random(7)
frequent, rare = words[:300], words[300:]
classes = {
    "1 char": [w for w in frequent if len(w) == 1][:5] + [w for w in rare if len(w) == 1][:5],
    "2 chars": ["老蒋", "靖江", "李飞", "北京"] + [w for w in frequent if len(w) == 2][:3] + [w for w in rare if len(w) == 2][:3],
    "n chars": [w for w in frequent if len(w) >= 3][:5] + [w for w in rare if len(w) >= 3][:5],
    # Words of the generator's long tail, in few entries: what the index is for.
    "2 rare": [w for w in words[5000:] if len(w) == 2][:5],
    "mixed": ["Alice 靖江", "storage 北京", "Chen 李飞", "pipeline 老蒋", "report " + rng.choice(frequent)],
}
HAY = "lower(e.title || E'\\n' || e.context || E'\\n' || e.body)"


def quote(s):
    return "'" + s.replace("'", "''") + "'"


def common(grams):
    """The grams in more than half the entries (PostgresSearchTerms.common)."""
    if not grams:
        return set()
    out = psql("SELECT u.gram FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u (gram, share) "
               "WHERE s.tablename = 'search_entries' AND s.attname = 'terms' AND u.share > 0.5 AND u.gram = ANY(ARRAY["
               + ", ".join(map(quote, grams)) + "]::text[])")
    return set(out.split())


def statement(query, with_terms, skip_common=False):
    terms = [t.lower() for t in query.split()]
    conditions, score = [], []
    for t in terms:
        conditions.append(f"{HAY} LIKE {quote('%' + t + '%')}")
        score.append(" + ".join(f"{w} * (length(lower(e.{c})) - length(replace(lower(e.{c}), {quote(t)}, ''))) / {len(t)}"
                                for w, c in (("4.0", "title"), ("2.0", "context"), ("1.0", "body"))))
    grams = sorted({t[i:i + 2] for t in terms if not t.isascii() for i in range(max(1, len(t) - 1))})
    if skip_common:
        grams = sorted(set(grams) - common(grams))
    if with_terms and grams:
        conditions.insert(0, "e.terms @> ARRAY[" + ", ".join(map(quote, grams)) + "]::text[]")
    return (f"SELECT e.document_id, d.kind, d.title, d.source_path, d.published, e.unit, e.facets::text, e.title, e.context, e.body, "
            f"(({' + '.join('(' + s + ')' for s in score)}) * 1000.0 / (length(e.body) + length(e.title) + 200))::float8 AS score "
            f"FROM search_entries e JOIN documents d ON d.id = e.document_id WHERE {' AND '.join(conditions)} "
            f"ORDER BY score DESC, e.entry_id LIMIT 40;")


def psql(script):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", url], input=script, check=True, capture_output=True, text=True).stdout


def timed(sql):
    """Round-trip times of `sql` (a list of statements), in milliseconds."""
    out = psql("\\timing on\n\\o /dev/null\n" + "".join(s + "\n" for s in sql))
    return [float(m) for m in re.findall(r"^Time: ([0-9.]+) ms", out, re.M)]


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"p50 {statistics.median(times):7.1f} p95 {p95:7.1f} max {times[-1]:7.1f} ms"


entries = int(psql("SELECT count(*) FROM search_entries").strip())
print(f"{entries} search entries, {repeats} runs per query (before and after alternating), psql \\timing round trips")
for label, queries in classes.items():
    before, after, pruned, matched = [], [], [], []
    for q in queries:
        count = statement(q, False).replace("ORDER BY score DESC, e.entry_id LIMIT 40;", ") m;")
        matched.append(int(psql("SELECT count(*) FROM (" + count).strip()) / entries)
        for _ in range(repeats):
            before += timed([statement(q, False)])
            after += timed([statement(q, True)])
            pruned += timed([statement(q, True, skip_common=True)])
    print(f"{label:8s} {len(queries):3d} queries, median {100 * statistics.median(matched):4.1f} % of entries match\n"
          f"    before {summary(before)}\n    all grams {summary(after)}\n    common grams left out {summary(pruned)}")
