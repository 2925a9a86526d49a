#!/usr/bin/env python3
"""FTS5 index size by tokenization (a measurement, not a test): `index-size.py CORPUS [N]`.

Tokenizes the first N (default 2000) files of a generate.py corpus in Python (single characters,
overlapping bigrams, Latin words), writes the tokens into a contentless FTS5 table per variant and
detail level, `optimize`s and `VACUUM`s, and prints the file size as a multiple of the text.
"""
import sqlite3, os, glob, sys, time
files = sorted(glob.glob(os.path.join(sys.argv[1], '*', '*.txt')))[:int(sys.argv[2]) if len(sys.argv) > 2 else 2000]
texts = [open(f, encoding='utf-8').read() for f in files]
def iscjk(c): return 0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or ord(c) >= 0x20000
def toks(t, uni=True, bi=True):
    out = []; run = []
    def flush():
        for i, c in enumerate(run):
            if uni: out.append('u%x' % ord(c))
            if bi and i + 1 < len(run): out.append('b%x_%x' % (ord(c), ord(run[i+1])))
        run.clear()
    word = ''
    for c in t:
        if iscjk(c): run.append(c); continue
        flush()
        if c.isalnum(): word += c.lower()
        else:
            if word: out.append(word); word = ''
    flush()
    if word: out.append(word)
    return ' '.join(out)
tot = sum(len(t.encode()) for t in texts)
print('text bytes', tot)
for name, uni, bi, detail in [('uni+bi full',1,1,'full'),('uni+bi column',1,1,'column'),('uni+bi none',1,1,'none'),('bi only full',0,1,'full'),('uni only full',1,0,'full')]:
    p = 'e.db'; 
    for s in ['', '-wal']: 
        try: os.remove(p+s)
        except FileNotFoundError: pass
    db = sqlite3.connect(p)
    db.execute(f"create virtual table f using fts5(body, content='', detail={detail}, tokenize='unicode61')")
    t0=time.time()
    with db:
        db.executemany('insert into f(rowid, body) values (?,?)', [(i+1, toks(t, uni, bi)) for i, t in enumerate(texts)])
    db.execute("insert into f(f) values('optimize')"); db.commit()
    db.execute('vacuum'); db.close()
    print(name, os.path.getsize(p), '%.2fx text' % (os.path.getsize(p)/tot), '%.1fs' % (time.time()-t0))
