"""The roles event kinds play in metrics, named once for the rules, the text classes and the charts.

The kinds themselves are declared by the sources that write them (:mod:`collectors.sources`); these
groups say what metrics make of them.
"""

from __future__ import annotations

from typing import Final

#: Acts that respond to someone's work: reviews, inline review comments, conversation comments and Jira
#: comments. A wait ends at the first one; their texts are classified as comments (review bodies too).
RESPONSE_KINDS: Final = ("review", "review_comment", "comment", "jira_comment")
#: Kinds that open an item (a pull request, an issue, a Jira issue); waits are measured from them.
OPENING_KINDS: Final = ("pull_request", "issue", "jira_issue")
#: Issues (GitHub issues that are not pull requests, Jira issues) and the ``attrs`` field of their title:
#: their title, newline and body are classified as one text.
ISSUE_TITLE_FIELDS: Final = {"issue": "title", "jira_issue": "summary"}
ISSUE_KINDS: Final = tuple(ISSUE_TITLE_FIELDS)
#: Kinds whose events can carry a classified text.
TEXT_KINDS: Final = (*RESPONSE_KINDS, *ISSUE_TITLE_FIELDS)
