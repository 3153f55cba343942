"""What the metrics command tests share: collected checks, files read and
written whole, and an advise report's findings in a comparable form."""
import json
import sys

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def finish():
    if failures:
        sys.exit("\n".join(failures))
    print("ok")


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def finding_keys(report_text):
    """(rule, severity, target) of every finding of an advise JSON report, sorted:
    what two runs on the same figures must agree on, whatever the evidence says."""
    return sorted((f["rule"], f["severity"], json.dumps(f.get("target"), sort_keys=True))
                  for w in json.loads(report_text)["workers"] for f in w["findings"])
