"""The bad-input battery's table: configs, store files, command-line options and stdin (see ``case.py``).

One line per case, so the table reads as a list: ``Case(name, args, names, config=GOOD, ...)`` where
``names`` is what the first stderr line must name and ``phrase`` a word it must also hold.
"""
# A table reads best one case per line:
# ruff: noqa: E501

from __future__ import annotations

from .case import (
    DC_PAT,
    DEFECT,
    GH_CLASSIC,
    GH_FINE,
    GH_OAUTH,
    GH_SERVER,
    GITLAB,
    GOOD,
    HEX40,
    JIRA_CLOUD,
    PASSWORD,
    QUESTION,
    Case,
    a_file,
    a_folder,
    edit,
    lines,
    newer_store,
    plus,
    truncated_store,
)

SNAPSHOT = ["snapshot", "--out", "out", "--config", "footprint.toml"]
SYNC = ["sync", "--config", "footprint.toml"]
DASHBOARD = ["dashboard", "--config", "footprint.toml"]
PACKET = ["packet", "--person", "ada", "--out", "p.md", "--config", "footprint.toml"]
CLASSIFY = ["classify"]
JIRA = '[jira]\nurl = "https://acme.atlassian.net"\n'
TEAM_REPOS = 'repos = ["acme/web"]\n\n[[people]]'
GITHUB_REPOS = 'repos = ["acme/web"]\nsince'
API_URL = 'api_url = "http://127.0.0.1:9"'
EMPTY_STORE = ("footprint.db",)  # `sync` opens the store before it looks for sources and tokens

# fmt: off
CONFIG_CASES = [
    # a privacy switch is a real boolean; numbers stay within what they mean
    Case("redact_text yes", SNAPSHOT, "store.redact_text", edit("[store]\n", '[store]\nredact_text = "yes"\n'), phrase="boolean"),
    Case("redact_text 1", SNAPSHOT, "store.redact_text", edit("[store]\n", "[store]\nredact_text = 1\n"), phrase="boolean"),
    Case("level overflow", SNAPSHOT, "people[0].level", edit("level = 3", "level = 99999999999999999999"), phrase="1000"),
    Case("level true", SNAPSHOT, "people[0].level", edit("level = 3", "level = true")),
    Case("level fraction", SNAPSHOT, "people[0].level", edit("level = 3", "level = 2.5")),
    Case("wait hours inf", SNAPSHOT, "behaviours.unblock_wait_hours", plus("[behaviours]\nunblock_wait_hours = inf\n"), phrase="finite"),
    Case("wait hours nan", SNAPSHOT, "behaviours.unblock_wait_hours", plus("[behaviours]\nunblock_wait_hours = nan\n")),
    Case("window days huge", SNAPSHOT, "behaviours.unblock_window_days", plus("[behaviours]\nunblock_window_days = 1e10\n")),
    Case("window days string", SNAPSHOT, "behaviours.unblock_window_days", plus('[behaviours]\nunblock_window_days = "3"\n')),
    Case("recurring issues one", SNAPSHOT, "behaviours.recurring_problem_issues", plus("[behaviours]\nrecurring_problem_issues = 1\n"), phrase="greater than or equal to 2"),
    Case("feedback prs true", SNAPSHOT, "behaviours.repeated_feedback_prs", plus("[behaviours]\nrepeated_feedback_prs = true\n")),
    Case("feedback prs fraction", SNAPSHOT, "behaviours.repeated_feedback_prs", plus("[behaviours]\nrepeated_feedback_prs = 2.5\n")),
    Case("generic label blank", SNAPSHOT, "behaviours.generic_labels[1]", plus('[behaviours]\ngeneric_labels = ["bug", " "]\n'), phrase="blank label"),
    Case("rate limit wait huge", SYNC, "github.max_rate_limit_wait_seconds", edit("[github]\n", "[github]\nmax_rate_limit_wait_seconds = 99999999999\n")),
    # names of things
    Case("team repo not owner/name", SNAPSHOT, "teams[0].repos[0]", edit(TEAM_REPOS, 'repos = ["payments"]\n\n[[people]]'), phrase="owner/name"),
    Case("github repo not owner/name", DASHBOARD, "github.repos[0]", edit(GITHUB_REPOS, 'repos = ["acme"]\nsince')),
    Case("org with a space", SNAPSHOT, "github.orgs[0]", edit("[github]\n", '[github]\norgs = ["acme corp"]\n')),
    Case("jira url with spaces", DASHBOARD, "jira.url", plus('[jira]\nurl = "https://acme atlassian.net"\nprojects = ["PAY"]\n'), phrase="spaces"),
    Case("jira url with credentials", SYNC, "jira.url", plus(f'[jira]\nurl = "https://ada:{PASSWORD}@acme.atlassian.net"\n'), phrase="credentials", secret=PASSWORD),
    Case("jira url not http", SNAPSHOT, "jira.url", plus('[jira]\nurl = "acme.atlassian.net"\nprojects = ["PAY"]\n')),
    Case("jira project key with a space", DASHBOARD, "jira.projects[0]", plus(JIRA + 'projects = ["PAY X"]\n'), phrase="project key"),
    Case("team jira project with a space", SNAPSHOT, "teams[0].jira_projects[0]", edit(TEAM_REPOS, 'repos = ["acme/web"]\njira_projects = ["PAY 1"]\n\n[[people]]')),
    Case("api_url without host", SNAPSHOT, "github.api_url", edit(API_URL, 'api_url = "https://"'), phrase="no host"),
    Case("api_url bad port", DASHBOARD, "github.api_url", edit(API_URL, 'api_url = "https://ghe.acme.test:99999/api/v3"'), phrase="port"),
    Case("api_url ftp", SNAPSHOT, "github.api_url", edit(API_URL, 'api_url = "ftp://ghe.acme.test"')),
    Case("person id with a space", SNAPSHOT, "people[0].id", edit('id = "ada"', 'id = "ada lovelace"')),
    Case("store url not a url", SNAPSHOT, "store.url", edit('url = "sqlite:///footprint.db"', 'url = "footprint.db"')),
    # globs: invalid, or matching every path
    Case("glob unclosed bracket", SNAPSHOT, "behaviours.design_paths[0]", plus('[behaviours]\ndesign_paths = ["docs/[adr/**"]\n'), phrase="not supported"),
    Case("glob triple star", SNAPSHOT, "behaviours.design_paths[1]", plus('[behaviours]\ndesign_paths = ["adr/**", "***"]\n'), phrase="every path"),
    Case("glob double star", SNAPSHOT, "behaviours.tooling_paths[0]", plus('[behaviours]\ntooling_paths = ["**"]\n'), phrase="every path"),
    Case("glob any file anywhere", SNAPSHOT, "behaviours.tooling_paths[0]", plus('[behaviours]\ntooling_paths = ["**/*"]\n'), phrase="every path"),
    Case("glob absolute", SNAPSHOT, "behaviours.tooling_paths[0]", plus('[behaviours]\ntooling_paths = ["/docs/**"]\n'), phrase="relative"),
    Case("glob folder only", SNAPSHOT, "behaviours.design_paths[0]", plus('[behaviours]\ndesign_paths = ["docs/"]\n'), phrase="docs/**"),
    Case("glob empty", SNAPSHOT, "behaviours.design_paths[0]", plus('[behaviours]\ndesign_paths = [""]\n'), phrase="empty"),
    Case("glob braces", SNAPSHOT, "behaviours.design_paths[0]", plus('[behaviours]\ndesign_paths = ["{adr,rfcs}/**"]\n'), phrase="not supported"),
    # a token pasted where the name of its variable belongs is refused, and never repeated
    Case("github classic token", SYNC, "github.token_env", edit("[github]\n", f'[github]\ntoken_env = "{GH_CLASSIC}"\n'), phrase="not the token itself", secret=GH_CLASSIC),
    Case("github fine-grained token", DASHBOARD, "github.token_env", edit("[github]\n", f'[github]\ntoken_env = "{GH_FINE}"\n'), phrase="not the token itself", secret=GH_FINE),
    Case("github oauth token", DASHBOARD, "github.token_env", edit("[github]\n", f'[github]\ntoken_env = "{GH_OAUTH}"\n'), phrase="not the token itself", secret=GH_OAUTH),
    Case("github server token", SNAPSHOT, "github.token_env", edit("[github]\n", f'[github]\ntoken_env = "{GH_SERVER}"\n'), phrase="not the token itself", secret=GH_SERVER),
    Case("gitlab token", SNAPSHOT, "github.token_env", edit("[github]\n", f'[github]\ntoken_env = "{GITLAB}"\n'), phrase="not the token itself", secret=GITLAB),
    Case("jira cloud token", DASHBOARD, "jira.token_env", plus(JIRA + f'token_env = "{JIRA_CLOUD}"\n'), phrase="not the token itself", secret=JIRA_CLOUD),
    Case("hex token", SNAPSHOT, "jira.token_env", plus(JIRA + f'token_env = "{HEX40}"\n'), phrase="not the token itself", secret=HEX40),
    Case("data center token", PACKET, "jira.token_env", plus(f'[jira]\nurl = "https://jira.acme.test"\ntoken_env = "{DC_PAT}"\n'), phrase="not the token itself", secret=DC_PAT),
    Case("jira token as user_env", DASHBOARD, "jira.user_env", plus(JIRA + f'user_env = "{JIRA_CLOUD}"\n'), phrase="not the user itself", secret=JIRA_CLOUD),
    Case("email as user_env", SNAPSHOT, "jira.user_env", plus(JIRA + 'user_env = "ada@acme.test"\n'), phrase="not the user itself"),
    Case("token in a repo list", DASHBOARD, "github.repos[0]", edit(GITHUB_REPOS, f'repos = ["{GH_CLASSIC}"]\nsince'), secret=GH_CLASSIC),
    Case("token under an unknown key", SNAPSHOT, "github.token", edit("[github]\n", f'[github]\ntoken = "{GH_CLASSIC}"\n'), phrase="unknown key", secret=GH_CLASSIC),
    Case("token variable not set", SYNC, "github.token_env", edit("[github]\n", '[github]\ntoken_env = "FP_BATTERY_UNSET"\n'), phrase="not set", creates=EMPTY_STORE),
    # dates
    Case("datetime for a date", SNAPSHOT, "github.since", edit('since = "2025-01-01"', "since = 2025-01-01T10:00:00"), phrase="2025-01-01T10:00:00 (a date and time)"),
    Case("time for a date", SNAPSHOT, "jira.since", plus(JIRA + "since = 10:30:00\n"), phrase="10:30:00"),
    Case("words for a date", SNAPSHOT, "github.since", edit('since = "2025-01-01"', 'since = "last week"'), phrase="not a date"),
    # the file itself
    Case("empty file", SNAPSHOT, "footprint.toml", "", phrase="empty"),
    Case("comments only", SNAPSHOT, "footprint.toml", "# nothing here yet\n\n   \n", phrase="empty"),
    Case("BOM, then a real problem", SNAPSHOT, "store.redact_text", ("\ufeff" + edit("[store]\n", '[store]\nredact_text = "no"\n')).encode()),
    Case("not UTF-8", SNAPSHOT, "footprint.toml", GOOD.encode() + b"\n# caf\xe9\n", phrase="not UTF-8"),
    Case("invalid TOML", SNAPSHOT, "footprint.toml", GOOD + "\n[store\n", phrase="invalid TOML"),
    Case("config is a folder", ["snapshot", "--out", "out", "--config", "conf"], "conf", None, setup=a_folder("conf"), phrase="is a folder"),
    Case("config path empty", ["snapshot", "--out", "out", "--config", ""], "--config", phrase="empty path"),
    Case("config missing", ["snapshot", "--out", "out", "--config", "nowhere.toml"], "nowhere.toml", phrase="not found"),
    Case("unknown key", SNAPSHOT, "store.bogus", edit("[store]\n", "[store]\nbogus = 1\n"), phrase="unknown key"),
    Case("teams not tables", SNAPSHOT, "teams", 'teams = "web"\n[store]\nurl = "sqlite:///footprint.db"\n'),
    Case("access mode", SNAPSHOT, "access.mode", plus('[access]\nmode = "ldap"\n')),
    Case("unknown team", SNAPSHOT, "people[0].team", edit('team = "web"', 'team = "mobile"')),
]

STORE_CASES = [
    Case("store is text", SNAPSHOT, "store.url", setup=a_file("footprint.db", b"my notes, not a database\n" * 50), phrase="not a database"),
    Case("store is random bytes", SNAPSHOT, "store.url", setup=a_file("footprint.db", bytes(range(256)) * 40), phrase="not a database"),
    Case("store is truncated", SNAPSHOT, "store.url", setup=truncated_store),
    Case("store is a folder", SNAPSHOT, "store.url", setup=a_folder("footprint.db")),
    Case("store folder missing", SNAPSHOT, "store.url", edit("sqlite:///footprint.db", "sqlite:///no/such/folder/footprint.db")),
    Case("store is newer", SNAPSHOT, "store.url", setup=newer_store, phrase="upgrade"),
    Case("store server refuses", SNAPSHOT, "store.url", edit('"sqlite:///footprint.db"', f'"postgresql+psycopg://ada:{PASSWORD}@127.0.0.1:9/footprint"'), secret=PASSWORD),
    Case("store not a database for packet", PACKET, "store.url", setup=a_file("footprint.db", b"\x00" * 4096)),
]

OPTION_CASES = [
    Case("dashboard port too high", [*DASHBOARD, "--port", "99999"], "--port"),
    Case("dashboard port zero", [*DASHBOARD, "--port", "0"], "--port"),
    Case("dashboard port not a number", [*DASHBOARD, "--port", "eighty"], "--port"),
    Case("dashboard port in use", [*DASHBOARD, "--port", "{busy_port}"], "--port", phrase="already in use"),
    Case("dashboard host not this machine", [*DASHBOARD, "--host", "192.0.2.1"], "--host", phrase="not an address of this machine"),
    Case("demo port too high", ["demo", "--port", "99999"], "--port", None),
    Case("demo dir is a file", ["demo", "--build-only", "--dir", "afile"], "--dir", None, setup=a_file("afile", b"x"), phrase="not a folder"),
    Case("demo dir under a file", ["demo", "--build-only", "--dir", "afile/demo"], "--dir", None, setup=a_file("afile", b"x"), phrase="is a file"),
    Case("demo dir cannot be created", ["demo", "--build-only", "--dir", "/proc/footprint-demo"], "--dir", None, phrase="cannot create"),
    Case("demo port in use", ["demo", "--dir", "d", "--port", "{busy_port}"], "--port", None, phrase="already in use"),
    Case("since not a date", [*SNAPSHOT, "--since", "July"], "--since"),
    Case("since a datetime", [*SNAPSHOT, "--since", "2025-01-01T10:00"], "--since"),
    Case("since after until", [*SNAPSHOT, "--since", "2025-02-01", "--until", "2025-01-01"], "--since", phrase="before"),
    Case("keep without dated", [*SNAPSHOT, "--keep", "3"], "--keep"),
    Case("keep zero", [*SNAPSHOT, "--dated", "--keep", "0"], "--keep"),
    Case("out is a file", SNAPSHOT, "--out", setup=a_file("out", b"x"), phrase="not a folder"),
    Case("out is another folder", SNAPSHOT, "--out", setup=a_folder("out", with_file="thesis.tex"), phrase="not a snapshot"),
    Case("out under a file", ["snapshot", "--out", "afile/out", "--config", "footprint.toml"], "--out", setup=a_file("afile", b"x")),
    Case("packet out pdf", ["packet", "--person", "ada", "--out", "p.pdf", "--config", "footprint.toml"], "--out", phrase=".md or .html"),
    Case("packet unknown person", ["packet", "--person", "nobody", "--out", "p.md", "--config", "footprint.toml"], "--person"),
    Case("packet person missing", ["packet", "--out", "p.md", "--config", "footprint.toml"], "--person"),
    Case("packet until not a date", [*PACKET, "--until", "2025-13-01"], "--until"),
    Case("sync unknown source", [*SYNC, "--source", "gitlab"], "--source"),
    Case("sync nothing configured", SYNC, "nothing to sync", '[store]\nurl = "sqlite:///footprint.db"\n', creates=EMPTY_STORE),
    Case("classify batch zero", [*CLASSIFY, "--batch", "0"], "--batch", None),
    Case("unknown command", ["synch"], "synch", None),
    Case("unknown option", [*SNAPSHOT, "--bogus"], "--bogus"),
    Case("no command", [], "Missing command", None),
]

STDIN_CASES = [
    Case("stdin not UTF-8", CLASSIFY, "stdin line 2", None, stdin=lines(DEFECT, b'{"id": 9, "text": "caf\xe9"}', QUESTION), stdout=["defect", None, "question"], phrase="not UTF-8"),
    Case("stdin bad JSON", CLASSIFY, "stdin line 2", None, stdin=lines(DEFECT, b"{oops", QUESTION), stdout=["defect", None, "question"]),
    Case("stdin id NaN", CLASSIFY, "stdin line 1", None, stdin=lines(b'{"id": NaN, "text": "x"}', QUESTION), stdout=[None, "question"], phrase="NaN"),
    Case("stdin id Infinity", CLASSIFY, "stdin line 2", None, stdin=lines(DEFECT, b'{"id": -Infinity, "text": "x"}'), stdout=["defect", None]),
    Case("stdin id overflows to infinity", CLASSIFY, "stdin line 1", None, stdin=lines(b'{"id": 1e999, "text": "x"}', QUESTION), stdout=[None, "question"], phrase="finite"),
    Case("stdin text a number", CLASSIFY, "stdin line 2", None, stdin=lines(DEFECT, {"id": 5, "text": 5}, QUESTION), stdout=["defect", None, "question"], phrase="'text'"),
    Case("stdin an array", CLASSIFY, "stdin line 1", None, stdin=lines([1, 2], QUESTION), stdout=[None, "question"]),
    Case("stdin missing text", CLASSIFY, "stdin line 2", None, stdin=lines(DEFECT, {"id": 5}), stdout=["defect", None], phrase="'text'"),
    Case("stdin nested too deep", CLASSIFY, "stdin line 1", None, stdin=lines(b"[" * 100_000 + b"]" * 100_000, QUESTION), stdout=[None, "question"]),
    Case("stdin lone surrogate", CLASSIFY, None, None, exit=0, stdin=lines(b'{"id": "\\ud800", "text": "\\udce9 why is this here?"}', QUESTION), stdout=["question", "question"]),
    Case("stdin byte-order mark", CLASSIFY, None, None, exit=0, stdin=b"\xef\xbb\xbf" + lines(DEFECT, QUESTION), stdout=["defect", "question"]),
]
# fmt: on

CASES = CONFIG_CASES + STORE_CASES + OPTION_CASES + STDIN_CASES
