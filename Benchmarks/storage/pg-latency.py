#!/usr/bin/env python3
"""PostgreSQL search latency: the search statement's variants over time (a benchmark, not a test).

    [VARIANTS=name,name] pg-latency.py DATABASE_URL [REPEATS]

On a store written by the `postgres` sink (schema v3), runs the search statement of
`PostgresSearchStore.statement` (Plugins/PostgresSink/PostgresSearch.swift: every term a LIKE
over the entry, ranked by weighted occurrences, LIMIT 40) for the query classes of latency.py
(plus `2 rare`: two-character words of the vocabulary's long tail) in these variants:

- `before`: without the `terms @> ARRAY[…]` condition (the search before schema v3: the trigram
  index, or a scan of every entry for terms under three characters);
- `all grams`: with it (the grams are the bigrams of each Chinese term, a 1-character term itself;
  the generator's Chinese words are all Han, so no classification is needed here);
- `common grams left out`: with it, less the grams in more than half the entries (`pg_stats`):
  the search before bounded ranking;
- `bounded 3000, …`: those, scoring only the newest 3,000 matches, as the planner likes;
- `as searched (bounded 3000)`: what `sluice search` sends now: bounded, and a query whose terms
  are each one gram (one or two CJK characters) with 3,000 or more matches expected from
  `pg_stats` walks the entries back from the newest in a transaction with sequential and bitmap
  scans off (PostgresGramStatistics; the pg_stats look-ups are not timed); terms without case
  are matched (when walking) and scored without lower-casing the entries.

Default VARIANTS: `common grams left out,as searched (bounded 3000)`. One psql session per query
and variant, `\\timing` round trips (parse, plan, execute, transfer; a walking query's BEGIN, SETs
and COMMIT added), REPEATS times each query (default 5); prints p50/p95/max in milliseconds.
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


def shares(grams):
    """The share of the entries each of `grams` is in, for those pg_stats lists (PostgresGramStatistics)."""
    if not grams:
        return {}
    out = psql("SELECT u.gram, u.share FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u (gram, share) "
               "WHERE s.tablename = 'search_entries' AND s.attname = 'terms' AND u.gram = ANY(ARRAY["
               + ", ".join(map(quote, grams)) + "]::text[])")
    return {g: float(v) for g, v in (line.split("|") for line in out.split())}


def common(grams):
    """The grams in more than half the entries (PostgresGramStatistics.common)."""
    return {g for g, v in shares(grams).items() if v > 0.5}


def grams_of(term):
    return sorted({term[i:i + 2] for i in range(max(1, len(term) - 1))}) if not term.isascii() else []


def walks(query, bound):
    """Whether the search walks the entries back from the newest (PostgresGramStatistics.expectedMatches)."""
    share = 1.0
    for t in query.lower().split():
        known = shares([t]) if grams_of(t) == [t] else {}
        if t not in known:
            return False
        share *= known[t]
    return share * entries >= bound


def as_searched(query, bound=3000):
    """The statements `sluice search` sends (PostgresSearchStore.search; the pg_stats look-up not timed)."""
    if walks(query, bound):
        return ["BEGIN READ ONLY;", "SET LOCAL enable_seqscan = off;", "SET LOCAL enable_bitmapscan = off;",
                statement(query, False, bound=bound, walking=True, caseless_score=True), "COMMIT;"]
    return [statement(query, True, skip_common=True, bound=bound, caseless_score=True)]


def statement(query, with_terms, skip_common=False, bound=None, walking=False, caseless_score=False):
    """`walking`, `caseless_score`: as the search does now (a term with no case is matched, when
    walking, and scored without lower-casing the entries)."""
    terms = [t.lower() for t in query.split()]
    conditions, score = [], []
    for t in terms:
        caseless = t.upper() == t
        hay = HAY.replace("lower(", "(", 1) if walking and caseless else HAY
        conditions.append(f"{hay} LIKE {quote('%' + t + '%')}")
        lower = (lambda c: f"e.{c}") if caseless and caseless_score else (lambda c: f"lower(e.{c})")
        score.append(" + ".join(f"{w} * (length({lower(c)}) - length(replace({lower(c)}, {quote(t)}, ''))) / {len(t)}"
                                for w, c in (("4.0", "title"), ("2.0", "context"), ("1.0", "body"))))
    grams = sorted({t[i:i + 2] for t in terms if not t.isascii() for i in range(max(1, len(t) - 1))})
    if skip_common:
        grams = sorted(set(grams) - common(grams))
    if with_terms and grams:
        conditions.insert(0, "e.terms @> ARRAY[" + ", ".join(map(quote, grams)) + "]::text[]")
    columns = (f"e.document_id, d.kind, d.title, d.source_path, d.published, e.unit, e.facets::text, e.title, e.context, e.body, "
               f"(({' + '.join('(' + s + ')' for s in score)}) * 1000.0 / (length(e.body) + length(e.title) + 200))::float8 AS score")
    if bound is None:
        return (f"SELECT {columns} FROM search_entries e JOIN documents d ON d.id = e.document_id WHERE {' AND '.join(conditions)} "
                f"ORDER BY score DESC, e.entry_id LIMIT 40;")
    # Bounded ranking (PostgresSearchStore.statement): the newest `bound` matches, then only they scored.
    return (f"WITH matched AS MATERIALIZED (SELECT e.entry_id FROM search_entries e WHERE {' AND '.join(conditions)} "
            f"ORDER BY e.entry_id DESC LIMIT {bound}) "
            f"SELECT {columns} FROM matched m JOIN search_entries e ON e.entry_id = m.entry_id JOIN documents d ON d.id = e.document_id "
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


VARIANTS = {
    "before": lambda q: statement(q, False),
    "all grams": lambda q: statement(q, True),
    "common grams left out": lambda q: statement(q, True, skip_common=True),
    "bounded 3000, common grams left out": lambda q: statement(q, True, skip_common=True, bound=3000),
    "bounded 3000, all grams": lambda q: statement(q, True, bound=3000),
    "as searched (bounded 3000)": as_searched,
}
chosen = os.environ.get("VARIANTS", "common grams left out,as searched (bounded 3000)").split(",")
entries = int(psql("SELECT count(*) FROM search_entries").strip())
print(f"{entries} search entries, {repeats} runs per query (variants alternating), psql \\timing round trips")
for label, queries in classes.items():
    times, matched = {v: [] for v in chosen}, []
    for q in queries:
        count = statement(q, False).replace("ORDER BY score DESC, e.entry_id LIMIT 40;", ") m;")
        matched.append(int(psql("SELECT count(*) FROM (" + count).strip()) / entries)
        for _ in range(repeats):
            for v in chosen:
                sql = VARIANTS[v](q)
                times[v].append(sum(timed(sql if isinstance(sql, list) else [sql])))
    walking = sum(walks(q, 3000) for q in queries)
    print(f"{label:8s} {len(queries):3d} queries, median {100 * statistics.median(matched):4.1f} % of entries match, "
          f"{walking} walked back from the newest entry when searched")
    for v in chosen:
        print(f"    {v}: {summary(times[v])}")
