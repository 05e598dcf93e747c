"""The lexicon: named, general linguistic cues the text classifier looks for.

Every pattern is a regular expression applied to the *lower-cased* text, so write them in lower case.
They must stay RE2-compatible (no look-arounds, no back-references) because pandas runs them through
pyarrow's regex engine. A pattern's name is what a person reads in a reason, so it says what it finds.

``FEATURES`` are, beside the words and word pairs of :mod:`.tokens`, the evidence for the text classes:
the classifier scores each class as a bias plus the weights (``weights.toml``, fitted by
:mod:`metrics.textclass.fit`) of the features and n-grams present. They are
grouped by the class they were written for, but the fitted weights decide, and a feature may count for
several classes. Features whose names start with ``shape:`` describe the form of the text (length,
code, a link) rather than its words: they shift scores but are never by themselves evidence that a
text belongs to a class, so a text in which only shape features fire is ``other``.

``CUE_PATTERNS`` are the mentoring/risk/ownership cues of :data:`metrics.textclass.CUES`, one
alternation per cue, reported independently of the class; the ``risk`` cue is any named risk of
:mod:`.risks`. Acknowledgements ("LGTM", "done", "ping") are recognised before any of this, by
:mod:`.acknowledgements`.
"""

from __future__ import annotations

from .risks import ANY_RISK

#: Prefix of features that describe the text's form, not its content.
SHAPE = "shape:"

#: A functional problem: logic, validation, resources, timing, interfaces.
_DEFECT: dict[str, str] = {
    "crash/blow up": r"\b(?:crash\w*|blow(?:s|ing)? up|explod\w*|kaboom|choke)",
    "fails/breaks": r"\b(?:fail\w*|break(?:s|ing)?|broken|won'?t work|doesn'?t work|"
    r"not work\w*|will not work)\b",
    "bug/wrong": r"\b(?:bugs?|wrong|incorrect\w*|buggy|mistake|regress\w*)\b",
    # A timeout is a defect where it is missing or fires ("no timeout", "times out"), not as a setting
    # ("pull the timeout from config").
    "race/timing": r"\b(?:race|racy|races|racing|deadlock\w*|concurren\w*|thread\w*|lock(?:s|ing)?|"
    r"(?:no|missing|without(?: an?| any)?|lacks? an?) timeouts?|times? out|timed out|timing out|"
    r"(?:swallow|ignor|hard-?cod)\w* (?:the |a |an |any )?timeouts?|"
    r"timeouts? (?:errors?|exceptions?|expired|exceeded|fires|hits?|(?:is|are) (?:ignored|swallowed|"
    r"missing|too (?:short|long|low|high))))\b",
    "leak/resource": r"\b(?:leak\w*|close[ds]?|unclosed|file handles?|memory|resources?|connections?)\b",
    "none/null": r"\b(?:none|null|nullable|empty|unset|undefined)\b",
    "exception/error": r"\b(?:exceptions?|raises?|raised|except|errors?|traceback|keyerror|valueerror)\b",
    "validation/check": r"\b(?:validat\w*|invalid|sanity|check(?:s|ed|ing)? (?:for|that|if)|guard)\b",
    "missing/forgot": r"\b(?:missing|forg[eo]t\w*|missed|overlook\w*)\b",
    "lost/stuck": r"\b(?:lost|lose|loss|stuck|hang(?:s|ing)?|leftover|end up|results? in|side effects?)\b",
    "add a test": r"\b(?:add|have|write|need|missing|want) (?:a |an |another |one more |some )?(?:\w+ )?"
    r"(?:unit ?|functional )?tests?\b|\btest (?:case|coverage) for\b",
    "unused": r"\b(?:unused|not used|never used|isn'?t used|no longer used|dead code)\b",
    "test/assert": r"\b(?:tests?|unit ?tests?|test cases?|coverage|asserts?\w*)\b",
    "should also test": r"\b(?:should|need to|needs to|could) (?:also )?(?:test|assert|check|handle|verify)",
    "condition/index": r"\b(?:off[- ]by[- ]one|index\w*|boundary|overflow|if .{1,40} then)\b",
    "version/compat": r"\b(?:version bump|backport\w*|compat\w*|upgrade\w*|api versions?|older versions?)\b",
    "edge case/handling": r"\b(?:edge|corner) cases?\b|\bhandl(?:e|es|ed|ing) (?:the |this |that |an? )?"
    r"(?:case|error|failure|exception)s?\b|\berror handling\b",
    "version support": r"\b(?:py(?:thon)? ?[23](?:\.\d+)?|not supported|unsupported|deprecat\w*|"
    r"no longer supported)\b",
    "interface/signature": r"\b(?:signatures?|arguments?|args|kwargs?|parameters?|params?|"
    r"return (?:value|type)s?|positional|default values?)\b",
    "logic/condition": r"\b(?:logic\w*|conditions?|conditional|the other way (?:round|around)|inverted|"
    r"opposite|always (?:true|false)|never (?:true|false|happens?))\b|[<>!=]=",
}

#: Naming, structure, documentation, readability.
_MAINTAINABILITY: dict[str, str] = {
    "nit": r"\bnits?\b",
    "typo/spelling": r"\b(?:typo\w*|spell\w*|grammar|misspel\w*)\b|\bs/[^/\n]+/[^/\n]*/",
    # In review, a bare word, identifier or short phrase proposes replacement wording or a name.
    "bare word/phrase": r"^\W*\S+(?:\s+\S+){0,2}\W*$",
    "naming": r"\b(?:renam\w*|nam(?:e|es|ed|ing)|call(?:ed)? it)\b",
    "docs/comment": r"\b(?:doc\w*|comments?|release ?notes?|changelog|commit message|help text|todo)\b",
    "readability": r"\b(?:readab\w*|clarity|clear(?:er)?|confus\w*|hard to (?:read|follow)|easier to "
    r"(?:read|follow)|understand\w*|obvious)\b",
    "formatting": r"\b(?:indent\w*|align\w*|whitespace|blank line|line length|wrap\w*|pep ?8|format\w*|"
    r"spacing|spaces?|white ?space|newline|capitali\w*|punctuation|period)\b",
    "remove/unneeded": r"\b(?:remov\w*|delet\w*|drop|unnecessary|not needed|needless|redundant|"
    r"superfluous|no need|unneeded)\b",
    "move/extract": r"\b(?:move\w*|extract\w*|clean(?:ed|ing)? ?up|combin\w*|merg\w*|helper|"
    r"duplicat\w*|refactor\w*|"
    r"reuse|re-use|inline|"
    r"separate (?:method|function))\b",
    "log message": r"\b(?:log(?:s|ged|ging)?|warning|debug|message|msg)\b",
    "same as before": r"^\W*(?:ditto|same|likewise|same here|same as above|same below|again|here too|"
    r"and here|also here)\W*$",
    "quoted identifier": r"`[^`\n]+`|'\w+'|\"\w+\"",
    "wording": r"\b(?:word\w*|phras\w*|sentences?|reads? (?:better|weird\w*|odd\w*|strange\w*)|english|"
    r"plural|singular|tense)\b",
    "consistency/style": r"\b(?:consisten\w*|inconsisten\w*|conventions?|style|idiomatic|pythonic)\b",
    "descriptive": r"\b(?:descriptive|misleading|self[- ]explanatory|meaningful|verbose)\b",
    "imports": r"\bimports?\b",
    "magic value/constant": r"\b(?:magic (?:numbers?|strings?|values?)|constants?|hard-?coded)\b",
}

#: Design discussion or an alternative approach.
_DESIGN: dict[str, str] = {
    "approach/design": r"\b(?:approach\w*|design\w*|architect\w*|alternative\w*|strateg\w*|trade-?offs?)\b",
    "instead/rather": r"\b(?:instead|rather than|in place of|as opposed to)\b",
    "could use/just use": r"\b(?:(?:could|can|should|would|might) (?:just |simply )?(?:use|do|make|call|pass|"
    r"create|return|add)|just (?:use|do|call|pass))\b",
    "could we/what about": r"\b(?:could|can|should|shall) we\b|\bwhy don'?t (?:we|you)\b|"
    r"\b(?:how|what) about\b",
    "why not": r"\bwhy not\b|\bany reason not\b",
    "i would/prefer": r"\b(?:i'?d|i would|i'?d rather|i prefer|prefer(?:able|red)?|i think we should)\b",
    "something like": r"\b(?:something like|like this|like so|e\.g\.|for example|such as)\b",
    "better/simpler": r"\b(?:better|simpl\w*|cleaner|easier|more (?:direct|robust|efficient)|elegant|"
    r"optimi[sz]\w*|performance|efficien\w*)\b",
    "generic/abstraction": r"\b(?:generic\w*|abstract\w*|interface\w*|layer\w*|modul\w*|object\w*|class\w*|"
    r"decorator|property|staticmethod|fixture|mock\w*)\b",
    "follow-up/later": r"\b(?:follow[- ]?ups?|later|future|separate (?:change|patch)|"
    r"another (?:change|patch)|"
    r"split|in a separate)\b",
    "data structure": r"\b(?:set|dict\w*|list|tuple|map(?:ping)?|iterat\w*|loop|generator)\b",
    "scope/patch": r"\b(?:scope|this (?:patch|change|pr|series)|separate (?:patch|change|pr|commit)s?)\b",
    "responsibility": r"\b(?:belongs?|responsib\w*|coupl\w*|decoupl\w*|encapsulat\w*|callers?|callee)\b",
    "suggestion as question": r"\b(?:why not|why don'?t|how about|what about|could(?:n'?t)? we|can'?t we|"
    r"shouldn'?t we|would it (?:be|make sense))\b[^?\n]*\?",
    "would be better": r"\b(?:would|might|could) be (?:nice|nicer|better|cleaner|simpler|good|easier|more)\b|"
    r"\bit'?d be (?:nice|better)\b",
}

#: Asks for clarification.
_QUESTION: dict[str, str] = {
    "question mark": r"\?",
    "ends with ?": r"\?\W*$",
    "two questions": r"\?.*\?",
    "wh-question": r"\b(?:why|what|how|when|where|which|who)\b[^.!\n]*\?",
    "starts with why/what/how": r"^\W*(?:why|what|how|when|where|which|who)\b",
    "starts with aux verb": r"^\W*(?:is|are|was|does|do|did|can|could|would|will|shall|has|have|isn'?t|"
    r"aren'?t|doesn'?t|don'?t|didn'?t|won'?t|wouldn'?t|shouldn'?t)\b",
    "tag question": r"\b(?:right|correct|no|yes|isn'?t it|eh)\s*\?",
    "what if/happens": r"\bwhat (?:if|happens|about)\b",
    "unsure/wonder": r"\b(?:not sure|unsure|i wonder|wondering|curious|confused|i don'?t (?:understand|"
    r"get|follow|see)|i'?m missing|am i missing|any idea)\b",
    "you mean": r"\b(?:you mean|do you mean|did you mean|meaning)\b",
    "explain": r"\b(?:explain\w*|clarif\w*|elaborate)\b",
}

#: Praise, thanks, approval.
_PRAISE: dict[str, str] = {
    "praise word": r"\b(?:nice\w*|great|good|excellent|awesome|neat|cool|love\w*|lovely|beautiful|"
    r"perfect|brilliant|clever|elegant|sweet)\b",
    "thanks": r"\b(?:thanks?|thank you|thx|ty|kudos|appreciat\w*)\b",
    # "LGTM", "+1", "ship it" are approvals, whose signal is the review state: they are no evidence of praise.
    "well done/good catch": r"\bwell done\b|\b(?:good|nice|great) (?:catch|call|idea|point|find)\b",
    "agreement": r"\b(?:ok|okay|fine|fair|reasonable|agreed?|makes sense|sounds good|works for me|"
    r"all good|ack|yep|yeah|sure|cool with me)\b",
    "emoji/smiley": r"[:;]-?[)d]|\\o/|[✓✔👍🎉❤😀😃😄😊🙂]|\^_\^",
    "i like": r"\bi (?:really )?(?:like|love)\b|\bi'?m (?:happy|glad)\b|\bglad\b",
    "much better": r"\b(?:much|way|so much|a lot) (?:nicer|better|cleaner|simpler|clearer|easier)\b",
}

#: Modality and stance: written for no class in particular.
_STANCE: dict[str, str] = {
    "should/must": r"\b(?:should(?:n'?t)?|must|need(?:s)? to|have to|has to)\b",
    "please": r"\bplease\b",
    "maybe/perhaps": r"\b(?:maybe|perhaps|probably|possibly|might)\b",
    "i think": r"\bi (?:think|believe|guess|suppose|assume|feel)\b",
    "negation": r"\b(?:not|no|never)\b|n't\b",
}

#: Form, not words.
_SHAPE: dict[str, str] = {
    f"{SHAPE}one word": r"^\W*[\w.()\[\]'\"-]+\W*$",
    f"{SHAPE}short": r"^\W*\S+(?:\s+\S+){0,4}\W*$",
    f"{SHAPE}long": r"(?:\S+\s+){40}",
    f"{SHAPE}code identifier": r"\w+_\w+|\w\.\w+|\w\(\)",
    f"{SHAPE}code block": r"\n(?: {4}|\t)\S|:\s*\n\s*\n\s+\S",
    f"{SHAPE}link": r"https?://",
    f"{SHAPE}line reference": r"\b(?:l\d+|lines? \d+|patch ?set \d+)\b",
}

#: Every feature, in a fixed order (the order of ``weights.toml``).
FEATURES: dict[str, str] = {
    **_DEFECT,
    **_MAINTAINABILITY,
    **_DESIGN,
    **_QUESTION,
    **_PRAISE,
    **_STANCE,
    **_SHAPE,
}

#: The class each feature was written for; the fitter pulls its weight for that class towards a
#: positive prior, so the table keeps the lexicon's intent where the data are silent.
WRITTEN_FOR: dict[str, str] = {
    **dict.fromkeys(_DEFECT, "defect"),
    **dict.fromkeys(_MAINTAINABILITY, "maintainability"),
    **dict.fromkeys(_DESIGN, "design"),
    **dict.fromkeys(_QUESTION, "question"),
    **dict.fromkeys(_PRAISE, "praise"),
}

CUE_PATTERNS: dict[str, str] = {
    "suggestion": r"```suggestion|\bconsider\w*\b|\byou could\b|\bwhat about\b|\bhow about\b|\bnit\b|"
    r"\bwhy not\b|\bi'?d suggest|\bsuggest\w*\b|\bmaybe (?:we|you)\b|\binstead\b|\bcould we\b",
    "explanation": r"\bbecause\b|\bso that\b|\bthe reason\b|\bthis means\b|\bwhich means\b|\bsince\b|"
    r"\bin order to\b|\botherwise\b|\bthat way\b|\bthe idea is\b|\bthe point is\b|\bdue to\b",
    "docs_link": r"https?://\S*(?:docs?\b|documentation|guide|manual|wiki|rfc|/adr|readme|reference|"
    r"specs?\b|tutorial|handbook|developer\.|learn\.|\.readthedocs\.)|\brfc ?\d+",
    "risk": ANY_RISK,
    "status_update": r"\bupdate:|\beta\b|\bnext steps?\b|\bblocked (?:on|by)\b|\bdone:|\bstatus\b|"
    r"\bdeployed to\b|\bwaiting (?:on|for)\b|\bprogress:|^\W*wip\b|"
    r"\bfollow[- ]up:|\bheads[- ]up\b",
    # Opens by acknowledging what someone else found: the finding is theirs (metrics.strength, risk rules).
    "acknowledges_report": r"^[\W_]*(?:@[\w.-]+[\W_]*)?"
    r"(?:(?:yes|yep|yeah|oh|ah|right|indeed|ok|okay|agreed)[\W_]+)*"
    r"(?:(?:good|nice|great) (?:catch|find|spot|call)|(?:oops|whoops|my bad|my mistake)\b|"
    r"thanks?(?: you)?(?: so much| a lot)? for (?:the |this |your )?(?:bug )?(?:report|catch|heads[- ]up|"
    r"reporting|flagging|spotting|catching|finding|raising|noticing|pointing (?:this|that|it) out)|"
    r"(?:that|this|it)(?:'s| is) (?:definitely |indeed |clearly )?(?:a |the )?(?:real )?bug\b|"
    r"you(?:'re| are) (?:right|correct)\b|confirmed\b|i (?:can|could) reproduce|reproduced\b)",
}
