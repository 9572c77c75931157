"""The eval runner end to end on a tiny dataset, its report files, the regression table,
dataset errors, the support judges and the Python-docs FAQ pair builder."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant import Assistant, Settings
from assistant.errors import UsageError
from assistant.evals import command, load_dataset
from assistant.evals.judge import LLMJudge, OfflineJudge, judge_accuracy, load_pairs
from bench.pydocs import build_dataset, faq_entries, locate
from assistant.evals.report import compare
from assistant.evals.runner import split_cited_sentences

# The tests share a costly module-scoped fixture: on one xdist worker it is built once.
pytestmark = pytest.mark.xdist_group("test_eval_runner")

ROOT = Path(__file__).resolve().parent.parent
STUDY_SET = ROOT / "evals" / "study.yaml"
PAIRS = ROOT / "evals" / "checker_pairs.jsonl"
PNG = b"\x89PNG\r\n\x1a\n"


def _tiny_dataset(path: Path) -> dict[str, Any]:
    """Four cases of the study set, one per category that matters here."""
    data = yaml.safe_load(STUDY_SET.read_text(encoding="utf-8"))
    picked = {}
    for case in data["cases"]:
        wanted = case["category"] in ("answerable", "followup", "unanswerable", "offtopic")
        if wanted and case["category"] not in picked and (case["category"] != "followup" or case["answerable"]):
            picked[case["category"]] = case
    tiny = {"version": 1, "document": data["document"], "cases": list(picked.values())}
    path.write_text(yaml.safe_dump(tiny, allow_unicode=True), encoding="utf-8")
    return tiny


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("eval")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "escalation-of-threats-by-the-pakistani-taliban.md", corpus)
    dataset = base / "tiny.yaml"
    tiny = _tiny_dataset(dataset)
    out = base / "out"
    code = command.main(["--dataset", str(dataset), "--corpus", str(corpus), "--out", str(out),
                         "--retrieval-modes", "--no-progress"])
    return {"code": code, "out": out, "dataset": dataset, "corpus": corpus, "tiny": tiny, "base": base}


def test_run_writes_report_files(first_run: dict[str, Any]) -> None:
    assert first_run["code"] == 0
    out: Path = first_run["out"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["cases"] == 4 == len(report["case_results"])
    assert {r["id"] for r in report["case_results"]} == {c["id"] for c in first_run["tiny"]["cases"]}
    for name in ("metrics.png", "latency.png", "categories.png", "retrieval-modes.png"):
        assert (out / name).read_bytes()[:8] == PNG, name
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "| Faithfulness |" in markdown and "## Retrieval modes" in markdown


def test_report_figures_are_consistent(first_run: dict[str, Any]) -> None:
    report = json.loads((first_run["out"] / "report.json").read_text(encoding="utf-8"))
    m = report["metrics"]
    for key in ("recall_at_1", "recall_at_5", "mrr_at_10", "ndcg_at_10", "citation_validity"):
        assert m[key] is not None and 0.0 <= m[key] <= 1.0, key
    assert m["recall_at_1"] <= m["recall_at_3"] <= m["recall_at_5"]
    assert set(report["retrieval_modes"]) == {"bm25", "dense", "hybrid"}
    assert report["retrieval_modes"]["hybrid"]["recall_at_5"] == m["recall_at_5"]
    assert m["latency_n"] == 4 and m["latency_p50"] <= m["latency_p95"]
    # Every citation recorded must slice its document exactly; the runner says so too.
    text = (first_run["corpus"] / "escalation-of-threats-by-the-pakistani-taliban.md").read_text(encoding="utf-8")
    for row in report["case_results"]:
        for c in row["citations"]:
            if c.get("kind", "text") == "details":
                # A document detail: the value recorded in the front matter, named by its field.
                assert c["field"] and all(part in text for part in c["quote"].split("; "))
            else:
                assert c["quote"] in text
        if row["citations"]:
            assert row["citation_validity"] == 1.0
    refused = {r["id"]: r["refused"] for r in report["case_results"]}
    unanswerable = [c for c in first_run["tiny"]["cases"] if not c["answerable"]]
    expected = sum(refused[c["id"]] for c in unanswerable) / len(unanswerable)
    assert m["refusal_recall"] == expected
    accuracy = report["judge_accuracy"][0]
    assert accuracy["pairs"] == len(load_pairs(PAIRS))


def test_compare_adds_a_regression_table(first_run: dict[str, Any]) -> None:
    out: Path = first_run["out"]
    old = json.loads((out / "report.json").read_text(encoding="utf-8"))
    old["metrics"]["recall_at_5"] = -1.0  # an old run that retrieved worse
    old["metrics"]["false_refusal_rate"] = (old["metrics"]["false_refusal_rate"] or 0.0) - 0.5
    old_path = first_run["base"] / "old.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    out2 = first_run["base"] / "out2"
    shutil.copytree(out / "data", out2 / "data")
    # The judge's accuracy on the labelled pairs is the first run's (checked above), not this one's.
    code = command.main(["--dataset", str(first_run["dataset"]), "--corpus", str(first_run["corpus"]),
                         "--out", str(out2), "--compare", str(old_path), "--no-progress",
                         "--checker-pairs", str(first_run["base"] / "no-pairs.jsonl")])
    assert code == 0
    report = json.loads((out2 / "report.json").read_text(encoding="utf-8"))
    verdicts = {row["metric"]: row["verdict"] for row in report["comparison"]}
    assert verdicts["recall_at_5"] == "better"
    assert verdicts["false_refusal_rate"] == "worse"
    assert "## Compared with the earlier run" in (out2 / "report.md").read_text(encoding="utf-8")


def test_compare_directions() -> None:
    old = {"metrics": {"faithfulness": 0.9, "latency_p95": 1.0, "false_refusal_rate": 0.1, "recall_at_5": None}}
    new = {"metrics": {"faithfulness": 0.8, "latency_p95": 0.5, "false_refusal_rate": 0.1, "recall_at_5": 0.9}}
    rows = {c.key: c.verdict for c in compare(old, new)}
    assert rows["faithfulness"] == "worse"
    assert rows["latency_p95"] == "better"
    assert rows["false_refusal_rate"] == "same"
    assert rows["recall_at_5"] == "n/a"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No dataset at"),
        ("cases: [\n  - id: x\n", "not valid YAML at line"),
        ("version: 1\ncases: []\n", "no `cases` list"),
        ("cases:\n  - {id: a, category: gossip, turns: [hi], answerable: false}\n", "category 'gossip'"),
        ("cases:\n  - {id: Bad Id, category: offtopic, turns: [hi], answerable: false}\n", "lower-case"),
        ("cases:\n  - {id: a, category: offtopic, turns: [], answerable: false}\n", "non-empty `turns`"),
        ("cases:\n  - {id: a, category: offtopic, turns: [hi]}\n", "lacks answerable"),
    ],
)
def test_bad_dataset_is_a_usage_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "set.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message) as info:
        load_dataset(path)
    assert "\n" not in str(info.value) and info.value.hint


def test_command_reports_bad_input_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert command.main(["--dataset", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("assistant: error: No dataset at") and "\n" not in err
    (tmp_path / "ok.yaml").write_text(STUDY_SET.read_text(encoding="utf-8"), encoding="utf-8")
    assert command.main(["--dataset", str(tmp_path / "ok.yaml"), "--corpus", str(tmp_path / "nope")]) == 2
    assert "No folder at" in capsys.readouterr().err


def test_missing_gold_quote_names_the_case(tmp_path: Path, settings: Settings, embedder: Any) -> None:
    from assistant.evals import run_eval

    path = tmp_path / "set.yaml"
    data = {"version": 1, "document": "escalation-of-threats-by-the-pakistani-taliban.md", "cases": [
        {"id": "made-up", "category": "answerable", "turns": ["Who?"], "answerable": True,
         "gold_quotes": ["a sentence the study never wrote"], "key_facts": []}]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        with pytest.raises(UsageError, match="gold quote not found"):
            run_eval(assistant, load_dataset(path), progress=False)


def test_split_cited_sentences() -> None:
    assert split_cited_sentences("A rose. [1] B fell [2][3]. C said “x.” [4] D [5]") == [
        ("A rose.", (1,)), ("B fell.", (2, 3)), ("C said “x.”", (4,)), ("D", (5,))
    ]
    assert split_cited_sentences("No markers here. None at all.") == [("No markers here.", ()), ("None at all.", ())]
    # A quote ending with a colon or a semicolon ends at its marker; without one it goes on.
    assert split_cited_sentences("He writes: [1] “We laid it. [2] It holds:") == [
        ("He writes:", (1,)), ("“We laid it.", (2,)), ("It holds:", ())
    ]
    assert split_cited_sentences("the C library; [1] the PNG library. [2]") == [
        ("the C library;", (1,)), ("the PNG library.", (2,))
    ]
    assert split_cited_sentences("It holds: a list. [1]") == [("It holds: a list.", (1,))]
    # A name's initial and "i.e." end no sentence; a one-letter name after a lower-case word does.
    assert split_cited_sentences("We use David A. Wheeler's tool (i.e. sloccount). [1] It counts. [2]") == [
        ("We use David A. Wheeler's tool (i.e. sloccount).", (1,)), ("It counts.", (2,))
    ]
    assert split_cited_sentences("It is written in R. Write it so. [1]") == [
        ("It is written in R.", ()), ("Write it so.", (1,))
    ]


def test_offline_judge_accuracy_on_labelled_pairs() -> None:
    pairs = load_pairs(PAIRS)
    result = judge_accuracy(OfflineJudge(None), pairs)
    counted = sum(result[k] for k in ("caught_unsupported", "missed_unsupported", "accepted_supported",
                                      "rejected_supported"))
    assert counted == len(pairs)
    assert result["balanced_accuracy"] is not None and result["balanced_accuracy"] > 0.5


def test_llm_judge_is_strict_and_cached(tmp_path: Path) -> None:
    calls: list[str] = []
    replies = iter(["Yes.", "no", "Maybe"])

    def complete(messages: list[dict[str, str]]) -> str:
        calls.append(messages[-1]["content"])
        return next(replies)

    cache = tmp_path / "judge-cache.jsonl"
    judge = LLMJudge(complete, model="m1", cache_path=cache)
    passage = ("The study was written by Nora Al Habsi.",)
    assert judge("Nora Al Habsi wrote it.", passage) is True
    assert judge("Ali Bakr wrote it.", passage) is False
    assert judge("Nobody wrote it.", passage) is False  # neither yes nor no: not supported
    assert judge("Nora Al Habsi wrote it.", passage) is True and len(calls) == 3
    rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["key"] == hashlib.sha256(calls[0].encode("utf-8")).hexdigest()
    assert all(r["model"] == "m1" for r in rows)
    reused = LLMJudge(complete, model="m1", cache_path=cache)
    assert reused("Ali Bakr wrote it.", passage) is False and len(calls) == 3
    other = LLMJudge(lambda m: "yes", model="m2", cache_path=cache)
    assert other("Ali Bakr wrote it.", passage) is True  # another model's verdicts are not reused


FAQ_PAGE = """<html><head><title>Demo FAQ</title></head><body>
<div class="body" role="main"><section id="demo-faq"><h1>Demo FAQ<a class="headerlink" href="#">¶</a></h1>
<section id="general"><h2>General</h2>
<section id="how-do-i-copy-a-file"><h3>How do I copy a file?<a class="headerlink" href="#x">¶</a></h3>
<p>The <a href="../library/shutil.html"><code>shutil</code></a> module contains a <code>copyfile()</code>
function. Note that on Windows NTFS volumes, it does not copy alternate data streams.</p>
<p>More details follow in a second paragraph.</p></section>
<section id="why-is-it-slow"><h3>Why is it slow?</h3>
<p>Copying large files takes time because every byte has to be read and written again, which no
library can avoid.</p></section>
<section id="notes"><h3>Notes</h3><p>Not a question, so not a case.</p></section>
</section></section></div></body></html>"""


def test_pydocs_faq_pairs_point_into_the_loader_text(tmp_path: Path, embedder: Any) -> None:
    docs = tmp_path / "html"
    (docs / "faq").mkdir(parents=True)
    (docs / "faq" / "demo.html").write_text(FAQ_PAGE, encoding="utf-8")
    entries = faq_entries(docs)
    assert [e.question for e in entries] == ["How do I copy a file?", "Why is it slow?"]
    assert entries[0].answer.startswith("The shutil module contains")
    settings = Settings(corpus_dir=docs, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        data = build_dataset(assistant, docs)
        text = assistant.document_text("faq/demo.html")
    assert [c["turns"] for c in data["cases"]] == [["How do I copy a file?"], ["Why is it slow?"]]
    for case in data["cases"]:
        assert case["document"] == "faq/demo.html"
        (gold,) = case["gold_quotes"]
        assert gold in text and 0 < len(gold) <= 200
    assert data["cases"][0]["gold_quotes"][0].startswith("The shutil module")
    assert locate("words that are nowhere", text) is None
    dataset = tmp_path / "faq.yaml"
    dataset.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert len(load_dataset(dataset).cases) == 2


def test_build_judge_picks_by_settings(tmp_path: Path) -> None:
    from assistant.errors import ConfigError
    from assistant.evals.judge import build_judge

    assert isinstance(build_judge(Settings(), tmp_path, None), OfflineJudge)
    configured = Settings(judge_base_url="http://127.0.0.1:9/v1", judge_model="judge-1")
    judge = build_judge(configured, tmp_path, None, complete=lambda messages: "yes")
    assert isinstance(judge, LLMJudge) and judge.name == "judge-1"
    with pytest.raises(ConfigError):
        build_judge(configured, tmp_path, None)
    with pytest.raises(UsageError, match="ASSISTANT_JUDGE_MODEL"):
        build_judge(Settings(judge_base_url="http://127.0.0.1:9/v1"), tmp_path, None)


def test_each_sentence_and_its_passages_are_judged_once_per_run(settings: Settings) -> None:
    """Faithfulness and ALCE recall ask the judge the same question, and a case asked twice
    gets the same answer: the run judges each distinct (sentence, passages) once, and its
    figures are those of a judge asked every time."""
    from assistant.evals import run_eval
    from assistant.testing import HashingEmbedder, InMemoryStore

    data = yaml.safe_load(STUDY_SET.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["category"] == "answerable" and len(c["turns"]) == 1)
    twice = {"version": 1, "document": data["document"],
             "cases": [case, {**case, "id": case["id"] + "-again"}]}
    path = settings.data_dir.parent / "twice.yaml"
    path.write_text(yaml.safe_dump(twice, allow_unicode=True), encoding="utf-8")
    asked: list[tuple[str, tuple[str, ...]]] = []
    offline = OfflineJudge(None)

    class Counting:
        name, kind = "counting", "offline"

        def __call__(self, sentence: str, passages: tuple[str, ...]) -> bool:
            asked.append((sentence, passages))
            return offline(sentence, passages)

    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore()) as assistant:
        assistant.ingest()
        report = run_eval(assistant, load_dataset(path), judge=Counting(), progress=False)
    first, again = report["case_results"]
    assert not first["refused"] and first["sentences"], "the case must be answered for its sentences to be judged"
    assert first["answer"] == again["answer"] and first["sentences"] == again["sentences"]
    assert len(asked) == len(set(asked)) > 0
    assert [s["supported"] for s in first["sentences"]] == [
        offline(s.text, s.passages) for s in _cited(first)
    ]
    assert report["judge"] == {"kind": "offline", "name": "counting"}


def _cited(row: dict[str, Any]) -> list[Any]:
    from assistant.evals.metrics import CitedSentence

    by_n = {c["n"]: c["quote"] for c in row["citations"]}
    return [CitedSentence(text=t, passages=tuple(by_n[n] for n in ns if n in by_n))
            for t, ns in split_cited_sentences(row["answer"])]


HARBOUR = """# Harbour

The new harbour opened in 2019. It handles about 40,000 containers a month.

# Ferries

The ferry to the islands leaves at eight every morning.
"""


def test_an_answer_from_the_gold_passages_section_counts_as_the_right_section(tmp_path: Path) -> None:
    """"Right section": a quote from any sentence of the section that holds the gold quote; the
    gold passage itself counts too, and a quote from another section does not."""
    from assistant.evals import run_eval
    from assistant.testing import HashingEmbedder, InMemoryStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.md").write_text(HARBOUR, encoding="utf-8")
    gold = "It handles about 40,000 containers a month."
    data = {"version": 1, "document": "port.md", "cases": [
        {"id": "same-section", "category": "answerable", "turns": ["When did the new harbour open?"],
         "answerable": True, "gold_quotes": [gold], "key_facts": []},
        {"id": "other-section", "category": "answerable", "turns": ["When does the ferry to the islands leave?"],
         "answerable": True, "gold_quotes": [gold], "key_facts": []},
        {"id": "gold-sentence", "category": "answerable", "turns": ["When did the new harbour open?"],
         "answerable": True, "gold_quotes": ["The new harbour opened in 2019."], "key_facts": []},
    ]}
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with Assistant(settings, embedder=HashingEmbedder(), store=InMemoryStore()) as assistant:
        assistant.ingest()
        report = run_eval(assistant, load_dataset(path), progress=False)
    rows = {r["id"]: r for r in report["case_results"]}
    assert [c["quote"] for c in rows["same-section"]["citations"]] == ["The new harbour opened in 2019."]
    assert (rows["same-section"]["gold_hit"], rows["same-section"]["section_hit"]) == (False, True)
    assert "ferry" in rows["other-section"]["citations"][0]["quote"]
    assert (rows["other-section"]["gold_hit"], rows["other-section"]["section_hit"]) == (False, False)
    assert (rows["gold-sentence"]["gold_hit"], rows["gold-sentence"]["section_hit"]) == (True, True)
    assert report["metrics"]["section_quoted"] == pytest.approx(2 / 3)
    assert report["metrics"]["answered_gold"] == pytest.approx(1 / 3)
