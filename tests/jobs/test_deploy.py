"""deploy/: the Compose file and the Kubernetes manifests load, and agree with each other and
with the code (commands that exist, the same image, env, store and queue everywhere)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from service.cli import build_parser
from service.jobs.settings import JobSettings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _check_command(argv: list[str]) -> str:
    assert argv[0] == "/app/.venv/bin/recouvre", argv  # the image's virtualenv (Dockerfile)
    args = build_parser().parse_args(argv[1:])  # the CLI accepts it as written
    return str(args.command)


def test_compose_runs_api_worker_and_redis_on_one_image_and_store():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"api", "worker", "redis"}
    api, worker = services["api"], services["worker"]
    assert api["image"] == worker["image"]
    dockerfile = (DEPLOY / api["build"]["context"] / api["build"]["dockerfile"]).resolve()
    assert dockerfile == (DEPLOY.parent / "Dockerfile").resolve()
    text = dockerfile.read_text()
    assert "/app/.venv" in text and "--require-hashes -r /app/requirements/service.txt" in text
    assert "pip install --no-cache-dir --no-deps -e /app" in text
    assert "RECOUVRE_JOB_STORE=/var/lib/recouvre/jobs" in text  # owned by its user
    assert _check_command(api["command"]) == "serve"
    assert _check_command(worker["command"]) == "worker"
    for svc in (api, worker):
        env = JobSettings.from_environ(svc["environment"])
        assert env.broker_url == "redis://redis:6379/0"  # the redis service, by its name
        assert env.queue == "recouvre"
        mounts = {m.split(":")[1]: m.split(":")[0] for m in svc["volumes"]}
        assert mounts[str(env.store)] == "jobs"  # the same shared store
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "--appendonly" in services["redis"]["command"]
    assert set(compose["volumes"]) >= {"jobs"}


def _docs() -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                key = (doc["kind"], doc["metadata"]["name"])
                assert key not in found, key
                found[key] = doc
    return found


def test_kubernetes_api_with_hpa_and_workers_scaled_by_keda_on_the_queue():
    docs = _docs()
    config = docs[("ConfigMap", "recouvre-config")]["data"]
    settings = JobSettings.from_environ(config)
    api = docs[("Deployment", "recouvre-api")]
    worker = docs[("Deployment", "recouvre-worker")]
    containers = {}
    for deployment in (api, worker):
        spec = deployment["spec"]
        pod = spec["template"]
        assert spec["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
        (container,) = pod["spec"]["containers"]
        containers[deployment["metadata"]["name"]] = container
        assert container["envFrom"] == [{"configMapRef": {"name": "recouvre-config"}}]
        (mount,) = container["volumeMounts"]
        assert mount["mountPath"] == str(settings.store)
        (volume,) = pod["spec"]["volumes"]
        assert volume["name"] == mount["name"]
        claim = volume["persistentVolumeClaim"]["claimName"]
        pvc = docs[("PersistentVolumeClaim", claim)]
        assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]  # pods on several nodes
    assert containers["recouvre-api"]["image"] == containers["recouvre-worker"]["image"]
    assert _check_command(containers["recouvre-api"]["command"]) == "serve"
    assert _check_command(containers["recouvre-worker"]["command"]) == "worker"
    port = containers["recouvre-api"]["ports"][0]["containerPort"]
    assert containers["recouvre-api"]["readinessProbe"]["httpGet"] == {"path": "/readyz",
                                                                       "port": port}
    assert str(port) in shlex.join(containers["recouvre-api"]["command"])

    hpa = docs[("HorizontalPodAutoscaler", "recouvre-api")]
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": "recouvre-api"}
    assert hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]

    scaled = docs[("ScaledObject", "recouvre-worker")]
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    assert scaled["spec"]["scaleTargetRef"]["name"] == "recouvre-worker"
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "redis"
    meta = trigger["metadata"]
    assert meta["listName"] == settings.queue  # Celery's Redis list is named as the queue
    host, _, rest = (settings.broker_url or "").removeprefix("redis://").partition("/")
    assert meta["address"] == host and meta["databaseIndex"] == rest
    assert int(meta["listLength"]) > 0
    service = docs[("Service", host.split(":")[0])]
    assert service["spec"]["ports"][0]["port"] == int(host.split(":")[1])
    redis = docs[("Deployment", host.split(":")[0])]
    assert redis["spec"]["selector"]["matchLabels"].items() <= service["spec"]["selector"].items()
