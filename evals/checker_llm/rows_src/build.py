"""Regenerate ../pairs.jsonl from passages.py and rows.py (stdlib only). Spans are chosen
automatically (best-overlapping sentence per passage) except the overrides in OVR."""
import json, re, sys
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from passages import S, F, D
from rows import R
SRC = {"study": ("corpus/escalation-of-threats-by-the-pakistani-taliban.md", S),
       "python-faq": ("/usr/share/doc/python3.11/html/faq/general.html", F),
       "debian-reference": ("/usr/share/debian-reference/debian-reference.en.txt.gz", D)}
STOP = set("a an the of and or to in on for with by is are was were be been it its this that these those as at from not no but which who will has have had can could may".split())
def toks(s): return {w for w in re.findall(r"[a-z0-9]+", s.lower().replace("’", "'")) if w not in STOP}
def best(passage, sent):
    parts = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Za-z“\"])", passage) if p]
    return max(parts, key=lambda p: len(toks(p) & toks(sent)))
OVR = {"antonym_flip-07": "comp.lang.python is high-traffic, receiving hundreds of postings every day, and Usenet readers are often more able to cope with this volume.", "role_swap-08": F["begin"], "wrong_name-06": F["article"].split(" and is now quite outdated. ")[1], "wrong_number-08": F["article"].split(" Guido")[0]}
V = {"S": "supported", "N": "not_supported", "C": "contradicted"}
count = {}
out = []
for kind, doc, keys, sent, v in R:
    count[kind] = count.get(kind, 0) + 1
    src, table = SRC[doc]
    ps = [table[k] for k in keys]
    span = "" if v == "N" else " ... ".join(best(p, sent) for p in ps)
    span = OVR.get(f"{kind}-{count[kind]:02d}", span)
    out.append({"id": f"{kind}-{count[kind]:02d}", "doc": doc, "source": src, "passages": ps,
                "sentence": sent, "label": "supported" if v == "S" else "unsupported", "kind": kind,
                "judge": {"verdict": V[v], "span": span}})
with open(str(__import__("pathlib").Path(__file__).resolve().parents[1] / "pairs.jsonl"), "w", encoding="utf-8") as fh:
    for o in out: fh.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(out))
