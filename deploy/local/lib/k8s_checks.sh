# Kubernetes manifests, checked offline (sourced by deploy/local/test after
# common.sh; docs/operations/kubernetes.md, "Validation"):
#   - both overlays, and the prod overlay with each optional component, render;
#   - every object is valid against the Kubernetes API schemas of the oldest
#     supported version (1.29) and of 1.32 (kubeconform, strict), with the
#     schemas shipped by PyPI's kubernetes-validate;
#   - kube-score finds nothing beyond k8s/lint-allow.txt (accepted findings,
#     each with its reason);
#   - release N+1 differs from release N in image references only, and no
#     Job (immutable template) is rendered: a second apply cannot fail;
#   - prod pins every image (no :latest, no tagless image, pull Always);
#   - the CloudNativePG component's bootstrap SQL is deploy/postgres/bootstrap.sql.
# Tools are built or fetched once, pinned, into $CACHE (like the Kafka jars).
# Custom resources (PodMonitor, KafkaTopic, Cluster, ...) have no schema
# there: kubeconform reports them as skipped, kube-score ignores them.

KUBECONFORM_VERSION=v0.8.0
KUBE_SCORE_VERSION=v1.20.0
KUSTOMIZE_VERSION=v5.5.0
KUBERNETES_VALIDATE_VERSION=1.37.0
K8S_SCHEMA_VERSIONS=(1.29.0 1.32.0)
K8S_COMPONENTS=(monitoring strimzi cloudnativepg)

install_k8s_tools() {
  K8S_TOOLS=$CACHE/k8s-tools-kubeconform-$KUBECONFORM_VERSION-kube-score-$KUBE_SCORE_VERSION
  if [[ ! -x $K8S_TOOLS/bin/kubeconform || ! -x $K8S_TOOLS/bin/kube-score ]]; then
    command -v go >/dev/null || die "Go is needed to build kubeconform and kube-score"
    log "building kubeconform $KUBECONFORM_VERSION and kube-score $KUBE_SCORE_VERSION (Go modules)"
    GOBIN=$K8S_TOOLS/bin GOFLAGS=-mod=mod go install \
      "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" >&2
    GOBIN=$K8S_TOOLS/bin GOFLAGS=-mod=mod go install \
      "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" >&2
  fi
  if command -v kubectl >/dev/null; then
    KUSTOMIZE=(kubectl kustomize)
  else
    if [[ ! -x $K8S_TOOLS/bin/kustomize ]]; then
      log "building kustomize $KUSTOMIZE_VERSION (Go modules)"
      GOBIN=$K8S_TOOLS/bin GOFLAGS=-mod=mod go install \
        "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
    fi
    KUSTOMIZE=("$K8S_TOOLS/bin/kustomize" build)
  fi
  K8S_SCHEMAS=$CACHE/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION
  if [[ ! -f $K8S_SCHEMAS/.complete ]]; then
    log "fetching the Kubernetes API schemas (PyPI kubernetes-validate $KUBERNETES_VALIDATE_VERSION)"
    rm -rf "$K8S_SCHEMAS" && mkdir -p "$K8S_SCHEMAS"
    local wheel_dir
    wheel_dir=$(mktemp -d)
    python3 -m pip download -q --no-deps -d "$wheel_dir" \
      "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
    # Only the versions checked (the wheel holds every version since 1.0).
    python3 - "$wheel_dir" "$K8S_SCHEMAS" "${K8S_SCHEMA_VERSIONS[@]}" <<'PY'
import glob, os, sys, zipfile

wheel_dir, dest, versions = sys.argv[1], sys.argv[2], sys.argv[3:]
prefix = "kubernetes_validate/kubernetes-json-schema/"
wanted = tuple(prefix + "v" + v + "-local-strict/" for v in versions)
with zipfile.ZipFile(glob.glob(os.path.join(wheel_dir, "*.whl"))[0]) as wheel:
    for name in wheel.namelist():
        if name.startswith(wanted) and not name.endswith("/"):
            path = os.path.join(dest, name[len(prefix):])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                out.write(wheel.read(name))
PY
    rm -rf "$wheel_dir"
    # The package's schemas refer to each other by an absolute $id
    # (https://kubernetes.io/api/...) that its Python resolver maps to files;
    # make the references relative so that kubeconform reads them offline.
    python3 - "$K8S_SCHEMAS" <<'PY'
import json, os, sys

def fix(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$id":
                continue
            if k == "$ref" and isinstance(v, str):
                v = v.replace("/api/_definitions.json#/$defs/",
                              "_definitions.json#/definitions/")
                v = v.replace("#/$defs/", "#/definitions/")
            out["definitions" if k == "$defs" else k] = fix(v)
        return out
    if isinstance(node, list):
        return [fix(x) for x in node]
    return node

root = sys.argv[1]
for d in os.listdir(root):
    for f in os.listdir(os.path.join(root, d)):
        p = os.path.join(root, d, f)
        with open(p) as fh:
            doc = json.load(fh)
        with open(p, "w") as fh:
            json.dump(fix(doc), fh, separators=(",", ":"))
PY
    touch "$K8S_SCHEMAS/.complete"
  fi
}

# k8s_render_with KUSTOMIZATION_BODY: renders a throwaway kustomization
# placed beside the overlays (paths in it are relative to k8s/) to stdout.
k8s_render_with() {
  local dir
  dir=$(mktemp -d "$ROOT/k8s/.check-XXXXXX")
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n%s\n' \
    "$1" >"$dir/kustomization.yaml"
  local status=0
  "${KUSTOMIZE[@]}" "$dir" || status=$?
  rm -rf "$dir"
  return $status
}

check_k8s() {
  local started
  started=$(date +%s)
  install_k8s_tools
  local out=$ROOT/.state/k8s-check
  rm -rf "$out" && mkdir -p "$out"
  "${KUSTOMIZE[@]}" "$ROOT/k8s/overlays/dev" >"$out/dev.yaml" || die "k8s: the dev overlay does not render"
  "${KUSTOMIZE[@]}" "$ROOT/k8s/overlays/prod" >"$out/prod.yaml" || die "k8s: the prod overlay does not render"
  for c in "${K8S_COMPONENTS[@]}"; do
    k8s_render_with "namespace: lifelong
resources: [../overlays/prod]
components: [../components/$c]" >"$out/prod-$c.yaml" ||
      die "k8s: the prod overlay with component $c does not render"
  done

  # Schemas: strict (unknown fields are errors), every version supported.
  local v f
  for v in "${K8S_SCHEMA_VERSIONS[@]}"; do
    "$K8S_TOOLS/bin/kubeconform" -strict -summary -ignore-missing-schemas \
      -schema-location "$K8S_SCHEMAS/v$v-local-strict/{{.ResourceKind}}{{.KindSuffix}}.json" \
      "$out"/*.yaml >"$out/kubeconform-$v.log" 2>&1 &&
      grep -q "Invalid: 0, Errors: 0" "$out/kubeconform-$v.log" ||
      { cat "$out/kubeconform-$v.log" >&2; die "k8s: not valid for Kubernetes $v (above)"; }
  done

  # Linter: every WARNING or CRITICAL must be accepted in k8s/lint-allow.txt.
  local allow=$out/allow.regex
  grep -v '^\s*#' "$ROOT/k8s/lint-allow.txt" | sed -n 's/^\(.*[^ ]\) \{2,\}#.*$/\1/p' >"$allow"
  for f in "$out"/*.yaml; do
    "$K8S_TOOLS/bin/kube-score" score --output-format ci --kubernetes-version v1.29 \
      --enable-optional-test container-seccomp-profile \
      --enable-optional-test container-ports-check "$f" >"$out/score.log" || true
    if grep -E '^\[(WARNING|CRITICAL)\]' "$out/score.log" | grep -vEf "$allow" >"$out/new-findings.log"; then
      cat "$out/new-findings.log" >&2
      die "k8s: kube-score findings in $(basename "$f") not accepted in k8s/lint-allow.txt (fix them, or accept one there with its reason)"
    fi
  done

  # Release N -> N+1: only the image references change, nothing immutable.
  local next
  next=$(for s in "${SERVICES[@]}"; do
    printf '  - name: registry.hanam.example/lifelong/%s\n    newTag: 9.9.9-next\n' "$s"
  done)
  k8s_render_with "resources: [../overlays/prod]
images:
$next" >"$out/prod-next.yaml" || die "k8s: the next release does not render"
  if diff "$out/prod.yaml" "$out/prod-next.yaml" | grep -E '^[<>]' | grep -vE '^[<>] +image: '; then
    die "k8s: a new image tag changes more than the images (above)"
  fi
  grep -q '^kind: Job$' "$out/prod.yaml" && die "k8s: the prod overlay renders a Job, whose template is immutable"
  grep -E '^ +image: ' "$out/prod.yaml" | grep -vE ':[0-9A-Za-z._-]+$|@sha256:' &&
    die "k8s: an image above carries no tag or digest"
  grep -qE '^ +image: .*:latest$' "$out/prod.yaml" && die "k8s: prod runs :latest"
  grep -q 'imagePullPolicy: IfNotPresent' "$out/prod.yaml" && die "k8s: prod pulls IfNotPresent"
  cmp -s "$ROOT/deploy/postgres/bootstrap.sql" "$ROOT/k8s/components/cloudnativepg/bootstrap.sql" ||
    die "k8s: k8s/components/cloudnativepg/bootstrap.sql differs from deploy/postgres/bootstrap.sql (copy it)"
  log "k8s manifests valid for Kubernetes ${K8S_SCHEMA_VERSIONS[*]}, lint clean, release N+1 changes images only ($(($(date +%s) - started)) s)"
}
