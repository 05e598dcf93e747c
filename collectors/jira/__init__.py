"""The Jira collector (Cloud and Data Center) built on the ``jira`` library; see :class:`JiraCollector`."""

from .collector import JiraCollector

__all__ = ["JiraCollector"]
