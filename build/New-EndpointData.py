#!/usr/bin/env python3
"""Writes src/LambdaSec/Data/partitions.json and tests/data/botocore-endpoints.json from the installed botocore.

partitions.json: botocore's data/partitions.json (regions, region pattern, DNS suffix, implicit global region of each
partition), plus, for the services LambdaSec signs in one region per partition (IAM, Organizations), the host and
signing region botocore's endpoint rules give in each partition.
botocore-endpoints.json: for every region of every partition and every service LambdaSec calls, the endpoint and
signing region botocore resolves (its endpoint rule sets, observed on a real request that is never sent); the tests
compare LambdaSec's resolver with it.

Run from the repository root: python3 build/New-EndpointData.py  (needs boto3/botocore; no AWS account, no network).
"""
import datetime
import json
import os
from urllib.parse import urlsplit

import boto3
import botocore

# LambdaSec service -> (boto3 client name, a cheap operation, its arguments)
SERVICES = {
    "lambda": ("lambda", "list_functions", {}),
    "apigateway": ("apigateway", "get_rest_apis", {}),
    "apigatewayv2": ("apigatewayv2", "get_apis", {}),
    "cloudtrail": ("cloudtrail", "describe_trails", {}),
    "wafv2": ("wafv2", "list_web_acls", {"Scope": "REGIONAL"}),
    "organizations": ("organizations", "list_roots", {}),
    "iam": ("iam", "list_roles", {}),
    "elasticloadbalancing": ("elbv2", "describe_load_balancers", {}),
    "sts": ("sts", "get_caller_identity", {}),
}
GLOBAL = ("iam", "organizations")


class _Stop(Exception):
    pass


def resolve(session, client_name, operation, args, region):
    """The endpoint (scheme://host) and signing region botocore uses for one call, read from the signed request."""
    seen = {}

    def capture(request, **_):
        auth = request.headers.get("Authorization", b"")
        auth = auth.decode() if isinstance(auth, bytes) else auth
        scope = auth.split("Credential=")[1].split(",")[0].split("/")
        url = urlsplit(request.url)
        seen.update(endpoint=f"{url.scheme}://{url.netloc}", signingRegion=scope[2])
        raise _Stop()

    client = session.client(client_name, region_name=region)
    client.meta.events.register("before-send", capture)
    try:
        getattr(client, operation)(**args)
    except _Stop:
        return seen
    raise RuntimeError(f"{client_name} {region}: the request was not signed")


def main():
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    with open(os.path.join(data_dir, "partitions.json"), encoding="utf-8") as f:
        source = json.load(f)
    session = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
    today = datetime.date.today().isoformat()
    origin = f"botocore {botocore.__version__} data/partitions.json and endpoint rule sets (resolved by New-EndpointData.py)"

    partitions, cases, global_endpoints = [], [], {s: {} for s in GLOBAL}
    for p in source["partitions"]:
        regions = sorted(r for r in p["regions"] if not r.endswith("-global"))
        partitions.append({
            "id": p["id"],
            "regionRegex": p["regionRegex"],
            "dnsSuffix": p["outputs"]["dnsSuffix"],
            "implicitGlobalRegion": p["outputs"]["implicitGlobalRegion"],
            "regions": regions,
        })
        for service, (client_name, operation, args) in SERVICES.items():
            resolved = [dict(service=service, region=r, **resolve(session, client_name, operation, args, r)) for r in regions]
            cases.extend(resolved)
            if service in GLOBAL:
                # One endpoint for the whole partition, or none (then every region has its own).
                distinct = {(c["endpoint"], c["signingRegion"]) for c in resolved}
                if len(distinct) == 1 and len(regions) > 1 or all(c["signingRegion"] != c["region"] for c in resolved):
                    endpoint, signing = resolved[0]["endpoint"], resolved[0]["signingRegion"]
                    global_endpoints[service][p["id"]] = {"host": urlsplit(endpoint).netloc, "signingRegion": signing}

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "src/LambdaSec/Data/partitions.json"), "w", encoding="utf-8") as f:
        json.dump({"source": origin, "botocoreVersion": botocore.__version__, "checked": today,
                   "partitions": partitions, "globalEndpoints": global_endpoints}, f, indent=2)
        f.write("\n")
    with open(os.path.join(root, "tests/data/botocore-endpoints.json"), "w", encoding="utf-8") as f:
        json.dump({"source": origin, "botocoreVersion": botocore.__version__, "checked": today, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(partitions)} partitions, {len(cases)} endpoint cases from botocore {botocore.__version__}")


if __name__ == "__main__":
    main()
