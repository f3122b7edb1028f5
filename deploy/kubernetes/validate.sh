#!/usr/bin/env bash
# Validates every manifest of deploy/kubernetes/ offline, against the
# Kubernetes API schemas that kubernetes-validate (PyPI) ships, in strict
# mode (an unknown or misspelt field fails), for the oldest and the newest
# Kubernetes these manifests are meant for. No cluster is needed.
#
# Then checks what the schemas cannot know:
#   - every ECHOPPE_* variable set here is a setting echoppe declares
#     (crates/echoppe/src/cli.rs), so none is misspelt or invented;
#   - terminationGracePeriodSeconds covers the preStop pause, the drain
#     delay and the shutdown grace of configmap.yaml, with a margin;
#   - the readiness probe waits longer than a database connection may take;
#   - kustomization.yaml lists every manifest but those left out on purpose;
#   - the Job and the Deployment run the same image.
#
# kubernetes-validate is installed once into a virtualenv under
# ${XDG_CACHE_HOME:-$HOME/.cache}/echoppe-kubernetes-validate/. Without
# python3 and its venv module (Debian: apt-get install python3-venv), or
# without PyPI, the script says why and skips (exit 0); with
# ECHOPPE_REQUIRE_TOOLS=1, as in CI, it fails instead (exit 1).
#
#   deploy/kubernetes/validate.sh
#   KUBERNETES_VERSIONS="1.33.0" deploy/kubernetes/validate.sh
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)

# Pinned: the schemas it ships change with its version.
KV_VERSION=1.37.0
# 1.30: the oldest minor these manifests use nothing newer than; 1.37: the
# newest kubernetes-validate $KV_VERSION knows.
KUBERNETES_VERSIONS=${KUBERNETES_VERSIONS:-"1.30.0 1.37.0"}
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/echoppe-kubernetes-validate/$KV_VERSION"

skip() {
  if [ "${ECHOPPE_REQUIRE_TOOLS:-0}" = 1 ]; then
    echo "validate.sh: FAILED: $1 (ECHOPPE_REQUIRE_TOOLS=1)" >&2
    exit 1
  fi
  echo "validate.sh: skipped: $1"
  exit 0
}

# A virtualenv cannot be moved (its scripts name its path), so it is made
# in place; the stamp is written last, so a half-made one is made again.
if [ ! -f "$VENV/.complete" ]; then
  command -v python3 >/dev/null || skip "python3 is not installed"
  python3 -m venv --help >/dev/null 2>&1 || skip "python3 has no venv module (Debian: apt-get install python3-venv)"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  trap 'rm -rf "$VENV"' EXIT
  # Debian's python3 has the venv module without ensurepip unless
  # python3-venv is installed: creating the venv is the real test.
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    skip "python3 -m venv cannot create a virtualenv (Debian: apt-get install python3-venv)"
  fi
  echo "== installing kubernetes-validate $KV_VERSION into $VENV"
  if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KV_VERSION"; then
    skip "pip could not install kubernetes-validate==$KV_VERSION (is PyPI reachable?)"
  fi
  touch "$VENV/.complete"
  trap - EXIT
fi
KV="$VENV/bin/kubernetes-validate"
PY="$VENV/bin/python"
installed=$("$KV" --version)
[ "$installed" = "$KV_VERSION" ] || { echo "validate.sh: $VENV holds kubernetes-validate $installed, not $KV_VERSION" >&2; exit 1; }

# Every manifest: each YAML file here but the kustomization (not a
# Kubernetes object).
manifests=()
for file in *.yaml; do
  [ "$file" = kustomization.yaml ] || manifests+=("$file")
done

failed=0
for version in $KUBERNETES_VERSIONS; do
  echo "== kubernetes-validate $KV_VERSION --strict, Kubernetes $version: ${manifests[*]}"
  # A kind or apiVersion it has no schema for is only a warning to it (a
  # misspelt apiVersion would pass): here any warning fails too.
  if ! output=$("$KV" --strict --kubernetes-version "$version" "${manifests[@]}" 2>&1); then
    failed=1
  fi
  printf '%s\n' "$output"
  if printf '%s\n' "$output" | grep -q '^WARN'; then
    echo "validate.sh: a warning above counts as a failure (no schema for a kind: a misspelt apiVersion?)" >&2
    failed=1
  fi
done

echo "== what the schemas cannot check"
if ! "$PY" - "$HERE" "$ROOT/crates/echoppe/src/cli.rs" <<'PYTHON'; then
import pathlib, re, sys
import yaml

here = pathlib.Path(sys.argv[1])
cli = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
declared = set(re.findall(r'env\s*=\s*"(ECHOPPE_[A-Z0-9_]+)"', cli))
problems = []

def documents(name):
    text = (here / name).read_text(encoding="utf-8")
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    if not docs:
        problems.append(f"{name}: no Kubernetes object in it")
    return docs

objects = {}
for path in sorted(here.glob("*.yaml")):
    if path.name == "kustomization.yaml":
        continue
    for doc in documents(path.name):
        objects[(doc.get("kind"), doc.get("metadata", {}).get("name"))] = (path.name, doc)

def get(kind, name):
    found = objects.get((kind, name))
    if found is None:
        problems.append(f"no {kind} named {name}")
        return {}
    return found[1]

# 1. Only settings that exist.
settings = dict(get("ConfigMap", "echoppe-settings").get("data") or {})
secrets = dict(get("Secret", "echoppe-secrets").get("stringData") or {})
for source, keys in (("configmap.yaml", settings), ("secret.yaml", secrets)):
    for key, value in keys.items():
        if not key.startswith("ECHOPPE_"):
            problems.append(f"{source}: {key} is not an ECHOPPE_* setting")
        elif key not in declared:
            problems.append(f"{source}: {key} is not a setting of crates/echoppe/src/cli.rs")
        if value is None or str(value) == "":
            problems.append(f"{source}: {key} is empty (echoppe reads an empty value as a value: delete the key)")
deployment = get("Deployment", "echoppe")
job = get("Job", "echoppe-migrate")
pods = [deployment.get("spec", {}).get("template", {}).get("spec", {}), job.get("spec", {}).get("template", {}).get("spec", {})]
containers = [c for pod in pods for c in pod.get("initContainers", []) + pod.get("containers", [])]
for container in containers:
    for env in container.get("env", []):
        if env["name"].startswith("ECHOPPE_") and env["name"] not in declared:
            problems.append(f"container {container['name']}: {env['name']} is not a setting of cli.rs")

# 2. Shutdown: the grace period covers preStop + drain delay + shutdown grace.
pod = pods[0]
web = next((c for c in pod.get("containers", []) if c.get("name") == "echoppe"), {})
command = web.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
pause = int(command[1]) if len(command) == 2 and command[0] == "sleep" else None
if pause is None:
    problems.append("deployment.yaml: the preStop hook is not `sleep N`")
else:
    drain = int(settings.get("ECHOPPE_DRAIN_DELAY", 0))
    grace = int(settings.get("ECHOPPE_SHUTDOWN_GRACE", 30))
    total = pod.get("terminationGracePeriodSeconds", 30)
    needed = pause + drain + grace
    print(f"shutdown: preStop {pause} s + drain delay {drain} s + shutdown grace {grace} s = {needed} s; "
          f"terminationGracePeriodSeconds {total} s (margin {total - needed} s)")
    if total < needed + 5:
        problems.append(f"deployment.yaml: terminationGracePeriodSeconds {total} leaves less than 5 s after {needed} s")

# 3. Readiness outlasts a wait for a database connection.
acquire = int(settings.get("ECHOPPE_DB_ACQUIRE_TIMEOUT", 5))
ready_timeout = web.get("readinessProbe", {}).get("timeoutSeconds", 1)
print(f"readiness: probe timeout {ready_timeout} s, database acquire timeout {acquire} s")
if ready_timeout <= acquire:
    problems.append("deployment.yaml: the readiness probe gives up before /readyz's database check can")

# 4. The kustomization lists every manifest but those left out on purpose.
kustomization = yaml.safe_load((here / "kustomization.yaml").read_text(encoding="utf-8"))
listed = kustomization.get("resources", [])
on_purpose = {"secret.yaml", "migrate-job.yaml"}
for name in listed:
    if not (here / name).is_file():
        problems.append(f"kustomization.yaml lists {name}, which does not exist")
for path in sorted(here.glob("*.yaml")):
    if path.name != "kustomization.yaml" and path.name not in listed and path.name not in on_purpose:
        problems.append(f"kustomization.yaml does not list {path.name}")
print(f"kustomization: {len(listed)} resources; left out on purpose: {', '.join(sorted(on_purpose))}")

# 5. One image for the Job and the Deployment.
images = {c.get("image") for c in containers}
print(f"images: {', '.join(sorted(str(i) for i in images))}")
if len(images) != 1:
    problems.append("the Deployment's containers and the migration Job do not run the same image")

if not problems:
    print(f"settings: {len(settings) + len(secrets)} ECHOPPE_* variables, each declared in cli.rs")
for problem in problems:
    print(f"ERROR {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PYTHON
  failed=1
fi

if [ "$failed" != 0 ]; then
  echo "validate.sh: FAILED" >&2
  exit 1
fi
echo "validate.sh: every manifest is valid"
