"""A deterministic synthetic corpus of realistic report-style documents.

The same ``seed`` always gives the same files, byte for byte, so benchmark runs
and tests are repeatable. Sentences read like the study's subject matter
(regional security reporting): named places, groups, dates, counts and causes,
drawn from fixed vocabularies with a seeded :class:`random.Random`. Each
document is Markdown: a title heading, a few section headings, and paragraphs
of three to five sentences.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SyntheticDoc", "document", "documents", "questions", "write_corpus"]

_PLACES = [
    "Peshawar", "Quetta", "Bannu", "Dera Ismail Khan", "Swat", "Chitral", "Khyber", "Kurram", "Lakki Marwat",
    "North Waziristan", "South Waziristan", "Bajaur", "Mohmand", "Tank", "Zhob", "Gwadar", "Kohat", "Mardan",
    "Karachi", "Lahore", "Islamabad", "Kabul", "Kandahar", "Jalalabad", "Khost", "Paktika", "Kunar", "Nangarhar",
]
_ACTORS = [
    "the provincial government", "the federal interior ministry", "local police", "the paramilitary Frontier Corps",
    "tribal elders", "a regional observer mission", "independent journalists", "a parliamentary committee",
    "the district administration", "humanitarian agencies", "border officials", "a think tank in Islamabad",
]
_GROUPS = [
    "the militant network", "an affiliated faction", "a splinter group", "local commanders",
    "the group's central leadership", "cross-border cells", "a newly formed wing", "allied militias",
]
_EVENTS = [
    "attacks on checkpoints", "roadside bombings", "targeted killings", "kidnappings for ransom",
    "raids on police stations", "extortion of traders", "assaults on military convoys", "suicide bombings",
    "attacks on polio vaccination teams", "sabotage of power lines", "ambushes on supply routes",
]
_CAUSES = [
    "the collapse of peace talks", "a change of leadership", "shifting cross-border sanctuaries",
    "rising unemployment among young men", "weak coordination between agencies", "disputes over revenue",
    "the return of fighters from abroad", "pressure from rival organisations", "cuts to local policing budgets",
]
_OUTCOMES = [
    "displaced several thousand families", "closed the main trade crossing for weeks",
    "prompted a new security operation", "delayed the provincial elections", "strained relations with Kabul",
    "led to curfews in several districts", "raised insurance costs for transport companies",
    "reduced school attendance in the valley", "drew condemnation from religious scholars",
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_TOPICS = ["Security", "Economy", "Governance", "Displacement", "Negotiations", "Border", "Recruitment", "Media"]

_TEMPLATES = [
    "In {month} {year}, {actor} reported {n} {event} in {place}.",
    "According to {actor}, {group} carried out {event} near {place} after {cause}.",
    "The violence in {place} {outcome}, {actor} said in {month} {year}.",
    "Analysts link the rise in {event} around {place} to {cause}.",
    "{Actor} estimated that {group} had between {n} and {m} fighters in {place} by {year}.",
    "Between {year} and {year2}, {event} in {place} rose from {n} to {m} incidents a year.",
    "Residents of {place} told {actor} that {group} demanded payments from shopkeepers and drivers.",
    "The report notes that {cause} allowed {group} to regroup in {place} within {n} months.",
    "{Actor} warned in {month} {year} that {event} could spread from {place} to {place2}.",
    "Security forces said they had arrested {n} suspects linked to {event} in {place}.",
    "A ceasefire announced in {month} {year} collapsed after {event} in {place}.",
    "Officials in {place2} blamed {group} for {event} that {outcome}.",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class SyntheticDoc:
    """One generated document: its file name, title and Markdown text."""

    name: str
    title: str
    text: str


def _sentence(rng: random.Random) -> str:
    year = rng.randint(2007, 2024)
    n = rng.randint(3, 90)
    actor = rng.choice(_ACTORS)
    fields = {
        "month": rng.choice(_MONTHS),
        "year": year,
        "year2": min(year + rng.randint(1, 5), 2025),
        "n": n,
        "m": n + rng.randint(5, 400),
        "actor": actor,
        "Actor": actor[0].upper() + actor[1:],
        "group": rng.choice(_GROUPS),
        "event": rng.choice(_EVENTS),
        "place": rng.choice(_PLACES),
        "place2": rng.choice(_PLACES),
        "cause": rng.choice(_CAUSES),
        "outcome": rng.choice(_OUTCOMES),
    }
    return rng.choice(_TEMPLATES).format(**fields)


def document(index: int, *, seed: int = 0, sections: int = 3, paragraphs: int = 2) -> SyntheticDoc:
    """The ``index``-th document of the corpus for ``seed`` (independent of other indexes)."""
    rng = random.Random(f"{seed}:{index}")
    place = rng.choice(_PLACES)
    topic = rng.choice(_TOPICS)
    title = f"{topic} report {index:06d}: {place}"
    parts = [f"# {title}", ""]
    for s in range(sections):
        parts += [f"## {rng.choice(_TOPICS)} {s + 1}", ""]
        for _ in range(paragraphs):
            parts += [" ".join(_sentence(rng) for _ in range(rng.randint(3, 5))), ""]
    return SyntheticDoc(name=f"report-{index:06d}.md", title=title, text="\n".join(parts))


def documents(count: int, *, seed: int = 0, start: int = 0, **shape: int) -> Iterator[SyntheticDoc]:
    """Documents ``start`` .. ``start + count - 1``."""
    for i in range(start, start + count):
        yield document(i, seed=seed, **shape)


def write_corpus(folder: Path, count: int, *, seed: int = 0, start: int = 0, **shape: int) -> list[Path]:
    """Write ``count`` documents into ``folder`` (created if needed); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in documents(count, seed=seed, start=start, **shape):
        path = folder / doc.name
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


def questions(count: int, *, seed: int = 0) -> list[str]:
    """A repeatable mix of questions: most about the corpus's subject, some it cannot answer."""
    rng = random.Random(f"questions:{seed}")
    out = []
    for i in range(count):
        if i % 5 == 4:
            out.append(rng.choice([
                "What is the population of Reykjavik?",
                "Who won the 1998 football world cup?",
                "What is the boiling point of mercury?",
                "Which company makes the Model T automobile?",
            ]))
            continue
        out.append(rng.choice([
            f"What happened in {rng.choice(_PLACES)} in {rng.choice(_MONTHS)} {rng.randint(2007, 2024)}?",
            f"Why did {rng.choice(_EVENTS)} rise in {rng.choice(_PLACES)}?",
            f"How many fighters did {rng.choice(_GROUPS)} have in {rng.choice(_PLACES)}?",
            f"What did {rng.choice(_ACTORS)} report about {rng.choice(_EVENTS)}?",
            f"What were the consequences of {rng.choice(_CAUSES)}?",
        ]))
    return out
