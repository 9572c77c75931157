"""Build a cases.yaml from a compact authoring file (one-off helper, stdlib + yaml).

Authoring format, one block per case:

    @ case-id | category | document            (document optional)
    Q: a turn (repeat for follow-up conversations)
    G: a gold quote (verbatim)
    K: a key fact (verbatim, inside one gold quote)
    A: false                                     (optional override of `answerable`)

`answerable` defaults to true unless the category is `unanswerable`/`offtopic`/`adversarial`.
`split` is fixed from the id: sha256(id) first 8 hex digits as an int, mod 10 < 3 -> test, else fit.
Usage: python build_cases.py SRC OUT [--document NAME] [--no-split] [--header TEXT]
"""
import hashlib
import sys

import yaml


def split_of(case_id: str) -> str:
    return "test" if int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16) % 10 < 3 else "fit"


def parse(path):
    cases, cur = [], None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@"):
            parts = [p.strip() for p in line[1:].split("|")]
            cur = {"id": parts[0], "category": parts[1]}
            if len(parts) > 2 and parts[2]:
                cur["document"] = parts[2]
            cur.update(turns=[], gold_quotes=[], key_facts=[])
            cases.append(cur)
            continue
        tag, _, val = line.partition(": ")
        val = val.strip()
        if tag == "Q":
            cur["turns"].append(val)
        elif tag == "G":
            cur["gold_quotes"].append(val)
        elif tag == "K":
            cur["key_facts"].append(val)
        elif tag == "A":
            cur["answerable"] = val.lower() == "true"
        else:
            raise SystemExit(f"bad line: {line!r}")
    out = []
    for c in cases:
        ans = c.get("answerable", c["category"] not in ("unanswerable", "offtopic", "adversarial"))
        d = {"id": c["id"], "category": c["category"]}
        if "document" in c:
            d["document"] = c["document"]
        d.update(turns=c["turns"], answerable=ans, gold_quotes=c["gold_quotes"], key_facts=c["key_facts"])
        out.append(d)
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    document = args[args.index("--document") + 1] if "--document" in args else None
    header = args[args.index("--header") + 1] if "--header" in args else ""
    cases = parse(src)
    ids = [c["id"] for c in cases]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate ids: {sorted(dup)}")
    if "--no-split" not in args:
        for c in cases:
            c["split"] = split_of(c["id"])
    doc = {"version": 1}
    if document:
        doc["document"] = document
    doc["cases"] = cases
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10000, default_flow_style=None)
    with open(dst, "w", encoding="utf-8") as fh:
        fh.write("".join(f"# {l}\n" for l in header.split("\\n")) if header else "")
        fh.write(text)
    print(f"{dst}: {len(cases)} cases")


if __name__ == "__main__":
    main()
