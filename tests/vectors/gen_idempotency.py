#!/usr/bin/env python3
"""Generates idempotency.json: generate, derive and fingerprint results.

Independent reference (stdlib only), written from SPEC section 4 and the construction documented
in src/idempotency.rs:

  generate(bytes16)       = "idk_" + bytes16.hex()
  derive(scope, ref)      = "idk_" + sha256(TAG + be64(len(scope)) + scope
                                            + be64(len(ref)) + ref).hexdigest()[:32]
                            (strings as UTF-8, lengths in bytes)
  fingerprint(body)       = "sha256:" + sha256(canonical(normalize(body))).hexdigest()
  canonical(v)            = json.dumps(v, sort_keys=True, separators=(",", ":"),
                                       ensure_ascii=False).encode("utf-8")
  normalize(body)         = the validated body with currency lowercased, rail defaulted to "auto",
                            idempotency_key removed, metadata removed when null or {}.

Run: python3 tests/vectors/gen_idempotency.py  (rewrites idempotency.json beside it)
"""
import hashlib
import json
import os
import struct

TAG = b"kinetic-flow-core/idempotency-key/v1"


def generate(b):
    assert len(b) == 16
    return "idk_" + b.hex()


def derive(scope, reference):
    s, r = scope.encode("utf-8"), reference.encode("utf-8")
    data = TAG + struct.pack(">Q", len(s)) + s + struct.pack(">Q", len(r)) + r
    return "idk_" + hashlib.sha256(data).hexdigest()[:32]


def normalize(body):
    out = {
        "amount": body["amount"],
        "currency": body["currency"].lower(),
        "rail": body.get("rail") or "auto",
        "destination": {k: v for k, v in body["destination"].items() if v is not None},
    }
    if body.get("metadata"):
        out["metadata"] = dict(body["metadata"])
    return out


def canonical(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(body):
    return "sha256:" + hashlib.sha256(canonical(normalize(body)).encode("utf-8")).hexdigest()


BANK = {"routing_number": "021000021", "account_number": "000123456789"}


def main():
    gen_cases = [
        {"name": "zeros", "random_hex": "00" * 16},
        {"name": "ones", "random_hex": "ff" * 16},
        {"name": "counting", "random_hex": bytes(range(16)).hex()},
        {"name": "mixed", "random_hex": "9f86d081884c7d659a2feaa0c55ad015"},
    ]
    for c in gen_cases:
        c["expect"] = generate(bytes.fromhex(c["random_hex"]))

    derive_inputs = [
        ("invoice", "inv_001", "typical"),
        ("invoice", "inv_002", "another reference"),
        ("payout", "inv_001", "another scope"),
        ("a", "bc", "length prefix: (a, bc)"),
        ("ab", "c", "length prefix: (ab, c)"),
        ("abc", "", "length prefix: (abc, empty)"),
        ("", "abc", "length prefix: (empty, abc)"),
        ("", "", "both empty"),
        ("facture", "n°-2026-é", "non-ASCII reference (UTF-8 bytes)"),
        ("e\u0301", "x", "decomposed e + combining acute (not normalized)"),
        ("\u00e9", "x", "precomposed e-acute (not normalized)"),
        ("emoji", "😀", "astral character"),
        ("nul", "a\u0000b", "NUL inside a string"),
        ("long", "r" * 1000, "1000-character reference"),
        (" invoice", "inv_001", "leading space is kept"),
    ]
    derive_cases = [
        {"name": n, "scope": s, "reference": r, "expect": derive(s, r)} for s, r, n in derive_inputs
    ]
    assert derive("a", "bc") != derive("ab", "c")
    assert derive("e\u0301", "x") != derive("\u00e9", "x")

    base = {"amount": 25000, "currency": "usd", "rail": "auto", "destination": dict(BANK)}
    fp_bodies = [
        ("bank, all fields in wire order", base),
        ("same, keys in another order (same fingerprint)",
         {"destination": {"account_number": "000123456789", "routing_number": "021000021"},
          "rail": "auto", "currency": "usd", "amount": 25000}),
        ("same, with an idempotency_key (same fingerprint)", dict(base, idempotency_key="pay_abc123")),
        ("same, another idempotency_key (same fingerprint)", dict(base, idempotency_key="idk_x")),
        ("same, currency USD and rail omitted (same fingerprint)",
         {"amount": 25000, "currency": "USD", "destination": dict(BANK)}),
        ("same, empty metadata (same fingerprint)", dict(base, metadata={})),
        ("amount + 1", dict(base, amount=25001)),
        ("rail fednow", dict(base, rail="fednow")),
        ("account number changed", dict(base, destination={"routing_number": "021000021",
                                                           "account_number": "000123456780"})),
        ("token destination", {"amount": 25000, "currency": "usd", "destination": {"token": "tok_1a2b3c"}}),
        ("metadata", dict(base, metadata={"invoice_id": "inv_001", "customer": "cus_9"})),
        ("metadata, keys in another order (same fingerprint)",
         dict(base, metadata={"customer": "cus_9", "invoice_id": "inv_001"})),
        ("metadata value changed", dict(base, metadata={"invoice_id": "inv_002", "customer": "cus_9"})),
        ("metadata with escapes and non-ASCII",
         dict(base, metadata={"note": "a \"quoted\" \\ back\nslash\ttab\u0001\u001f",
                              "name": "Zoë 😀 \u2028 \u007f /", "Z": "upper sorts first"})),
    ]
    fp_cases = []
    for name, body in fp_bodies:
        n = normalize(body)
        fp_cases.append({"name": name, "body": body,
                         "expect": {"canonical": canonical(n), "fingerprint": fingerprint(body)}})
    same = [c["expect"]["fingerprint"] for c in fp_cases if "(same fingerprint)" in c["name"]]
    assert fp_cases[0]["expect"]["fingerprint"] in same and len(set(same)) == 2  # base and metadata
    assert len({c["expect"]["fingerprint"] for c in fp_cases}) == len(fp_cases) - len(same)

    out = {
        "description": "Idempotency (SPEC section 4). generate: generate(bytes of random_hex) -> "
        "expect. derive: derive(scope, reference) -> expect. fingerprint: validate(body) then "
        "fingerprint -> expect.fingerprint; expect.canonical is the exact hashed text. Construction "
        "in gen_idempotency.py and src/idempotency.rs. Generated by gen_idempotency.py.",
        "generate": gen_cases,
        "derive": derive_cases,
        "cases": fp_cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "idempotency.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(gen_cases)} generate, {len(derive_cases)} derive, {len(fp_cases)} fingerprint cases")


if __name__ == "__main__":
    main()
