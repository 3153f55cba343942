#!/usr/bin/env python3
"""What `cmake --install` and the .deb put on a machine: the binary, its rule
catalogue (found beside the binary, so the tree works wherever it is
unpacked), the completions, the man page and the licence.

  package_test.py BIN WORKDIR OUTDIR
"""
import os
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
BUILD = os.path.dirname(BIN)
shutil.rmtree(OUT, ignore_errors=True)
prefix = os.path.join(OUT, "prefix")
subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], check=True, capture_output=True)
expected = ["bin/cfscale", "share/cfscale/rules/limits.yaml", "share/cfscale/rules/pricing.yaml",
            "share/bash-completion/completions/cfscale", "share/zsh/vendor-completions/_cfscale",
            "share/fish/vendor_completions.d/cfscale.fish", "share/man/man1/cfscale.1", "share/doc/cfscale/LICENSE"]
for f in expected:
    if not os.path.isfile(os.path.join(prefix, f)):
        sys.exit(f"cmake --install did not install {f}")
# Moved elsewhere, the installed binary still finds its own rules (not the source tree's).
moved = os.path.join(OUT, "moved")
shutil.move(prefix, moved)
env = {k: v for k, v in os.environ.items() if k != "CFSCALE_RULES_DIR"}
p = subprocess.run([os.path.join(moved, "bin", "cfscale"), "advise", os.path.join(WORKDIR, "examples", "d1-api"), "--format", "json"],
                   capture_output=True, text=True, env=env)
if p.returncode != 0 or '"format": 1' not in p.stdout:
    sys.exit(f"the installed binary, moved, does not advise: {p.stderr}")
open(os.path.join(moved, "share", "cfscale", "rules", "CFS103-d1-storage.yaml"), "a").write("\nbroken: [\n")
p = subprocess.run([os.path.join(moved, "bin", "cfscale"), "rules", "list"], capture_output=True, text=True, env=env)
if p.returncode != 2:
    sys.exit("the moved binary did not read the rules beside it (a broken rule there went unnoticed)")

# The .deb: cpack in the build folder.
debs = os.path.join(OUT, "deb")
p = subprocess.run(["cpack", "-G", "DEB", "-B", debs], cwd=BUILD, capture_output=True, text=True)
if p.returncode != 0:
    sys.exit(f"cpack: {p.stdout}{p.stderr}")
deb = [f for f in os.listdir(debs) if f.endswith(".deb")]
if len(deb) != 1:
    sys.exit(f"cpack made {deb}")
listing = subprocess.run(["dpkg-deb", "-c", os.path.join(debs, deb[0])], capture_output=True, text=True, check=True).stdout
for f in expected:
    if "/" + f not in listing:
        sys.exit(f"the .deb has no {f}")
info = subprocess.run(["dpkg-deb", "-f", os.path.join(debs, deb[0]), "Package", "Version", "Depends"], capture_output=True, text=True, check=True).stdout
if "Package: cfscale" not in info or "libc6" not in info:
    sys.exit(f"the .deb's control fields: {info}")
print(f"install tree and {deb[0]}: {len(expected)} files each, relocatable")
