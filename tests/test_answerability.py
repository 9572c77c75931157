"""The fitted answerability decision: question-level features, the three outcome bands decided by
the shipped model's thresholds alone, and the FAQ pairs mined for its training."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from assistant.answering._extractive import Candidate, ExtractiveAnswerer, _name_in, choose
from assistant.answering._questions import analyze_question
from assistant.answering._scoring import (
    ANSWER_FEATURES,
    FEATURES,
    AnswerModel,
    Logistic,
    Perceptron,
    TermEvidence,
    answerability_from_dict,
    default_model,
    question_features,
)
from assistant.text import stem
from assistant.types import Chunk, Passage, SentenceSpan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import mine_pairs  # noqa: E402
from mine_pairs import Entry, markdown, parse, parse_glossary, parse_html, parse_reference, swap_noun  # noqa: E402

TEXT = (
    "Widget care\n\n"
    "A widget slows down when its cache is full. Clearing the cache restores its speed.\n\n"
    "The reset button sits on the side of the widget."
)


def _chunk() -> Chunk:
    starts = [0, TEXT.index("A widget"), TEXT.index("Clearing"), TEXT.index("The reset")]
    ends = [len("Widget care"), TEXT.index(" Clearing"), TEXT.index("\n\nThe reset"), len(TEXT)]
    spans = tuple(SentenceSpan(start=a, end=b, text=TEXT[a:b]) for a, b in zip(starts, ends, strict=True))
    return Chunk(id="c1", source="care.md", title="Widget care", text=TEXT, start=0, end=len(TEXT), index=0,
                 sentences=spans, section="Widget care")


def _answerer(idf: dict[str, float] | None = None, known: set[str] | None = None) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        idf=lambda t: (idf or {}).get(t, 1.0),
        known=(lambda t: t in known) if known is not None else None,
        word_vectors=None,
        sentence_id=lambda source, a, b: f"{source}:{a}:{b}",
    )


def _candidate(passage: Passage, index: int, probability: float) -> Candidate:
    span = passage.chunk.sentences[index]
    features = tuple(0.0 for _ in FEATURES)
    return Candidate(passage=passage, sentence=span, sentence_id=f"s{index}", cosine=0.5, local_cosine=0.5,
                     coverage=0.5, hard_misses=0, type_ok=True, score=probability, probability=probability,
                     features=features, section=passage.chunk.section, position=index)


def test_term_evidence_finds_the_rarer_terms_in_the_sentence_and_its_section() -> None:
    passage = Passage(chunk=_chunk(), score=1.0, rank=1)
    info = analyze_question("Why does a widget slow down when the cache fills?")
    answerer = _answerer(idf={stem("cache"): 3.0, stem("slow"): 2.5, stem("widget"): 0.5},
                         known={stem(w) for w in ("widget", "cache", "slow", "fill")})
    best = _candidate(passage, 1, 0.9)
    ev = answerer.term_evidence(info, [best], [passage])
    assert ev.rare_in_sentence == 1.0 and ev.rare_in_section == 1.0
    assert ev.missing_everywhere < 0.3 and ev.unknown_terms == 0.0
    assert ev.topic_terms == len(info.focus)

    # A question about something the passages never mention: its terms are missing everywhere,
    # and the collection does not know them.
    other = analyze_question("Which solvent dissolves the gasket adhesive?")
    ev = answerer.term_evidence(other, [best], [passage])
    assert ev.rare_in_sentence == 0.0 and ev.rare_in_section == 0.0
    assert ev.missing_everywhere == 1.0 and ev.unknown_terms == 1.0


def test_names_missing_from_every_retrieved_passage_are_counted() -> None:
    passage = Passage(chunk=_chunk(), score=1.0, rank=1)
    info = analyze_question("Did Acme Corporation design the widget?")
    ev = _answerer().term_evidence(info, [_candidate(passage, 1, 0.5)], [passage])
    assert ev.names_missing == 1.0


def test_an_acronyms_plural_is_found_as_its_singular() -> None:
    text = "A full install set takes 18 DVD-ROMs."
    span = SentenceSpan(start=0, end=len(text), text=text)
    chunk = Chunk(id="c2", source="media.md", title="Media", text=text, start=0, end=len(text), index=0,
                  sentences=(span,), section="Media")
    passage = Passage(chunk=chunk, score=1.0, rank=1)
    info = analyze_question("How many DVDs does a full install set take?")
    assert "DVDs" in info.names
    ev = _answerer().term_evidence(info, [_candidate(passage, 0, 0.5)], [passage])
    assert ev.names_missing == 0.0
    # Only a capitals' plural: a name in lower case with an "s" is not cut.
    assert not _name_in("Docs", "the doc pages")
    assert _name_in("PCs", "on a standard pc")


def test_the_first_sentence_under_a_heading_that_restates_the_question_answers_it() -> None:
    passage = Passage(chunk=_chunk(), score=1.0, rank=1)

    def under(index: int, heading_cosine: float, *, first: bool = True, names: float = 1.0) -> Candidate:
        cand = _candidate(passage, index, 0.1)
        features = dict.fromkeys(FEATURES, 0.0) | {"heading_cosine": heading_cosine, "after_heading": float(first),
                                                   "names_found": names}
        return replace(cand, features=tuple(features[name] for name in FEATURES))

    info = analyze_question("Why does my widget crawl once its store is full?")
    never = _answerer()
    assert never.thresholds.heading_answer is None or never.heading_answer(info, [under(1, 0.0)]) is None
    answerer = _answerer()
    answerer.thresholds = replace(answerer.thresholds, heading_answer=0.6)
    best = under(1, 0.7)
    assert answerer.heading_answer(info, [under(2, 0.9, first=False), best]) is best
    # Below the threshold, a name the passage lacks, or a typed question whose sentence holds
    # no answer of the asked kind: no answer this way.
    assert answerer.heading_answer(info, [under(1, 0.5)]) is None
    assert answerer.heading_answer(info, [under(1, 0.7, names=0.5)]) is None
    who = analyze_question("Who repairs the widget?")
    assert answerer.heading_answer(who, [replace(under(1, 0.7), type_ok=False)]) is None


def test_the_fitted_thresholds_decide_the_band_and_a_gate_decides_whether_to_answer() -> None:
    passage = Passage(chunk=_chunk(), score=1.0, rank=1)
    cands = [_candidate(passage, 1, 0.8), _candidate(passage, 3, 0.2)]
    base = default_model()
    n = len(ANSWER_FEATURES)

    def with_bias(bias: float) -> AnswerModel:
        # An answerability model that ignores its features: its probability is sigmoid(bias).
        flat = Logistic(weights=(0.0,) * n, bias=bias, mean=(0.0,) * n, scale=(1.0,) * n)
        return replace(base, answerability=flat, answer_features=ANSWER_FEATURES, answer_threshold=0.6,
                       closest_threshold=0.3)

    chosen, band, p = choose(cands, with_bias(2.0), typed=False)
    assert band == "answered" and chosen and chosen[0].sentence.text.startswith("A widget") and p > 0.6
    chosen, band, p = choose(cands, with_bias(0.0), typed=False)
    assert (band, chosen) == ("closest", []) and p == pytest.approx(0.5)
    chosen, band, _ = choose(cands, with_bias(-2.0), typed=False)
    assert (band, chosen) == ("not_answered", [])
    # The best sentence's own probability does not decide: a high one is declined when the
    # answerability model says the question is not answered.
    confident = [_candidate(passage, 1, 0.99)]
    assert choose(confident, with_bias(-2.0), typed=False)[1] == "not_answered"
    # A gate given at run time decides answered or not; the thresholds still give the band
    # of a declined question.
    chosen, band, _ = choose(cands, with_bias(-2.0), typed=False, gate=True)
    assert band == "answered" and chosen
    chosen, band, _ = choose(cands, with_bias(0.0), typed=False, gate=False)
    assert (band, chosen) == ("closest", [])


def test_question_features_follow_the_declared_order() -> None:
    passage = Passage(chunk=_chunk(), score=1.0, rank=1)
    ev = TermEvidence(rare_in_sentence=0.25, rare_in_section=0.75, rare_in_typed=0.5, missing_everywhere=0.5,
                      unknown_terms=0.125, names_missing=1.0, topic_terms=3)
    row = dict(zip(ANSWER_FEATURES, question_features([_candidate(passage, 1, 0.9), _candidate(passage, 2, 0.4)],
                                                       True, ev), strict=True))
    assert row["rare_in_sentence"] == 0.25 and row["rare_in_section"] == 0.75 and row["rare_in_typed"] == 0.5
    assert row["missing_everywhere"] == 0.5 and row["unknown_terms"] == 0.125 and row["names_missing"] == 1.0
    assert row["margin"] == pytest.approx(0.5) and row["typed_question"] == 1.0
    assert len(question_features([], False, ev)) == len(ANSWER_FEATURES)
    assert row["no_heading"] == 0.0  # the chunk's section has a heading
    bare = replace(_candidate(passage, 1, 0.9), section="")
    assert dict(zip(ANSWER_FEATURES, question_features([bare], True, ev), strict=True))["no_heading"] == 1.0


def test_a_perceptron_answerability_computes_its_layers_and_round_trips() -> None:
    # Two inputs, two hidden units: z = 1.5 * tanh(x0 - x1) - 0.5 * tanh(0.2 + x1) + 0.1.
    net = Perceptron(hidden=((1.0, -1.0), (0.0, 1.0)), hidden_bias=(0.0, 0.2), weights=(1.5, -0.5), bias=0.1,
                     mean=(1.0, 0.0), scale=(2.0, 1.0))
    x0, x1 = (3.0 - 1.0) / 2.0, 0.5
    z = 1.5 * math.tanh(x0 - x1) - 0.5 * math.tanh(0.2 + x1) + 0.1
    assert net.probability((3.0, 0.5)) == pytest.approx(1 / (1 + math.exp(-z)))
    assert answerability_from_dict(net.to_dict()) == net
    flat = Logistic(weights=(0.5, 0.0), bias=0.0, mean=(0.0, 0.0), scale=(1.0, 1.0))
    assert answerability_from_dict(flat.to_dict()) == flat


def test_the_shipped_model_carries_a_fitted_answerability() -> None:
    data = json.loads(resources.files("assistant").joinpath("data", "answer_model.json").read_text(encoding="utf-8"))
    assert set(data["answer_features"]) <= set(ANSWER_FEATURES)
    model = default_model()
    assert model.answerability is not None
    assert 0.0 < model.closest_threshold <= model.answer_threshold < 1.0
    assert model.answer_threshold <= model.override_threshold <= 1.01
    stale = dict(data, answer_features=[*data["answer_features"][:-1], "a_feature_no_longer_computed"])
    with pytest.raises(ValueError, match="fit_answering"):
        AnswerModel.from_dict(stale)


def test_a_model_fitted_on_fewer_answerability_features_reads_its_own() -> None:
    passage = Passage(chunk=_chunk(), score=1.0, rank=1)
    cands = [replace(_candidate(passage, 1, 0.9), section="")]
    row = dict(zip(ANSWER_FEATURES, question_features(cands, False), strict=True))
    names = ("best_logit", "no_heading")
    # Weight only on no_heading: the probability is sigmoid(2 * no_heading) = sigmoid(2).
    only = Logistic(weights=(0.0, 2.0), bias=0.0, mean=(0.0, 0.0), scale=(1.0, 1.0))
    model = replace(default_model(), answerability=only, answer_features=names)
    assert row["no_heading"] == 1.0
    assert model.answer_probability(cands, False) == pytest.approx(1 / (1 + math.exp(-2.0)))


FAQ = """\
Frequently Asked Questions about frobs

Table of contents:
1. What is a frob?
2. How do I install frobs on my machine?

1. What is a frob?

   A frob is a small tool that turns widgets into gadgets. It was written
   in 1999 for the widget project.

2. How do I install frobs on my machine?

   Run the installer from the release archive. The installer asks for
   an install folder and copies the files there.

    $ ./install --prefix /opt
"""


def test_faq_entries_are_mined_with_their_answers_and_not_the_table_of_contents() -> None:
    entries = parse(FAQ)
    assert [e.question for e in entries] == ["What is a frob?", "How do I install frobs on my machine?"]
    assert entries[0].paragraphs == (
        "A frob is a small tool that turns widgets into gadgets. It was written in 1999 for the widget project.",
    )
    # Code lines are not prose and are left out of the answer.
    assert all("$" not in p for p in entries[1].paragraphs)


HTML_FAQ = """<html><head><title>Frob FAQ</title></head><body>
<table><tr><td>
<ol><li><a href="#q1"><b>What is a frob?</b></a></li><li><b>Why is it called frob?</b></li></ol>
<dl>
<dt><b>What is a frob ?</b></dt>
<dd><p>A frob is a small tool that turns widgets into gadgets.</p><p>It was written in 1999.</p></dd>
<dt><b>Why is it called frob?</b></dt>
<dd><p>The name is short for <b>fr</b>iendly <b>ob</b>ject, as the manual says.</p></dd>
</dl>
<h2>Installing</h2>
<p>Run the installer and choose a folder: it copies the files there.</p>
<p>Is this really a question? No, it is a sentence inside a paragraph.</p>
</td></tr></table></body></html>
"""


def test_html_faq_questions_are_mined_with_their_answers_and_not_the_table_of_contents() -> None:
    entries = parse_html(HTML_FAQ)
    # The linked table-of-contents line is no question; the unlinked one has no answer after it.
    assert [e.question for e in entries] == ["What is a frob?", "Why is it called frob?"]
    assert entries[0].paragraphs == ("A frob is a small tool that turns widgets into gadgets.", "It was written in 1999.")
    # A heading ends the answer before it; with context, the other sections come along, not asked.
    assert all("installer" not in p for e in entries for p in e.paragraphs)
    context = parse_html(HTML_FAQ, context=True)
    assert [(e.question, e.asked) for e in context][-1] == ("Installing", False)


GLOSSARY_HTML = """<dl class="glossary">
<dt id="term-0"><strong>&gt;&gt;&gt;</strong></dt><dd><p>The default Python prompt of the interactive shell.</p></dd>
<dt id="term-1">duck-typing<a class="headerlink" href="#term-1">¶</a></dt>
<dd><p>A programming style which does not look at an object's type to decide what it is.</p></dd>
</dl>"""

REFERENCE_HTML = """<dl class="py function">
<dt class="sig"><span class="sig-prename descclassname">os.path.</span><span class="sig-name descname">join</span>(path, *paths)</dt>
<dd><p>Join one or more path segments intelligently.</p><p>More about it.</p></dd></dl>
<dl class="py method">
<dt class="sig"><span class="sig-name descname">copy</span>()</dt><dd><p>Return a shallow copy of the mapping.</p></dd></dl>"""


def test_glossary_terms_and_reference_entries_become_questions() -> None:
    glossary = parse_glossary(GLOSSARY_HTML)
    assert [e.question for e in glossary] == ["What is meant by duck-typing?"]
    assert glossary[0].lead == "duck-typing"
    reference = parse_reference(REFERENCE_HTML)
    # A method named without its class ("copy()") is ambiguous and left out.
    assert [e.question for e in reference] == ["What does os.path.join() do?"]
    assert reference[0].paragraphs == ("Join one or more path segments intelligently.",)
    # The prose form keeps the entry's name as a line of text before its description.
    assert "## os.path.join(path, *paths)\n\nJoin one" in markdown("os.path", reference)
    prose = markdown("os.path", reference, headings=False)
    assert "os.path.join(path, *paths)\n\nJoin one or more" in prose and "#" not in prose


def test_a_page_mined_as_a_manual_and_as_a_reference_gives_two_documents() -> None:
    page = "python3.11/html/library/pickle.html"
    names = {mine_pairs._name(mine_pairs.Source(path=page, title="", kind=kind)) for kind in ("manual", "reference")}
    assert len(names) == 2


def test_mined_sections_left_out_of_the_document_give_unanswerable_pairs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "doc"
    (doc / "frob").mkdir(parents=True)
    questions = [f"How do I frob widget number {n} safely?" for n in range(40)]
    text = "\n\n".join(f"{n + 1}. {q}\n\n   Answer {n}: turn the widget crank until it clicks, then stop."
                         for n, q in enumerate(questions))
    (doc / "frob" / "FAQ").write_text(text, encoding="utf-8")
    monkeypatch.setattr(mine_pairs, "DOC", doc)
    monkeypatch.setattr(mine_pairs, "TEXT_FAQS", (("frob/FAQ", "Frob FAQ"), ("missing/FAQ.gz", "Not installed")))
    out = tmp_path / "out"
    (out).mkdir()
    (out / "stale.md").write_text("# from an earlier run\n", encoding="utf-8")
    pairs = mine_pairs.mine(out)
    assert sorted(p.name for p in out.iterdir()) == ["frob-FAQ.md"]
    assert len(pairs) == 40 and {p.document for p in pairs} == {"frob-FAQ.md"}
    removed = [p for p in pairs if not p.answerable]
    assert 0 < len(removed) < 20
    written = (out / "frob-FAQ.md").read_text(encoding="utf-8")
    for p in pairs:
        assert (p.question in written) == p.answerable
        assert p.gold_quotes == (() if not p.answerable else (p.gold_quotes[0],))
        if p.answerable:
            assert p.gold_quotes[0] in written
    # Deterministic, and the same questions are removed from the prose form.
    again = mine_pairs.mine(tmp_path / "prose", headings=False)
    assert [(p.question, p.answerable) for p in again] == [(p.question, p.answerable) for p in pairs]


def test_a_swapped_noun_is_one_the_collection_never_uses() -> None:
    known = {"frob", "machine", "install"}
    question = "How do I install frobs on my machine?"
    swapped = swap_noun(question, nouns=frozenset({"machine", "frob", "harbour", "violin"}),
                        df={"machine": 5, "frob": 1}, known=known, pool=["harbour", "violin", "machine"])
    assert swapped is not None and swapped != question
    assert swapped.count("frobs") == 1 and "machine" not in swapped.split()[-1]
    new_word = swapped.rstrip("?").split()[-1]
    assert new_word in {"harbour", "violin"}
    assert swap_noun(question, nouns=frozenset({"machine"}), df={}, known=known, pool=[]) is None


def test_the_prose_form_of_a_mined_faq_has_no_heading_at_all() -> None:
    entries = [Entry(question="What is a frob?", paragraphs=("A frob turns widgets into gadgets.",))]
    assert "## What is a frob?" in markdown("Frobs", entries)
    prose = markdown("Frobs", entries, headings=False)
    assert prose.startswith('---\ntitle: "Frobs"\n---')
    assert "#" not in prose and "What is a frob?" not in prose
    assert "A frob turns widgets into gadgets." in prose


def test_the_answerability_regression_holds_the_declared_signs() -> None:
    from fit_answering import SIGNS, fit_logistic, logistic

    rng = np.random.default_rng(0)
    n = len(ANSWER_FEATURES)
    x = rng.normal(size=(600, n))
    rare = ANSWER_FEATURES.index("rare_in_sentence")
    best = ANSWER_FEATURES.index("best_logit")
    # In these rows more of the rarer terms in the best sentence goes with fewer answered
    # questions: the unconstrained fit follows the rows, the constrained one keeps the sign.
    y = (x[:, best] - 1.5 * x[:, rare] + rng.normal(scale=0.5, size=600) > 0).astype(float)
    w = np.ones(600)
    assert logistic(x, y, w)[0][rare] < -0.5
    model = fit_logistic(x, y, w)
    for name, sign in SIGNS.items():
        assert sign * model.weights[ANSWER_FEATURES.index(name)] >= 0.0
    assert model.weights[rare] == 0.0 and model.weights[best] > 0.5


def test_the_perceptron_fits_what_a_logistic_regression_cannot() -> None:
    from fit_answering import fit_logistic, fit_perceptron

    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, len(ANSWER_FEATURES)))
    a, b = ANSWER_FEATURES.index("margin"), ANSWER_FEATURES.index("topic_terms")  # unconstrained features
    y = (x[:, a] * x[:, b] > 0).astype(float)  # answered when both are high or both are low
    w = np.ones(400)

    def accuracy(model: Logistic | Perceptron) -> float:
        return float(np.mean([(model.probability(row) >= 0.5) == bool(t) for row, t in zip(x, y, strict=True)]))

    assert accuracy(fit_perceptron(x, y, w)) > 0.85
    assert accuracy(fit_logistic(x, y, w)) < 0.7


def test_a_sentence_opening_with_a_pronoun_shares_the_topic_of_the_one_before() -> None:
    from assistant.answering._extractive import opens_with_anaphor

    assert opens_with_anaphor("It takes great care not to leave any trace.")
    assert opens_with_anaphor("This key is often Del or Esc.")
    assert not opens_with_anaphor("Tails aims at preserving anonymity.")
    answerer = _answerer()
    info = analyze_question("How does Tails keep its users anonymous?")
    before = "Tails is a live system that preserves anonymity."
    after = "It uses the Tor network to connect to the Internet."
    alone = answerer._coverage(info, after, f"{before} {after}", semantic=False)[0]
    pointed = answerer._coverage_parts(info, after, f"{before} {after}", semantic=False, antecedent=before)[0]
    # "Tails" is said only in the sentence before: half as passage text, more as the pronoun's antecedent.
    assert pointed > alone
    said = answerer._coverage(info, "Tails uses the Tor network.", before, semantic=False)[0]
    assert pointed < said


def test_things_spoken_of_without_names_are_named_by_the_next_sentence() -> None:
    from assistant.answering._extractive import names_what_it_quantifies

    general = "In that period, some of the companies that shipped the atlas closed down."
    named = "Acme sold its division in 2001, Globex declared bankruptcy, and Initech ceased trading."
    assert names_what_it_quantifies(general, named)
    # The next sentence names nobody, or the first already names them: nothing points forward.
    assert not names_what_it_quantifies(general, "Their customers moved elsewhere.")
    assert not names_what_it_quantifies("Acme and Globex, two of the companies, closed down.", named)
    assert not names_what_it_quantifies("The company closed down.", named)


def test_scene_setting_words_weigh_less_and_are_never_hard_misses() -> None:
    question = (
        "My uncle swears you could compile Linux during a coffee break. "
        "How long did building the kernel take him?"
    )
    info = analyze_question(question)
    # The question points back ("him"), so the scene stays part of what is read, as its scene.
    assert {"uncl", "coffe"} <= set(info.scene)
    assert not {"build", "kernel"} & set(info.scene)
    sentence = "I could build the kernel in less than 30 minutes."
    known = {"build", "kernel", "linux", "compil", "take"}
    answerer = _answerer(known=known)
    coverage, hard, *_ = answerer._coverage_parts(info, sentence, sentence, semantic=False)
    as_asked = replace(info, scene=())
    coverage_as_asked, hard_as_asked, *_ = answerer._coverage_parts(as_asked, sentence, sentence, semantic=False)
    # "uncle" and "coffee" are words the collection never uses: as topic they are hard misses.
    assert hard_as_asked >= 2 and hard == 0
    assert coverage > coverage_as_asked
    weights = dict(zip(info.focus, answerer._focus_weights(info), strict=True))
    assert weights["uncl"] == pytest.approx(answerer.thresholds.scene_weight * weights["kernel"])


def test_a_question_that_stands_on_its_own_sets_no_scene() -> None:
    # Its scene is set aside altogether (read_question), and a message that only asks has none.
    assert analyze_question("I found a bug in CPython last night. How do I file a report about the bug?").scene == ()
    assert analyze_question("How long did building the kernel take?").scene == ()
    # A question without a topic term of its own asks about its scene.
    assert analyze_question("I found a bug in CPython. Where do I report it?").scene == ()


def test_a_count_answered_by_the_override_quotes_the_sentence_that_counts() -> None:
    from assistant.answering._extractive import with_evidence
    from assistant.answering._scoring import Gate

    passage = Passage(chunk=_chunk(), score=1.0, rank=1)
    likeliest = replace(_candidate(passage, 1, 0.6), type_ok=False, rule_score=0.7)
    counting = replace(_candidate(passage, 3, 0.1), type_ok=True, rule_score=0.4)
    cands = [likeliest, counting]
    count = analyze_question("How many buttons does the widget have?")
    assert count.wh == "how many" and count.head
    quoted = with_evidence([likeliest], cands, count, Gate(), 3, by_rule=False)
    assert quoted == [likeliest, counting]
    # Another kind of question answered by the override keeps its likeliest sentences.
    place = analyze_question("Where does the reset button sit?")
    assert with_evidence([likeliest], cands, place, Gate(), 3, by_rule=False) == [likeliest]
    # The rule gate's own sentence is quoted whatever the question's kind.
    assert with_evidence([likeliest], cands, place, Gate(), 3, by_rule=True) == [likeliest, counting]


def test_listnet_ranks_within_a_question_and_ignores_what_differs_between_questions() -> None:
    from fit_answering import listnet, logistic

    rng = np.random.default_rng(2)
    groups, xs, ys = [], [], []
    for _ in range(200):
        # Feature 0 tells the gold sentences within their question; feature 1 is one level for
        # all of a question's sentences, and questions at a higher level have more gold
        # sentences: across questions it goes with the label, within one it says nothing.
        z = rng.normal(size=(6, 2))
        level = rng.normal()
        z[:, 1] = level
        golds = rng.choice(6, size=1 + 2 * int(level > 0), replace=False)
        z[golds, 0] += 1.5
        t = np.zeros(6)
        t[golds] = 1.0
        xs.extend(z)
        ys.extend(t)
        groups.append((z, t / t.sum()))

    pointwise = logistic(np.asarray(xs), np.asarray(ys), np.ones(len(ys)))[0]
    ranked = listnet(groups)
    assert pointwise[1] > 0.2  # a pointwise fit weighs the question's level
    assert ranked[0] > 0.5 and abs(ranked[1]) < 1e-6
    assert np.mean([t[int(np.argmax(z @ ranked))] > 0 for z, t in groups]) > 0.6


def test_the_heading_threshold_is_chosen_by_fit_passes_without_declining_fewer() -> None:
    from fit_heading_answer import chosen_value

    # 0.5 passes most but declines fewer unanswerable questions; 0.6 and 0.65 tie: the higher.
    passed = {None: 10, 0.7: 10, 0.65: 12, 0.6: 12, 0.5: 13}
    declined = {None: 5, 0.7: 5, 0.65: 5, 0.6: 5, 0.5: 4}
    assert chosen_value(passed, declined) == 0.65
    # No gain over never: never.
    assert chosen_value({None: 10, 0.6: 10}, {None: 5, 0.6: 5}) is None
