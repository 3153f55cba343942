#!/usr/bin/env python3
"""What `cmake --install` and the .deb put on a machine: the binary (which
carries its rule catalogue, so it works wherever it is unpacked or copied),
the completions, the man page and the licence.

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
expected = ["bin/cfscale", "share/bash-completion/completions/cfscale", "share/zsh/vendor-completions/_cfscale",
            "share/fish/vendor_completions.d/cfscale.fish", "share/man/man1/cfscale.1", "share/doc/cfscale/LICENSE"]
for f in expected:
    if not os.path.isfile(os.path.join(prefix, f)):
        sys.exit(f"cmake --install did not install {f}")
# Moved elsewhere, and copied alone to a folder of its own, the binary advises
# with its own catalogue; --rules DIR still loads a folder's.
moved = os.path.join(OUT, "moved")
shutil.move(prefix, moved)
env = {k: v for k, v in os.environ.items() if k != "CFSCALE_RULES_DIR"}
p = subprocess.run([os.path.join(moved, "bin", "cfscale"), "advise", os.path.join(WORKDIR, "examples", "d1-api"), "--format", "json"],
                   capture_output=True, text=True, env=env)
if p.returncode != 0 or '"format": 1' not in p.stdout:
    sys.exit(f"the installed binary, moved, does not advise: {p.stderr}")
if os.path.exists(os.path.join(moved, "share", "cfscale")):
    sys.exit("the install tree still holds a rules folder: the catalogue is in the binary")
alone = os.path.join(OUT, "alone")
os.makedirs(alone)
shutil.copy(os.path.join(moved, "bin", "cfscale"), alone)
p = subprocess.run([os.path.join(alone, "cfscale"), "rules", "list", "--format", "json"], capture_output=True, text=True, env=env, cwd=alone)
if p.returncode != 0 or len(__import__("json").loads(p.stdout)) != len([f for f in os.listdir(os.path.join(WORKDIR, "rules")) if f.startswith("CFS")]):
    sys.exit(f"the binary copied alone does not list the whole catalogue: {p.stderr}")
broken = os.path.join(OUT, "broken-rules")
shutil.copytree(os.path.join(WORKDIR, "rules"), broken)
open(os.path.join(broken, "CFS103-d1-storage.yaml"), "a").write("\nbroken: [\n")
p = subprocess.run([os.path.join(alone, "cfscale"), "rules", "list", "--rules", broken], capture_output=True, text=True, env=env)
if p.returncode != 2 or "CFS103-d1-storage.yaml" not in p.stderr:
    sys.exit("--rules DIR did not load that folder (a broken rule there went unnoticed)")

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
