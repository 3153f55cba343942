#!/usr/bin/env python3
"""Names from the inputs are data, never markup, in every format.

Each hostile sequence below goes into a project as its folder name, Worker
name, environment name, binding names, D1 database name, queue name and
service name. Every format of advise, checklist, cost and diff, and the
messages on stderr, are then read as their consumers read them:

- text formats (a terminal, a CI log): no control character, C1 control or
  invisible reordering character is written raw; no line is a GitHub
  Actions workflow command (as the runner parses them: "::" after leading
  white space, "##[" anywhere); the name is shown, escaped.
- json and sarif: parse, and carry each name exactly as the input had it.
- github: every line is one of cfscale's annotations, parsed as the runner
  parses them, and its properties and data unescape to what was meant.
- markdown: rendered by cmark-gfm (GitHub's parser, with GitHub's
  extensions): the headings, <details> sections, tables, code blocks and
  links are exactly cfscale's own, and each heading shows the name as text.

  hostile_names_test.py BIN WORKDIR OUTDIR
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, CFSCALE_TODAY="2026-11-28", NO_COLOR="1")
ENV.pop("FORCE_COLOR", None)
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)

HOSTILE = {
    "newline-heading": "a\n## injected heading\n\nb",
    "html": "<img src=x onerror=alert(1)><script>x</script>",
    "details": "</details></summary><details open>",
    "fence": "```\n~~~\n",
    "pipe": "a|b||c\\|d",
    "backtick": "a`b``c",
    "stop-commands": "x\n::stop-commands::tok\n",
    "error-command": "::error file=a,line=1::forged",
    "indented-command": " \u00a0::warning::forged",
    "legacy-command": "##[error]forged",
    "osc": "\x1b]0;pwned\x07\x1b]52;c;Zm9v\x07",
    "csi": "\x1b[2J\x1b[31mred",
    "c1": "\u009b31m\u0085",
    "bidi": "ab\u202ecd\u2066e\u2069",
    "carriage-return": "a\rb",
    "markup": "$x$ ~s~ *e* _u_ [l](http://e.example) <!-- & &amp; \\",
    "mermaid": "\"]; x-->y; %% `md` #35; click x call y()",
    "line-start": "# 1. - > +",
}


def printable(s, log=True):
    """What cfscale shows for s (core/printable.h); in a log, with the older
    workflow command form made inert (markdown escapes its '[' instead)."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        elif 0x80 <= o <= 0x9F or o in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029) or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            out.append("\\u{%x}" % o)
        else:
            out.append(ch)
    # and the older workflow command form made inert (neutralize_workflow_commands)
    shown = "".join(out)
    return shown.replace("##[", "##\\[") if log else shown


def folder_name(key, seq):
    # A folder name may hold anything but '/' and NUL.
    return "p-" + key + "-" + seq.replace("/", "_")


def project(key, seq):
    d = os.path.join(OUT, "tree", folder_name(key, seq))
    os.makedirs(d)
    config = {
        "name": "w" + seq,
        "main": "src/index.ts",
        "compatibility_date": "2025-05-20",
        "kv_namespaces": [{"binding": "KV" + seq, "id": "0123456789abcdef0123456789abcdef"}],
        "d1_databases": [{"binding": "DB" + seq, "database_name": "db" + seq, "database_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"}],
        "queues": {"producers": [{"binding": "Q" + seq, "queue": "q" + seq}], "consumers": [{"queue": "q" + seq}]},
        "services": [{"binding": "S" + seq, "service": "svc" + seq}],
        "env": {"e" + seq: {"name": "w" + seq + "-env"}},
        # An unknown key: its name reaches stderr in a warning.
        "k" + seq: 1,
    }
    with open(os.path.join(d, "wrangler.json"), "w") as f:
        json.dump(config, f, ensure_ascii=True, indent=2)
    metrics = {
        "format": 1,
        "window_days": 7,
        "plan": "paid",
        "growth_pct_per_month": 10,
        "worker": {"requests_per_day": 2000000, "cpu_ms_p99": 20, "memory_mb_p99": 120},
        "kv": {"KV" + seq: {"reads_per_day": 100000, "writes_per_day": 3000000, "hottest_key_writes_per_sec": 1.5,
                             "read_latency_p95_ms": 150, "app_cache_hit_ratio": 0.1, "storage_gb": 2}},
        "d1": {"DB" + seq: {"read_queries_per_day": 1000000, "write_queries_per_day": 100000, "rows_read_per_day": 900000000,
                             "rows_written_per_day": 100000, "read_latency_p95_ms": 90, "storage_gb": 9.2,
                             "storage_growth_gb_per_month": 0.3}},
        "queues": {"q" + seq: {"messages_per_day": 1000000, "backlog_messages": 500000, "oldest_message_age_s": 4000}},
    }
    with open(os.path.join(d, "cfscale.metrics.json"), "w") as f:
        json.dump(metrics, f, ensure_ascii=True, indent=2)
    return d


def run(args, expect=(0, 1)):
    p = subprocess.run([BIN, *args], cwd=OUT, env=ENV, capture_output=True)
    if p.returncode not in expect:
        sys.exit(f"cfscale {args!r}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}")
    return p


failures = []


def fail(where, why):
    failures.append(f"{where}: {why}")


NET_WHITE = "".join(chr(c) for c in [*range(9, 14), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def runner_lines(text):
    # The runner reads a line at \n, \r\n or \r (.NET ReadLine).
    return re.split(r"\r\n|\r|\n", text)


def check_log_text(where, text, allow_escapes=False):
    """Text a terminal or a CI log shows: nothing raw, no workflow command."""
    body = text if not allow_escapes else re.sub("\x1b\\[[0-9;]*m", "", text)
    m = RAW_FORBIDDEN.search(body.replace("\n", "").replace("\t", ""))
    if m:
        fail(where, f"raw {m.group(0)!r} at {m.start()}")
    if "\r" in text:
        fail(where, "a raw carriage return")
    for line in runner_lines(text):
        if line.lstrip(NET_WHITE).startswith("::"):
            fail(where, f"a workflow command line: {line!r}")
    if "##[" in text:
        fail(where, "a legacy workflow command (##[)")


def check_markdown(where, md, names, headings_expected, details_expected):
    check_log_text(where, md)
    # Tables: every row has as many unescaped pipes as its header.
    lines = md.split("\n")
    in_code = False
    cols = None
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("|"):
            n = len(re.findall(r"(?<!\\)\|", line))
            if cols is None:
                cols = n
            elif n != cols:
                fail(where, f"line {i + 1}: {n} cells' pipes, the header has {cols}: {line!r}")
        else:
            cols = None
    p = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter"],
                       input=md.encode(), capture_output=True, check=True)
    page = p.stdout.decode()
    for tag in ("<img", "<script", "<del>", "<em>", 'href="http://e.example"', "<!--", "<details open"):
        if tag in page:
            fail(where, f"the rendered page has {tag}")
    if page.count("<details>") != details_expected or page.count("</details>") != details_expected:
        fail(where, f"{page.count('<details>')} <details> and {page.count('</details>')} </details>, expected {details_expected}")
    h2 = [html.unescape(re.sub("<[^>]+>", "", h)) for h in re.findall(r"<h2>(.*?)</h2>", page, re.S)]
    h2 = [h for h in h2 if h != "Across Workers"]
    if sorted(h2) != sorted(headings_expected):
        fail(where, f"headings {h2!r}, expected {headings_expected!r}")
    for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, re.S):
        text = html.unescape(re.sub("<[^>]+>", "", h))
        if "injected" in text and text not in headings_expected:
            fail(where, f"an injected heading {text!r}")
    # Code blocks: only cfscale's mermaid diagrams, and their labels hold no markup.
    blocks = re.findall(r'<pre><code class="language-([^"]*)">(.*?)</code></pre>', page, re.S)
    if len(re.findall(r"<pre>", page)) != len(blocks):
        fail(where, "a code block that is not a fenced block of cfscale's")
    for lang, code in blocks:
        if lang != "mermaid":
            # The rules' examples: cfscale's own code, no name in them.
            if lang not in ("typescript", "javascript", "jsonc", "json", "toml", "sql", "yaml") or "injected" in code or "forged" in code:
                fail(where, f"a code block in {lang!r} from a name: {code[:80]!r}")
            continue
        for line in html.unescape(code).split("\n"):
            rest = re.sub(r'"[^"\n]*"', '""', line)
            if '"' in rest.replace('""', ""):
                fail(where, f"mermaid: an unbalanced quote in {line!r}")
            for label in re.findall(r'"([^"\n]*)"', line):
                bare = re.sub(r"#\d+;", "", label.replace("<br/>", ""))
                if any(c in bare for c in '<>`|#;%'):
                    fail(where, f"mermaid: markup in a label {label!r}")
            if "-->" in line:
                edge = re.sub(r'"[^"\n]*"', '""', line)
                if edge.count("|") not in (0, 2):
                    fail(where, f"mermaid: an edge label split by '|': {line!r}")
            if re.match(r"\s*(click|%%|style|linkStyle)\b", line) or "x-->y" in line:
                fail(where, f"mermaid: a statement from a name: {line!r}")
    # The names are shown as text (escaped as printable shows them).
    text = html.unescape(re.sub("<[^>]+>", "", page))
    for n in names:
        if printable(n, log=False) not in text:
            fail(where, f"the name {printable(n, log=False)!r} is not shown")


def parse_annotation(line):
    """A line as the runner's ActionCommand.TryParseV2 reads it."""
    m = re.match(r"::(\S+?)( (.*?))?::(.*)$", line)
    if not m:
        return None
    def unescape_prop(s):
        return s.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    props = {}
    if m.group(3):
        for pair in m.group(3).split(","):
            k, _, v = pair.partition("=")
            props[k] = unescape_prop(v)
    data = m.group(4).replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    return m.group(1), props, data


def check_github(where, text, names):
    lines = text.split("\n")
    if lines[-1] != "":
        fail(where, "does not end with a newline")
    for line in lines[:-1]:
        a = parse_annotation(line)
        if not a or a[0] not in ("error", "warning", "notice"):
            fail(where, f"not an annotation: {line!r}")
            continue
        cmd, props, data = a
        for k in props:
            if k not in ("file", "line", "col", "title"):
                fail(where, f"a forged property {k!r} in {line!r}")
        if RAW_FORBIDDEN.search(data.replace("\n", "")) or RAW_FORBIDDEN.search(props.get("title", "")):
            fail(where, f"raw control characters in {line!r}")
        if data.count("\n") > 1:
            fail(where, f"a newline from a name in the data: {data!r}")
        if "file" in props and not os.path.exists(os.path.join(OUT, props["file"])):
            fail(where, f"file={props['file']!r} does not name the config")


for key, seq in HOSTILE.items():
    d = project(key, seq)
    rel = os.path.relpath(d, OUT)
    names_shown = ["w" + seq, "KV" + seq, "DB" + seq]
    heading = printable("w" + seq, log=False)
    for fmt in ("text", "json", "markdown", "sarif", "github"):
        p = run(["advise", rel, "--format", fmt, "--root", OUT])
        out = p.stdout.decode("utf-8", errors="surrogateescape")
        where = f"{key}: advise --format {fmt}"
        check_log_text(where + " (stderr)", p.stderr.decode("utf-8", errors="surrogateescape"))
        if printable("k" + seq) not in p.stderr.decode("utf-8", errors="surrogateescape"):
            fail(where + " (stderr)", "the unknown key's name is not shown")
        if fmt == "text":
            check_log_text(where, out)
            for n in names_shown:
                if printable(n) not in out:
                    fail(where, f"{printable(n)!r} is not shown")
        elif fmt == "json":
            check_log_text(where, out)
            j = json.loads(out)
            w = j["workers"][0]
            if w["name"] != "w" + seq:
                fail(where, f"the name is {w['name']!r}, not the input's")
            if not any(f.get("target", {}).get("binding") == "KV" + seq for f in w["findings"]):
                fail(where, "no finding names the KV binding as the input has it")
        elif fmt == "sarif":
            check_log_text(where, out)
            s = json.loads(out)
            results = s["runs"][0]["results"]
            if not any(("KV" + seq) in r["message"]["text"] for r in results):
                fail(where, "no result's message has the binding's name as it is")
            for r in results:
                for loc in r.get("locations", []):
                    uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                    if re.search(r"[^A-Za-z0-9\-._~%/!$&'()*+,;=:@]", uri):
                        fail(where, f"a URI that is not percent-encoded: {uri!r}")
        elif fmt == "markdown":
            md = out
            findings = len(json.loads(run(["advise", rel, "--format", "json"]).stdout)["workers"][0]["findings"])
            check_markdown(where, md, names_shown, [heading], findings)
        elif fmt == "github":
            check_github(where, out, names_shown)
    for cmd in ("checklist", "cost"):
        p = run([cmd, rel, "--env", "e" + seq] + (["--explain"] if cmd == "cost" else []))
        check_log_text(f"{key}: {cmd} --env", p.stdout.decode("utf-8", errors="surrogateescape"))
        if printable("e" + seq) not in p.stdout.decode("utf-8", errors="surrogateescape"):
            fail(f"{key}: {cmd} --env", "the environment's name is not shown")
    # diff: a clean base and the hostile head, in every diff format.
    base = os.path.join(OUT, "base.json")
    with open(base, "w") as f:
        f.write(json.dumps({"format": 1, "kind": "report", "workers": [], "summary": {}}))
    head = os.path.join(OUT, f"head-{key}.json")
    with open(head, "wb") as f:
        f.write(run(["advise", rel, "--format", "json"]).stdout)
    for fmt in ("text", "json", "markdown"):
        p = run(["diff", "base.json", f"head-{key}.json", "--format", fmt], expect=(0, 1, 2))
        where = f"{key}: diff --format {fmt}"
        if p.returncode == 2:
            fail(where, p.stderr.decode(errors="replace"))
            continue
        out = p.stdout.decode("utf-8", errors="surrogateescape")
        check_log_text(where, out)
        if fmt == "markdown":
            page = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter"],
                                  input=out.encode(), capture_output=True, check=True).stdout.decode()
            for tag in ("<img", "<script", "<del>", 'href="http://e.example"', "<details open"):
                if tag in page:
                    fail(where, f"the rendered comment has {tag}")

# init: the skeleton reads back (PyYAML and cfscale itself) to the same names,
# its comments hold no YAML, and it is not written beside the project's
# cfscale.metrics.json, which a new .yaml would silently replace.
import yaml  # noqa: E402

for key, seq in HOSTILE.items():
    d = os.path.join(OUT, "tree", folder_name(key, seq))
    rel = os.path.relpath(d, OUT)
    where = f"{key}: init"
    p = run(["init", rel], expect=(2,))
    if b"cfscale.metrics.json" not in p.stderr or os.path.exists(os.path.join(d, "cfscale.metrics.yaml")):
        fail(where, "wrote a .yaml beside the project's cfscale.metrics.json")
    p = run(["init", rel, "--output", "-"], expect=(0,))
    text = p.stdout.decode("utf-8", errors="surrogateescape")
    check_log_text(where, text)
    doc = yaml.safe_load(text)
    if list(doc["kv"]) != ["KV" + seq] or list(doc["d1"]) != ["DB" + seq] or list(doc["queues"]) != ["q" + seq]:
        fail(where, f"PyYAML reads other names: {list(doc['kv'])!r} {list(doc['d1'])!r} {list(doc['queues'])!r}")
    if set(doc) != {"format", "window_days", "plan", "growth_pct_per_month", "obtained", "worker", "kv", "d1", "queues"}:
        fail(where, f"a comment wrote YAML: top-level keys {sorted(doc)!r}")
    skeleton = os.path.join(OUT, f"skeleton-{key}.yaml")
    with open(skeleton, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(text)
    p = run(["validate", rel, "--metrics", skeleton], expect=(0,))
    errs = p.stderr.decode("utf-8", errors="surrogateescape")
    if "binding" in errs or "queue" in errs:
        fail(where, f"cfscale does not read the names back: {errs!r}")

# An environment's name never names a path: with an environment called
# "../../../outside/x" and a folder "cfscale.metrics..." planted beside the config,
# cfscale.metrics.<env>.yaml would resolve outside the project.
trav = os.path.join(OUT, "traversal", "app")
os.makedirs(os.path.join(trav, "cfscale.metrics..."))  # "cfscale.metrics." + "../.." ...
os.makedirs(os.path.join(OUT, "traversal", "outside"))  # app/cfscale.metrics.../../../outside
with open(os.path.join(OUT, "traversal", "outside", "x.yaml"), "w") as f:
    f.write("format: 1\nworker:\n  requests_per_day: 99999999\n")
with open(os.path.join(trav, "wrangler.json"), "w") as f:
    json.dump({"name": "app", "main": "src/index.ts", "env": {"../../../outside/x": {}}}, f)
for args in (["--env", "../../../outside/x"], ["--all-envs"]):
    p = run(["advise", "traversal/app", "--format", "json", *args])
    for w in json.loads(p.stdout)["workers"]:
        if w.get("metrics") or (w.get("stage") or "").startswith("1m"):
            fail(f"traversal {args}", f"read metrics from outside the project: {w.get('metrics')!r}")

# The whole tree at once: across-Worker findings and the service graph.
for fmt in ("text", "markdown", "github", "json"):
    p = run(["advise", "tree", "--recursive", "--format", fmt, "--root", OUT])
    out = p.stdout.decode("utf-8", errors="surrogateescape")
    where = f"tree: advise --recursive --format {fmt}"
    if fmt == "github":
        check_github(where, out, [])
    else:
        check_log_text(where, out)
    if fmt == "markdown":
        j = json.loads(run(["advise", "tree", "--recursive", "--format", "json"]).stdout)
        details = sum(len(w["findings"]) for w in j["workers"]) + len(j["cross_worker"]["findings"])
        check_markdown(where, out, [], [printable("w" + s, log=False) for s in HOSTILE.values()], details)

if failures:
    print("\n".join(failures[:80]))
    sys.exit(f"{len(failures)} failures")
print(f"{len(HOSTILE)} hostile names through every format: none acted")
