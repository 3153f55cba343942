#!/usr/bin/env python3
"""Shell completions and the man page, generated from the command line itself:
each parses in its shell, bash completes commands, options and option values
as a user types them, and the man page names every command and option that
--help shows, without a groff warning.

  completion_test.py BIN WORKDIR OUTDIR
"""
import os
import re
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def out(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"cfscale {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p.stdout


scripts = {}
for shell in ("bash", "zsh", "fish"):
    path = os.path.join(OUT, f"cfscale.{shell}")
    with open(path, "w") as f:
        f.write(out("completion", shell))
    scripts[shell] = path
    p = subprocess.run([shell, "-n", path], capture_output=True, text=True)
    if p.returncode != 0 or p.stderr:
        sys.exit(f"{shell} -n {path}: {p.stderr}")
subprocess.run([BIN, "completion", "tcsh"], capture_output=True).returncode == 2 or sys.exit("an unknown shell is not a usage error")


def complete(*words):
    """What bash offers with the cursor at the end of `cfscale WORDS`."""
    line = " ".join(["cfscale", *words])
    quoted = " ".join("'" + w + "'" for w in ["cfscale", *words])
    script = f"source {scripts['bash']}; COMP_WORDS=({quoted}); COMP_CWORD={len(words)}; COMP_LINE='{line}'; _cfscale; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    p = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=WORKDIR)
    if p.returncode != 0:
        sys.exit(f"completing {line!r}: {p.stderr}")
    return set(p.stdout.split())


checks = [
    (("",), {"advise", "checklist", "cost", "diff", "validate", "init", "rules", "completion"}),
    (("adv",), {"advise"}),
    (("advise", "--fo"), {"--format"}),
    (("advise", "--format", ""), {"text", "json", "markdown", "sarif", "github"}),
    (("advise", "--fail-on", "h"), {"high"}),
    (("advise", "--color", ""), {"auto", "always", "never"}),
    (("rules", ""), {"list", "explain", "docs"}),
    (("rules", "explain", "--r"), {"--rules"}),
    (("diff", "--fail-on-"), {"--fail-on-increase"}),
    (("advise", "exa"), {"examples"}),
]
for words, expected in checks:
    got = complete(*words)
    if not expected <= got:
        sys.exit(f"completing 'cfscale {' '.join(words)}': {sorted(got)}, expected at least {sorted(expected)}")

# The man page: every command and long option in --help, and groff without warnings.
man = out("completion", "man")
p = subprocess.run(["groff", "-z", "-ww", "-man"], input=man, capture_output=True, text=True)
if p.returncode != 0 or p.stderr:
    sys.exit(f"groff: {p.stderr}")
plain = man.replace("\\-", "-")
for cmd in ("advise", "checklist", "cost", "diff", "validate", "init", "rules list", "rules explain", "rules docs", "completion"):
    helptext = out(*cmd.split(), "--help")
    if f".SS cfscale {cmd}" not in plain:
        sys.exit(f"the man page has no section for cfscale {cmd}")
    options = set(re.findall(r"^\s+(?:-\w,\s*)?(--[a-z][a-z-]+)", helptext, re.M)) - {"--help"}
    if cmd == "advise" and "--format" not in options:
        sys.exit("the test no longer reads the options from --help")
    for option in options:
        if f"\\fB{option}\\fR" not in plain:
            sys.exit(f"the man page does not name {option} of cfscale {cmd}")
print("completions for bash, zsh and fish, and a man page that matches --help")
