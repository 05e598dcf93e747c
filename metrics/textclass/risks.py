"""Risk vocabulary: the words engineers use when a change can hurt users, data, production or a date.

Each named risk is a set of RE2 patterns over the lower-cased text. A text that matches one carries the
``risk`` cue (behaviour ``risk_raising``), its reason names the risk and the words ("security risk 'sql
injection'"), and unless it is a question or a design discussion it is class ``defect``. The vocabulary
is general engineering language (OWASP's names for attacks, the usual names for concurrency, load and
data-integrity failures, release planning words), not phrases picked from a data set.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .tokens import REDUCED

_SECRET = (
    r"(?:secrets?|tokens?|passwords?|passwd|credentials?|api[ _-]?keys?|private keys?|access keys?|"
    r"session ids?|cookies?)"
)
_UNDER_LOAD = (
    r"(?:under (?:heavy |high |real |production )?load|at scale|in production|with (?:many|lots of|a lot of|"
    r"millions of|thousands of) (?:rows|users|requests|records|items))"
)
_SERVICE = r"(?:upstream|service|server|database|db|cluster|site|api|production|backend)"

#: Named risks, in the order a reason lists them: each a tuple of alternative phrases.
RISK_PHRASES: dict[str, tuple[str, ...]] = {
    "security risk": (
        r"\b(?:sql|command|shell|code|ldap|header|template|html|script|log|os|xpath|nosql) ?injections?\b",
        r"\binjection (?:attacks?|vulnerabilit\w*)",
        r"\bxss\b|\bcross[- ]site|\bcsrf\b|\bxsrf\b|\bssrf\b|\bopen redirect",
        r"\b(?:path|directory) traversal|\bremote code execution|\barbitrary (?:code|command|file)",
        r"\bsecurity (?:hole|issue|risk|problem|bug|concern|flaw|vulnerabilit\w*|implications?)",
        r"\bvulnerab\w*|\bexploit\w*|\bcve-\d|\bprivilege escalation|\bescalat\w* privileges?",
        r"\bunauthori[sz]ed|\bunauthenticated",
        r"\b(?:missing|no|without|lacks?|skips?|bypass\w*) (?:an? |the |any )?"
        r"(?:auth\w*|permission checks?|access control|acl checks?|csrf (?:token|protection))",
        rf"\b{_SECRET} (?:(?:are|is|gets?|being|will be|would be|ends? up|goes|go) )?"
        r"(?:logged|printed|echoed|exposed|leak\w*|committed|checked in|hard-?coded|"
        r"stored in (?:plain ?text|clear ?text|the repo)|"
        r"in (?:plain ?text|clear ?text|the logs?|logs|the repo|git|the url|query strings?))",
        r"\b(?:log(?:s|ged|ging)?|print(?:s|ed|ing)?|leak(?:s|ed|ing)?|expos(?:es|ed|ing)|"
        r"commit(?:s|ted|ting)?|hard-?cod(?:es|ed|ing)|stor(?:es|ed|ing)) "
        rf"(?:the |a |an |our |your |their |user'?s? )?(?:\w+ )?{_SECRET}",
        rf"\bplain ?text {_SECRET}|\b(?:unsanitized|unsanitised|unescaped|unvalidated) (?:user )?input",
        r"\b(?:timing|replay|brute[- ]force|man[- ]in[- ]the[- ]middle|mitm) attacks?",
    ),
    "data-loss risk": (
        r"\bdata loss|\bcorrupt\w*|\bdata integrity",
        r"\blos(?:e|es|ing|t) (?:the |all |some |user |customer |their )?"
        r"(?:data|writes?|records?|updates?|messages?|events?|files?|changes)\b",
        r"\bsilently (?:drops?|discards?|overwrites?|truncates?|ignores?|loses?|swallows?)",
        r"\boverwrit\w* (?:the |existing |user |other |their )?(?:data|records?|files?|changes|values?)",
        r"\birreversibl\w*|\bcannot be undone|\bcan'?t be undone|\bno way to recover|\bunrecoverable",
        r"\b(?:double|duplicate) (?:charges?|payments?|billing|writes?|records?|entries|spend\w*)",
        r"\bpartial (?:writes?|updates?|state)|\bnot atomic|\bnon-?atomic|\binconsistent (?:state|data)",
        r"\bdangling (?:references?|records?|rows?)|\borphan(?:ed|s)? (?:rows?|records?|data)",
    ),
    "concurrency risk": (
        r"\brace conditions?|\bdata races?|\bracy\b|\brace (?:between|here|with|when|if)",
        r"\blocks? (?:is |are |was |gets? )?(?:never|not) released|\bnever releases? the lock",
        r"\bdeadlock\w*|\blivelock\w*|\block (?:ordering|contention|inversion)|\bstarv(?:ation|ed)",
        r"\b(?:not|isn'?t|aren'?t|un) ?thread[- ]?safe|\bthread[- ]?unsafe|\bnot re-?entrant",
        r"\bconcurrent (?:writes?|access|modifications?|requests?|updates?|calls?|runs?)|\blost updates?",
        r"\btoctou\b|\btime[- ]of[- ]check|\bdouble[- ]checked locking",
    ),
    "load risk": (
        r"\bfull (?:table )?scans?|\bscans? the (?:whole|entire|full) (?:table|collection|index)",
        r"\bn ?\+ ?1\b(?: quer\w*| problem| select\w*)?|\bquadratic|\bo\(n\s*(?:\^|\*\*)\s*2\)",
        r"\bunbounded|\b(?:no|missing|without(?: an?| any)?|lacks? an?) timeouts?",
        r"\btimes? out\b|\btiming out",
        rf"\btimeouts? {_UNDER_LOAD}",
        rf"\b(?:slow|falls? over|melts? down|fall over|crawl|choke|struggle|degrade) {_UNDER_LOAD}",
        r"\b(?:won'?t|doesn'?t|does not|will not|wouldn'?t|can'?t) scale",
        r"\bmemory (?:leaks?|growth|blow[- ]?up|explosion|pressure|grows?)|\bout of memory|\boom\b",
        r"\b(?:connection|socket|file handle|thread|resource) leaks?",
        # A resource never given back is a leak: "the file handle is never closed".
        r"\b(?:handles?|files?|connections?|sockets?|cursors?|streams?|sessions?|descriptors?) "
        r"(?:is |are |gets? |was |were )?(?:never|not) (?:closed|released|freed|disposed)",
        r"\bleak(?:s|ing)? (?:the |a |an )?"
        r"(?:memory|connections?|sockets?|file handles?|file descriptors?|threads?)",
        r"\bgrows? without (?:bound|limit)|\bretry storms?|\bthundering herd",
        r"\binfinite (?:retr\w*|loops?)|\bretr(?:y|ies) forever",
        r"\b(?:no|without|missing) (?:exponential )?backoff|\b(?:no|without|missing) (?:any |random )?jitter",
        r"\bretr(?:y|ies) (?:all )?at (?:exactly )?the same (?:moment|time|instant)",
        r"\bload(?:s|ing)? (?:everything|all (?:the )?(?:rows|records|results)|"
        r"the (?:whole|entire) (?:table|file|result set)) into memory",
        rf"\b(?:take|takes|bring|brings|taking|bringing) down (?:the |our )?{_SERVICE}",
        r"\boverload\w*|\bddos\b|\bdenial of service|\brate[- ]limit\w*",
    ),
    "compatibility risk": (
        r"\bbreaking (?:changes?|the (?:api|contract|clients?))|\bapi break\w*",
        r"\bbackwards? (?:in)?compat\w*|\bnot (?:backwards? |forwards? )?compatible|\bincompatib\w*",
        r"\bbreak(?:s|ing)? (?:existing |old |older |all |every |third[- ]party |downstream )?"
        r"(?:clients?|callers?|users|consumers|integrations?|deployments?|the (?:public )?api|api consumers|"
        r"compat\w*|upgrades?)",
        r"\bwire (?:format|protocol) change",
        r"\bremov\w* (?:a |the )?public (?:api|method|function|field|endpoint)",
    ),
    "migration risk": (
        r"\b(?:risky|irreversible|destructive|long[- ]running|unsafe|locking|blocking|slow) migrations?",
        r"\bmigrations? (?:locks?|will lock|would lock|rewrites?|drops?|deletes?)",
        r"\bmigrations? on a (?:large|big|huge) table",
        r"\blocks? the (?:whole |entire )?table|\brewrites? the (?:whole |entire )?table",
        r"\balter table|\bdrop (?:column|table)|\bbackfill\w*",
        r"\brollback plan|\b(?:can'?t|cannot|can not) (?:be )?roll(?:ed)? back",
        r"\bno (?:down|reverse) migration|\bdowngrade path",
    ),
    "deadline risk": (
        r"\bdeadlines?\b|\bat risk\b|\bbehind schedule|\bcritical path",
        r"\bwon'?t make (?:it|the (?:release|deadline|cut|sprint))",
        r"\brelease blockers?|\bblocks? the release",
        r"\b(?:feature|code|release|merge|deploy|deployment) freeze",
        r"\b(?:ship|launch|release|go-?live) dates?|\bbefore the (?:release |branch )?cut\b|\brelease cut\b",
        r"\bslip(?:s|ped|ping)? (?:the )?(?:release|date|deadline|schedule|sprint|milestone)",
        r"\bdelay(?:s|ed|ing)? the (?:release|launch)",
    ),
    "production risk": (
        r"\brisk(?:s|y)?\b|\bregress(?:ion|ions|es|ed)\b|\boutages?\b|\bincidents?\b",
        r"\bbreak(?:s)? (?:prod|production)\b|\bpage (?:someone|on-?call)|\bdangerous\b|\bunsafe\b",
    ),
}

#: The risk named by generic words ("risky", "regression", "outage"): named only where no specific risk
#: is, so "retries without jitter ... after an outage" names the load risk, not an outage.
GENERIC_RISK = "production risk"
#: One pattern per named risk.
RISKS: dict[str, str] = {name: "|".join(phrases) for name, phrases in RISK_PHRASES.items()}
#: Any named risk: the ``risk`` cue.
ANY_RISK = "|".join(f"(?:{pattern})" for pattern in RISKS.values())

#: A fenced code block (a suggestion block included), closed or running to the end of the text.
FENCED_CODE = r"(?s)```.*?(?:```|$)"
#: A link: a URL (``https://…/sql-injection-guide?timeout=5``) or a Markdown link's target (``](…)``).
LINK = r"\b(?:https?://|www\.)[^\s<>()\[\]`]+|\]\([^)\s]*\)"
#: A URL's path, query and fragment (group 1 is its scheme and host): words there are no one's prose.
URL_PATH = r"(\bhttps?://[^\s/?#<>()\[\]`]+)[/?#][^\s<>()\[\]`]*"
#: Determiners, and then up to three words of the same clause.
_DETERMINERS = r"(?:\s+(?:the|a|an|any|all|this|that|these|those|our|its|their|possible|potential|some|of))*"
_WORDS = r"(?:\s+[^\s.,;:!?()]+){1,3}"
#: A risk described as reduced or denied: ``(lead, what it is about)``. The lead is a quantity ("fewer
#: races", "less contention", "no more N+1 queries", "no longer racy") or a verb in the third person or
#: the past — what a change does or did ("this removes the race", "fixes the deadlock", "avoids a full
#: scan"), not an imperative ("avoid", "fix"), which asks for it — or a denial ("no risk", "low risk",
#: "not a security issue", "isn't a race").
REDUCED_PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:fewer|less|no more|no longer|"
        r"(?:remov|fix|avoid|prevent|eliminat|reduc|mitigat|resolv|solv|address)(?:es|ed|s)|"
        r"(?:gets?|got|getting) rid of|(?:guards?|guarded|protects?|protected) against)" + _DETERMINERS,
        _WORDS,
    ),
    (
        r"\b(?:no|low|little|minimal|zero|without(?: any)?)(?: real| big| major| obvious| extra)?",
        r"\s+risks?\b",
    ),
    (r"\b(?:not|isn'?t|is not|never|nor) (?:a|an|any)\b" + _DETERMINERS, _WORDS),
)


def specific_risks(risky: np.ndarray) -> np.ndarray:
    """``risky`` (rows x :data:`RISKS`) without the :data:`GENERIC_RISK` where a specific risk is found."""
    out = risky.copy()
    generic = list(RISKS).index(GENERIC_RISK)
    specific = np.delete(out, generic, axis=1).any(axis=1)
    out[specific, generic] = False
    return out


#: Risk words that name a safeguard, not a risk: "a regression test", "the incident runbook".
SAFEGUARDS = r"\b(?:regression|incident|outage|risk) (?:tests?|testing|suites?|runbooks?|reviews?|drills?)\b"


def prose(lowered: pa.Array) -> pa.Array:
    """The texts where risks are looked for: fenced code blocks, links, safeguards (:data:`SAFEGUARDS`)
    and risks described as reduced or denied are blanked. Risks are named in words, so an identifier in a
    suggestion (``for item in deadline``), a pasted log line, a link to ``…/sql-injection-guide`` or
    ``?timeout=5``, "a regression test", "fewer races" or "this removes the race" is no risk raised."""
    out = pc.replace_substring_regex(lowered, pattern=FENCED_CODE, replacement=" ")
    out = pc.replace_substring_regex(out, pattern=SAFEGUARDS, replacement=" safeguard ")
    return without_reduced(pc.replace_substring_regex(out, pattern=LINK, replacement=" "))


def without_reduced(lowered: pa.Array) -> pa.Array:
    """The texts with what they describe as reduced or denied (:data:`REDUCED_PHRASES`) replaced by the
    placeholder word :data:`.tokens.REDUCED`, the lead kept ("fewer xgone"): neither a risk raised nor a
    defect found, and the text keeps its shape (a long comment does not become a bare phrase)."""
    for lead, about in REDUCED_PHRASES:
        lowered = pc.replace_substring_regex(
            lowered, pattern=f"({lead}){about}", replacement=rf"\1 {REDUCED}"
        )
    return lowered
