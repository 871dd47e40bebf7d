"""Danish word lists behind the OCR repair: which strings are words, how common they are.

Three sources are merged, because none is enough alone: wordfreq's Danish list knows how
common a word is but holds only ~30,000 forms; the system word list (Debian `wdanish`) holds
~300,000 inflected forms but no frequencies; the domain lexicon adds the LBF template's own
vocabulary, which general lists miss or under-rate. Everything is lower case, and each word
carries a *cost* (about -log10 of its frequency) so that readings of a damaged token can be
compared on one scale.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import wordfreq

logger = logging.getLogger(__name__)

WORDFREQ_LANG = "da"
SYSTEM_WORDLIST = Path("/usr/share/dict/danish")
DOMAIN_LEXICON = Path(__file__).parent / "templates" / "domain_lexicon.txt"

# cost = TOP_ZIPF - zipf, so the commonest words ("i", "og", zipf ≈ 7.5) cost about 0.5.
TOP_ZIPF = 8.0
MIN_COST = 0.5
# A form only the system list knows is valid but rare: priced like zipf 2.5.
SYSTEM_ONLY_COST = 5.5
# A wordfreq word that neither the system list nor the domain lexicon vouches for.
UNVOUCHED_PENALTY = 1.0
# A template word is among the commonest words of these documents: priced like zipf 5.
DOMAIN_COST = 3.0


@dataclass(frozen=True)
class Lexicon:
    """Lower-case Danish words with their costs, plus a sorted copy for prefix queries."""

    costs: dict[str, float]
    sorted_words: tuple[str, ...]
    prefix_memo: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def cost(self, word: str) -> float | None:
        """Cost of a lower-case word, or None when no list knows it."""
        return self.costs.get(word)

    def has_prefix(self, prefix: str) -> bool:
        """True when some word starts with `prefix`; lets the reader prune hopeless paths early.

        Answers are memoised: stems recur across the spans of a document and across documents.
        """
        known = self.prefix_memo.get(prefix)
        if known is None:
            i = bisect.bisect_left(self.sorted_words, prefix)
            known = i < len(self.sorted_words) and self.sorted_words[i].startswith(prefix)
            self.prefix_memo[prefix] = known
        return known


def wordfreq_costs() -> dict[str, float]:
    """Costs from wordfreq's bundled Danish list (no download: the data ships in the wheel)."""
    costs: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict(WORDFREQ_LANG).items():
        if word.isalpha():
            zipf = wordfreq.freq_to_zipf(freq)
            costs[word] = max(MIN_COST, TOP_ZIPF - zipf)
    return costs


def read_word_file(path: Path) -> list[str]:
    """Words of a one-word-a-line file, case kept (a capital marks a name or abbreviation);
    '#' starts a comment. A missing file gives no words: CI may lack the system list."""
    if not path.is_file():
        logger.info("word list %s not found; repairing without it", path)
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word.isalpha():
            words.append(word)
    return words


@cache
def load_lexicon() -> Lexicon:
    """Merge the three sources once per process; each word keeps the cheapest cost it gets.

    wordfreq counts web text, so its Danish list also holds English words, abbreviations and
    stripped spellings ("pa", "sa", "tet"). When the system list is there, a word only wordfreq
    knows as a lower-case word pays UNVOUCHED_PENALTY, so it gives way more easily to a repair.
    """
    costs = wordfreq_costs()
    system = read_word_file(SYSTEM_WORDLIST)
    domain = [word.lower() for word in read_word_file(DOMAIN_LEXICON)]
    if system:
        vouched = {word for word in system if word.islower()} | set(domain)
        costs = {word: cost + (0.0 if word in vouched else UNVOUCHED_PENALTY) for word, cost in costs.items()}
    for word in system:
        costs.setdefault(word.lower(), SYSTEM_ONLY_COST)
    for word in domain:
        costs[word] = min(costs.get(word, DOMAIN_COST), DOMAIN_COST)
    return Lexicon(costs=costs, sorted_words=tuple(sorted(costs)))
