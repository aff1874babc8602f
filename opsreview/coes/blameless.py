"""Blameless: does a COE's text name a person who has an account here?

A summary rarely spells out a full name; it says "Jordan pushed the config" or "jblake restarted
the host". So each person is looked for by full name, first and last names, and the part of their
email before the @, as whole words in any case. Names that are also everyday words ("Will",
"Page", "Grant", "Admin") are left out of the single-word search, and a full name made only of them
must be written as the account spells it: a warning that fires on "we will page the on-call" would
teach people to ignore it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_LETTERS = 3
EVERYDAY_WORDS = frozenset("""
will may mark bill page rose grant hope faith joy dean frank chase drew max ray art sky dawn june april august
summer winter autumn spring rich king young white black brown green gray grey hill wood woods stone bell cook
baker miller lane long short little small hall ward park parks bank banks field fields ford river rivers lake
marsh moore north south east west price cash case love penny ruby pearl amber crystal jade ivy holly lily daisy
violet iris hunter archer fisher mason carter porter turner cooper butler parker walker hunt day law lord pope
bishop guy jack nick pat rob sue don earl duke prince major noble gold silver berry bush cross new old hand head
power rock storm snow rain frost hale well wells sterling worth best good strong swift sharp bright fair free
glass hart lamb fox wolf bird crane drake swan finch hardy reed read rush sweet wall waters way wise
admin administrator root ops oncall support info team member leader host viewer person user test dev service
system bot noreply alerts alarm security sre help desk
""".split())


@dataclass(frozen=True)
class Person:
    name: str
    email: str = ""


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _single_words(person: Person) -> set[str]:
    local = person.email.partition("@")[0]
    words = set(person.name.split()) | {local} | set(re.split(r"[._+-]", local))
    words = {w.strip(".,;:()'\"") for w in words}
    return {w for w in words if _letters(w) >= MIN_LETTERS and w.lower() not in EVERYDAY_WORDS}


def spellings(people: Iterable[Person]) -> dict[str, bool]:
    """Every way the text could name someone, each with whether its case must match: full names, and
    the single words that are not everyday words."""
    found: dict[str, bool] = {}
    for person in people:
        found |= dict.fromkeys(_single_words(person), False)
        full = " ".join(person.name.split())
        if _letters(full) >= MIN_LETTERS:
            everyday = all(part.lower() in EVERYDAY_WORDS for part in full.split())
            found[full] = found.get(full, True) and everyday
    return found


def names_in(text: str, people: Iterable[Person]) -> list[str]:
    """The names (as the accounts spell them) that ``text`` mentions as whole words, in any case; a full
    name is reported once, not again as its first and last name."""
    taken: list[tuple[int, int]] = []
    named = set()
    for spelling, exact in sorted(spellings(people).items(), key=lambda s: (-len(s[0]), s[0])):
        pattern = r"\s+".join(re.escape(part) for part in spelling.split())
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, 0 if exact else re.IGNORECASE):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                taken.append(match.span())
                named.add(spelling)
    return sorted(named, key=str.lower)
