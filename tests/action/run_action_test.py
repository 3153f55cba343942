#!/usr/bin/env python3
"""The GitHub Action under a simulated runner.

Runs action.yml's steps as the runner does: `if:` expressions evaluated
against inputs, the github context and earlier steps' outputs; `env:`
expanded; each `run:` in bash with GITHUB_OUTPUT, GITHUB_PATH, GITHUB_ENV and
GITHUB_STEP_SUMMARY files; `uses:` steps stubbed (actions/cache, the SARIF
upload, which checks the file it is given against the SARIF schema). A local
server on 127.0.0.1 stands in for github.com (the release download) and its
REST API (the pull-request comments). Each scenario checks what a user would
see: annotations on stdout, SARIF that is SARIF, the summary in markdown, the
comment that `cfscale diff` wrote, and the gate for each exit code.

  run_action_test.py BIN WORKDIR OUTDIR SARIF_SCHEMA
"""
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading

import jsonschema
import yaml

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
SCHEMA = json.load(open(sys.argv[4]))
ACTION = yaml.safe_load(open(os.path.join(WORKDIR, "action.yml")))
VERSION = "v" + subprocess.run([BIN, "--version"], capture_output=True, text=True).stdout.split()[1]
ARCH = {"x86_64": "x86_64", "aarch64": "arm64"}[os.uname().machine]
ASSET = f"cfscale-{VERSION}-linux-{ARCH}.tar.gz"
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def fail(why):
    sys.exit(f"action: {why}")


# --- what the action is made of ------------------------------------------------
for step in ACTION["runs"]["steps"]:
    if "run" in step:
        if "${{" in step["run"]:
            fail(f"step {step.get('name')!r} inlines an expression into run: (inputs go through env:)")
        if step.get("shell") != "bash":
            fail(f"step {step.get('name')!r} has no shell: bash")
    if "uses" in step and "upload-sarif" in step["uses"] and not step["uses"].endswith("@v4"):
        fail("the SARIF upload is not github/codeql-action/upload-sarif@v4")

# --- a release tarball of the binary under test, and one that crashes --------
stage = os.path.join(OUT, "stage")
subprocess.run(["cmake", "--install", os.path.dirname(BIN), "--prefix", stage], check=True, capture_output=True)


def tarball(path, root, fake=None):
    with tarfile.open(path, "w:gz") as t:
        if fake is None:
            t.add(root, arcname=f"cfscale-{VERSION}-linux-{ARCH}")
        else:
            script = os.path.join(OUT, "fake-cfscale")
            open(script, "w").write(fake)
            os.chmod(script, 0o755)
            t.add(script, arcname=f"cfscale-{VERSION}-linux-{ARCH}/bin/cfscale")
    return open(path, "rb").read()


good = tarball(os.path.join(OUT, "good.tar.gz"), stage)
crashing = tarball(os.path.join(OUT, "crash.tar.gz"), None,
                   '#!/bin/sh\n[ "$1" = --version ] && { echo "cfscale 0"; exit 0; }\nkill -SEGV $$\n')


# --- github.com and its API, on 127.0.0.1 ------------------------------------
class Server(http.server.ThreadingHTTPServer):
    def reset(self, asset=good, sums=None, comments=None, write_status=None):
        self.asset = asset
        self.sums = sums if sums is not None else f"{hashlib.sha256(asset).hexdigest()}  {ASSET}\n"
        self.comments = comments or []
        self.write_status = write_status
        self.requests = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        s = self.server
        s.requests.append(("GET", self.path, None, self.headers.get("Authorization")))
        release = f"/cfscale/cfscale/releases/download/{VERSION}/"
        if self.path == release + "SHA256SUMS":
            return self.reply(200, s.sums.encode(), "text/plain") if s.sums != "404" else self.reply(404, b"Not Found")
        if self.path == release + ASSET:
            return self.reply(200, s.asset, "application/gzip")
        m = re.fullmatch(r"/api/repos/o/r/issues/7/comments\?per_page=100&page=(\d+)", self.path)
        if m:
            page = int(m.group(1))
            return self.reply(200, s.comments[(page - 1) * 100:page * 100])
        self.reply(404, {"message": "Not Found"})

    def write(self, method):
        s = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        s.requests.append((method, self.path, body, self.headers.get("Authorization")))
        if s.write_status:
            return self.reply(s.write_status, {"message": "Resource not accessible by integration"})
        if method == "POST" and self.path == "/api/repos/o/r/issues/7/comments":
            c = {"id": 1000 + len(s.comments), "body": body["body"], "html_url": "https://example.test/c/new"}
            s.comments.append(c)
            return self.reply(201, c)
        m = re.fullmatch(r"/api/repos/o/r/issues/comments/(\d+)", self.path)
        if method == "PATCH" and m:
            for c in s.comments:
                if c["id"] == int(m.group(1)):
                    c["body"] = body["body"]
                    return self.reply(200, dict(c, html_url="https://example.test/c/%d" % c["id"]))
        self.reply(404, {"message": "Not Found"})

    def do_POST(self):
        self.write("POST")

    def do_PATCH(self):
        self.write("PATCH")


server = Server(("127.0.0.1", 0), Handler)
server.reset()
threading.Thread(target=server.serve_forever, daemon=True).start()
URL = f"http://127.0.0.1:{server.server_address[1]}"

# --- a repository with a pull request: the base and the head -----------------
repo = os.path.join(OUT, "repo")
project = os.path.join(repo, "services", "api")
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), project)


def git(*args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout.strip()


metrics = os.path.join(project, "cfscale.metrics.yaml")
full = open(metrics).read()
open(metrics, "w").write(full.replace("storage_gb: 9.1", "storage_gb: 3"))
git("init", "-q", "-b", "main")
git("-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
BASE = git("rev-parse", "HEAD")
open(metrics, "w").write(full)  # the pull request fills the database: CFS103 (high) is new
git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "head")


# --- the runner -----------------------------------------------------------------
def expression(expr, ctx):
    """A GitHub expression: literals, context paths, ==, !=, &&, ||, !, ()."""
    tokens = re.findall(r"'(?:[^']|'')*'|[A-Za-z_][\w.-]*(?:\(\))?|==|!=|&&|\|\||!|\(|\)", expr)
    if "".join(tokens).replace(" ", "") != expr.replace(" ", ""):
        fail(f"the harness cannot read the expression {expr!r}")
    out = []
    for t in tokens:
        if t.startswith("'"):
            out.append(repr(t[1:-1].replace("''", "'")))
        elif t in ("always()", "success()", "failure()"):
            out.append({"always()": "True", "success()": "not job_failed", "failure()": "job_failed"}[t])
        elif t in ("==", "!="):
            out.append(t)
        elif t in ("&&", "||", "!"):
            out.append({"&&": " and ", "||": " or ", "!": " not "}[t])
        elif t in ("(", ")"):
            out.append(t)
        elif t in ("true", "false"):
            out.append(repr(t))
        else:
            value = ctx
            for part in t.split("."):
                value = value.get(part, "") if isinstance(value, dict) else ""
            out.append(repr(value if isinstance(value, str) else json.dumps(value) if value else ""))
    return eval("".join(out), {}, {"job_failed": ctx["job_failed"]})


def interpolate(text, ctx):
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(expression(m.group(1), ctx)), text)


def read_outputs(path):
    out, lines, i = {}, open(path).read().splitlines(), 0
    while i < len(lines):
        m = re.fullmatch(r"([\w-]+)<<(.+)", lines[i])
        if m:
            end = lines.index(m.group(2), i + 1)
            out[m.group(1)] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        if "=" in lines[i]:
            k, v = lines[i].split("=", 1)
            out[k] = v
        i += 1
    return out


def run_action(name, with_=None, event="pull_request", cache_hit=False, upload_fails=False, os_release=None, extra_env=None):
    """Runs the action's steps; returns what each step printed, its outputs, the summary and the job's result."""
    d = os.path.join(OUT, name)
    temp = os.path.join(d, "temp")
    os.makedirs(temp, exist_ok=True)  # a scenario may put a restored cache there first
    inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    github = {"action_path": WORKDIR, "action_ref": VERSION, "action_repository": "cfscale/cfscale", "event_name": event,
              "token": "gh-token-123", "event": {}}
    if event == "pull_request":
        github["event"] = {"pull_request": {"number": 7, "base": {"sha": BASE}}}
    ctx = {"github": github, "steps": {}, "runner": {"temp": temp}, "job_failed": False}
    ctx["inputs"] = {k: interpolate(v, ctx) for k, v in inputs.items()}
    ctx["inputs"].update(with_ or {})
    summary = os.path.join(d, "summary.md")
    open(summary, "w").close()
    path_add = []
    env_add = {}
    log = {}
    for i, step in enumerate(ACTION["runs"]["steps"]):
        sid = step.get("id", f"step{i}")
        cond = step.get("if", "success()")
        cond = cond[3:-2].strip() if cond.startswith("${{") else cond
        if not re.search(r"always\(\)|failure\(\)|success\(\)", cond):
            cond = f"success() && ({cond})"
        if not expression(cond, ctx):
            ctx["steps"][sid] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            continue
        env = {k: interpolate(str(v), ctx) for k, v in step.get("env", {}).items()}
        if "uses" in step:
            w = {k: interpolate(str(v), ctx) for k, v in step.get("with", {}).items()}
            outputs, ok = {}, True
            if step["uses"].startswith("actions/cache@"):
                outputs["cache-hit"] = "true" if cache_hit and os.path.exists(w["path"]) else "false"
            elif "upload-sarif" in step["uses"]:
                doc = json.load(open(os.path.join(repo, w["sarif_file"])))
                jsonschema.validate(doc, SCHEMA)
                ok = not upload_fails
                log["uploaded"] = (w["sarif_file"], w.get("category"))
            outcome = "success" if ok else "failure"
            if not ok and not step.get("continue-on-error"):
                ctx["job_failed"] = True
            ctx["steps"][sid] = {"outputs": outputs, "outcome": outcome, "conclusion": "success" if ok or step.get("continue-on-error") else "failure"}
            continue
        out_file = os.path.join(d, f"{sid}.output")
        path_file = os.path.join(d, f"{sid}.path")
        env_file = os.path.join(d, f"{sid}.env")
        for f in (out_file, path_file, env_file):
            open(f, "w").close()
        script = os.path.join(d, f"{sid}.sh")
        open(script, "w").write(step["run"])
        full_env = {"PATH": os.pathsep.join(path_add + ["/usr/bin", "/bin"]), "HOME": d, "LANG": "C.UTF-8",
                    "RUNNER_TEMP": temp, "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64" if ARCH == "x86_64" else "ARM64",
                    "GITHUB_ACTION_PATH": WORKDIR, "GITHUB_WORKSPACE": repo, "GITHUB_REPOSITORY": "o/r",
                    "GITHUB_SERVER_URL": URL, "GITHUB_API_URL": URL + "/api", "GITHUB_EVENT_NAME": event,
                    "GITHUB_OUTPUT": out_file, "GITHUB_PATH": path_file, "GITHUB_ENV": env_file,
                    "GITHUB_STEP_SUMMARY": summary, "CI": "true", "GITHUB_ACTIONS": "true"}
        if os_release:
            full_env["CFSCALE_OS_RELEASE"] = os_release
        full_env.update(extra_env or {})
        full_env.update(env_add)
        full_env.update(env)
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=repo, env=full_env,
                           capture_output=True, text=True, timeout=300)
        log[sid] = p
        ok = p.returncode == 0
        ctx["steps"][sid] = {"outputs": read_outputs(out_file), "outcome": "success" if ok else "failure",
                             "conclusion": "success" if ok or step.get("continue-on-error") else "failure"}
        path_add = [l for l in open(path_file).read().splitlines() if l][::-1] + path_add
        env_add.update(read_outputs(env_file))
        if not ok and not step.get("continue-on-error"):
            ctx["job_failed"] = True
    return {"steps": ctx["steps"], "log": log, "summary": open(summary).read(), "failed": ctx["job_failed"]}


def diff_markdown(result):
    """What `cfscale diff` writes for the two reports the action made."""
    work = os.path.join(result["steps"]["advise"]["outputs"]["report"].rsplit("/", 1)[0])
    p = subprocess.run([BIN, "diff", os.path.join(work, "base.json"), os.path.join(work, "head.json"), "--format", "markdown"],
                       capture_output=True, text=True)
    return p.stdout


def expect(cond, why):
    if not cond:
        fail(why)


# 1. A pull request, the release installed, a comment from an earlier run updated, fail-on high.
server.reset(comments=[{"id": 5, "body": "LGTM"}, {"id": 6, "body": "<!-- cfscale:pr-comment -->\nold"}])
r = run_action("pr-update", {"path": "services/api", "fail-on": "high"})
s = r["steps"]
expect(s["release"]["outputs"].get("installed") == "true", f"the release was not installed: {r['log'].get('release')}")
expect(s["cache"]["outcome"] == "skipped", "a source build was planned although the release was installed")
advise = r["log"]["advise"]
expect(re.search(r"^::error file=services/api/wrangler\.jsonc,line=\d+,col=\d+,title=CFS103", advise.stdout, re.M),
       f"no annotation for CFS103 on stdout: {advise.stdout[:500]}")
expect(s["advise"]["outputs"]["exit-code"] == "1", "advise's exit code is not 1 with a high finding and fail-on high")
expect(r["log"]["uploaded"][1] == "cfscale", "the SARIF was uploaded without its category")
sarif = json.load(open(os.path.join(repo, "cfscale.sarif")))
uris = {l["physicalLocation"]["artifactLocation"]["uri"] for res in sarif["runs"][0]["results"] for l in res["locations"]}
expect(uris == {"services/api/wrangler.jsonc"}, f"SARIF URIs are not relative to the repository root: {uris}")
expect(r["summary"].startswith("# cfscale report"), "the job summary does not start with the markdown report")
expect("## cfscale: what this change does" in r["summary"], "the job summary has no comparison with the base")
patches = [q for q in server.requests if q[0] == "PATCH"]
expect(len(patches) == 1 and patches[0][1] == "/api/repos/o/r/issues/comments/6", f"the marked comment was not updated: {server.requests}")
expect(not [q for q in server.requests if q[0] == "POST"], "a second comment was posted instead of updating the first")
expect(patches[0][2]["body"] == diff_markdown(r), "the comment is not what cfscale diff wrote")
expect(patches[0][3] == "Bearer gh-token-123", "the comment was not sent with the job's token")
expect(s["comment"]["outputs"].get("comment-url") == "https://example.test/c/6", "no comment-url output")
expect("CFS103" in patches[0][2]["body"] and "New findings (1)" in patches[0][2]["body"], "the comment does not show the new finding")
expect(r["failed"] and r["log"]["gate"].returncode == 1, "fail-on high with a high finding did not fail the gate")
for sid, p in r["log"].items():
    if sid != "uploaded" and "gh-token-123" in (p.stdout + p.stderr):
        fail(f"step {sid} printed the token")

# 2. A fork's pull request: the comment cannot be written; the job goes on. gate new: the new high finding fails it.
server.reset(write_status=403)
r = run_action("pr-fork", {"path": "services/api", "fail-on": "high", "gate": "new"})
expect(r["steps"]["comment"]["outcome"] == "success", "a comment the token may not write failed the step")
expect("could not post its pull-request comment" in r["summary"], "the summary does not say the comment was not posted")
expect(r["steps"]["compare"]["outputs"]["exit-code"] == "1" and r["failed"], "gate new did not fail on the new high finding")

# 3. No findings gate, comment new, a cost gate: the head doubles nothing, so only fail-on-increase decides.
server.reset(comments=[{"id": 6, "body": "<!-- cfscale:pr-comment -->\nold"}])
r = run_action("pr-new", {"path": "services/api", "fail-on": "", "comment": "new", "fail-on-increase": "1000%"})
expect([q[0] for q in server.requests if q[0] in ("POST", "PATCH")] == ["POST"], "comment: new did not post a new comment")
expect(not r["failed"], f"with no gate tripped the job failed: {[(k, v.stderr[-300:]) for k, v in r['log'].items() if k != 'uploaded' and v.returncode]}")
r = run_action("pr-cost", {"path": "services/api", "fail-on": "", "comment": "off", "fail-on-increase": "0"})
bill = json.loads(subprocess.run([BIN, "diff", *(os.path.join(r["steps"]["advise"]["outputs"]["report"].rsplit("/", 1)[0], f) for f in ("base.json", "head.json")), "--format", "json"], capture_output=True, text=True).stdout)["bill"]
expect(r["failed"] == (bill["change"] > 0), f"fail-on-increase 0 with a bill change of {bill['change']}: failed={r['failed']}")
expect(r["steps"]["comment"]["outcome"] == "skipped", "comment: off still commented")

# 4. A push (no pull request): no comparison, no comment.
server.reset()
r = run_action("push", {"path": "services/api", "fail-on": ""}, event="push")
expect(r["steps"]["compare"]["outcome"] == "skipped" and r["steps"]["comment"]["outcome"] == "skipped", "a push compared or commented")
expect(not r["failed"], "a push without a gate failed")

# 5. Bad input: exit 2 fails at once, with the file named.
open(os.path.join(repo, "broken.metrics.yaml"), "w").write("format: 1\nworker: [\n")
r = run_action("bad-input", {"path": "services/api", "metrics": "broken.metrics.yaml"})
expect(r["steps"]["advise"]["outputs"].get("exit-code") == "2" and r["steps"]["advise"]["outcome"] == "failure", "exit 2 did not fail the step")
expect("broken.metrics.yaml:" in r["log"]["advise"].stderr, "the bad metrics file is not named")
expect(r["steps"]["upload"]["outcome"] == "skipped", "a run that failed still uploaded")

# 6. A crash never passes the gate.
server.reset(asset=crashing)
r = run_action("crash", {"path": "services/api", "fail-on": ""})
expect(r["steps"]["advise"]["outcome"] == "failure" and r["failed"], "a crashing cfscale passed")
expect(r["steps"]["advise"]["outputs"].get("exit-code") not in ("0", "1", "2"), "the crash's exit code was not kept")

# 7. A release whose SHA-256 does not match is not installed; a tag without a release builds from source (cached).
server.reset(sums="0" * 64 + f"  {ASSET}\n")
r = run_action("bad-sum", {"path": "services/api"})
expect(r["steps"]["release"]["outcome"] == "failure" and "does not match its SHA-256" in r["log"]["release"].stdout, "a wrong checksum was installed")
expect(r["steps"]["advise"]["outcome"] == "skipped", "cfscale ran after a failed install")
server.reset(sums="404")
prefix = os.path.join(OUT, "cached", "temp", "cfscale")
shutil.copytree(stage, prefix)  # what actions/cache restores
r = run_action("cached", {"path": "services/api", "fail-on": ""}, cache_hit=True)
expect(r["steps"]["release"]["outputs"].get("installed") == "false", "a missing release did not fall back to the source build")
expect(r["steps"]["build"]["outcome"] == "success" and not r["failed"], f"the cached build was not used: {r['log'].get('build')}")

# 8. An upload that cannot happen warns and does not fail the job.
server.reset()
r = run_action("no-code-scanning", {"path": "services/api", "fail-on": ""}, upload_fails=True)
expect(r["steps"]["upload"]["outcome"] == "failure" and not r["failed"], "a failed upload failed the job")
expect("::warning title=cfscale::The SARIF upload failed" in r["log"]["upload-warning"].stdout, "a failed upload gave no warning")

# 9. A runner cfscale does not support is said so.
old = os.path.join(OUT, "jammy-os-release")
open(old, "w").write('ID=ubuntu\nVERSION_ID="22.04"\n')
r = run_action("jammy", {"path": "services/api"}, os_release=old)
expect(r["steps"]["plan"]["outcome"] == "failure" and "Ubuntu 24.04 and later" in r["log"]["plan"].stdout, "Ubuntu 22.04 was not refused")

# 10. A large monorepo new in this pull request: the summary stays within 1 MiB and the comment within 65,536.
subprocess.run([sys.executable, os.path.join(WORKDIR, "bench", "generate.py"), "200", os.path.join(repo, "mono")], check=True, capture_output=True)
server.reset()
r = run_action("monorepo", {"path": "mono", "recursive": "true", "fail-on": "", "upload-sarif": "false"})
expect(not r["failed"], f"the monorepo run failed: {[(k, v.stderr[-500:]) for k, v in r['log'].items() if k != 'uploaded' and v.returncode]}")
size = len(r["summary"].encode())
expect(size <= 1024 * 1024 and "The report is cut here to fit the job summary" in r["summary"], f"the summary is {size} bytes")
posts = [q for q in server.requests if q[0] == "POST"]
expect(len(posts) == 1 and len(posts[0][2]["body"]) <= 65536 and "did not fit in this comment" in posts[0][2]["body"],
       "the monorepo's comment does not fit a PR comment with a note")
annotations = [l for l in r["log"]["advise"].stdout.splitlines() if l.startswith("::")]
expect(len(annotations) <= 50, f"{len(annotations)} annotations for the monorepo")

print("the action: 12 runs under a simulated runner, every gate as documented")
