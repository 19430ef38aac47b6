#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/corpus/<target>/, gitignored) from tests/vectors/*.json.

Each target reads its own input form (see the comment at the top of each fuzz target); this
writes every vector in that form. Idempotent: files are named by content hash. Stdlib only.
Usage: python3 scripts/fuzz-seed.py
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
CORPUS = ROOT / "fuzz" / "corpus"


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def load(name):
    path = VECTORS / name
    return json.loads(path.read_text()) if path.exists() else None


def webhooks(v):
    for case in v["cases"]:
        payload = (
            bytes.fromhex(case["payload_hex"])
            if "payload_hex" in case
            else case["payload"].encode()
        )
        header = case.get("header") or ""
        secrets = case.get("secrets") or []
        tolerance = case.get("tolerance", 300)
        write("signature_header", header)
        write("event_parse", payload)
        write("json_parse", payload)
        raw = f"{case['now']}\n{tolerance}\n{header}\n" + "\t".join(secrets) + "\n"
        write("verify", b"R" + raw.encode() + payload)


def api_errors(v):
    for case in v["cases"]:
        head = f"{case['status']}\n{case['now']}\n"
        head += "".join(f"{k}: {val}\n" for k, val in case["headers"].items())
        write("api_error_decode", head.encode() + b"\n" + case["body"].encode())
        for k, val in case["headers"].items():
            if k.lower() == "retry-after":
                write("retry_after", f"R{case['now']}\n{val}")
    for case in v.get("retry_cases", []):
        if case.get("retry_after_header") is not None:
            write("retry_after", f"R0\n{case['retry_after_header']}")


def payments(v):
    for case in v["cases"]:
        if "body" in case:
            write("payment_validate", "R" + json.dumps(case["body"]))


def routing_numbers(v):
    for case in v["cases"]:
        rn = case.get("routing_number", case.get("input"))
        body = {"amount": 100, "currency": "usd",
                "destination": {"routing_number": rn, "account_number": "000123456789"}}
        write("payment_validate", "R" + json.dumps(body))


for name, fn in [
    ("webhooks.json", webhooks),
    ("api_errors.json", api_errors),
    ("payments.json", payments),
    ("routing_numbers.json", routing_numbers),
]:
    vectors = load(name)
    if vectors is not None:
        fn(vectors)

for d in sorted(CORPUS.iterdir()) if CORPUS.exists() else []:
    print(f"{d.name}: {sum(1 for _ in d.iterdir())} seeds")
