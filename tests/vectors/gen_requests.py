#!/usr/bin/env python3
"""Generates tests/vectors/requests.json: API key + builder input -> the exact request or error.

An independent implementation of SPEC section 6 (stdlib only): key and id grammar as regular
expressions, headers written out by hand, bodies normalized here. Payment validation itself
belongs to tests/vectors/payments.json; the payment cases here are valid bodies plus a few
errors whose (param, code) follow directly from SPEC section 3.
Run: python3 tests/vectors/gen_requests.py > tests/vectors/requests.json
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "Cargo.toml"), encoding="utf-8") as f:
    VERSION = re.search(r'^version = "([^"]+)"', f.read(), re.M).group(1)

API_VERSION = "2026-04-01"
DEFAULT_BASE = "https://api.kinetic.dev"
KEY_RE = re.compile(r"sk_(test|live)_[A-Za-z0-9]+")
IDK_RE = re.compile(r"[\x21-\x7e]{1,255}")


class Fail(Exception):
    def __init__(self, code, errors=None):
        super().__init__(code)
        self.code, self.errors = code, errors


def api_key(key):
    if not KEY_RE.fullmatch(key) or len(key) > 255:
        raise Fail("invalid_api_key")
    return key


def base_url(url):
    m = re.fullmatch(r"(?i)(https?)://([a-z0-9.-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?((?:/[A-Za-z0-9._~-]+)*)/*", url)
    if not m:
        raise Fail("invalid_base_url")
    scheme, host, port, path = m.group(1).lower(), m.group(2).lower(), m.group(3) or "", m.group(4)
    if scheme == "http" and host not in ("localhost", "127.0.0.1", "[::1]"):
        raise Fail("invalid_base_url")
    return scheme + "://" + host + port + path


def check_id(value, prefix):
    return isinstance(value, str) and len(value) <= 259 and re.fullmatch(
        re.escape(prefix) + r"[A-Za-z0-9]+", value) is not None


def aba_ok(rn):
    if not re.fullmatch(r"[0-9]{9}", rn):
        return "invalid_routing_number"
    d = [int(c) for c in rn]
    if (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10:
        return "routing_number_checksum"
    p = int(rn[:2])
    if rn == "000000000" or not (0 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72):
        return "routing_number_prefix"
    return None


def account_problem(acct):
    if re.fullmatch(r"[0-9]{4,17}", acct):
        return None
    if re.fullmatch(r"[*•Xx ]+[0-9]{4}", acct):
        return "masked_account_number"
    return "invalid_account_number"


def headers(key, idk):
    h = [["Authorization", "Bearer " + key], ["Accept", "application/json"]]
    if idk is not None:
        h += [["Content-Type", "application/json"], ["Idempotency-Key", idk]]
    return h + [["Kinetic-Version", API_VERSION], ["User-Agent", "kinetic-flow-core/" + VERSION]]


def choose_key(params_key, option, random_hex):
    if option is not None:
        if not IDK_RE.fullmatch(option):
            raise Fail("invalid_idempotency_key")
        if params_key is not None and params_key != option:
            # SPEC section 9: the key given twice with two values is a ValidationError.
            raise Fail("validation_failed", [["idempotency_key", "invalid_idempotency_key"]])
        return option
    return params_key if params_key is not None else "idk_" + random_hex


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def build(case):
    key = api_key(case["api_key"])
    base = base_url(case["base_url"]) if "base_url" in case else DEFAULT_BASE
    kind, params = case["build"], case.get("params")
    option, random_hex = case.get("idempotency_key"), case.get("random")
    if kind in ("retrieve_payment", "retrieve_event"):
        prefix, path = ("pay_", "payments") if kind == "retrieve_payment" else ("evt_", "events")
        if not check_id(case["id"], prefix):
            raise Fail("invalid_id")
        return {"method": "GET", "url": "%s/v1/%s/%s" % (base, path, case["id"]),
                "headers": headers(key, None), "body": None}
    if not isinstance(params, dict):
        raise Fail("validation_failed", [["", "invalid_type"]])
    errors = []
    pkey = params.get("idempotency_key")
    if pkey is not None and not (isinstance(pkey, str) and IDK_RE.fullmatch(pkey)):
        key_error = ["idempotency_key", "invalid_idempotency_key"]
    else:
        key_error = None
    if kind == "create_payment":
        # Valid bodies only, plus errors that SPEC section 3 fixes on its own.
        body = {"amount": params.get("amount"), "currency": str(params.get("currency", "")).lower(),
                "rail": params.get("rail") or "auto", "destination": params.get("destination")}
        if not is_int(body["amount"]) or body["amount"] < 1:
            errors.append(["amount", "amount_too_small"])
        if "currency" not in params:
            errors.append(["currency", "required"])
        if body["destination"] is None:
            errors.append(["destination", "required"])
        if key_error:
            errors.append(key_error)
        if errors:
            raise Fail("validation_failed", errors)
        if params.get("metadata"):
            body["metadata"] = params["metadata"]
        path = "/v1/payments"
    elif kind == "create_refund":
        known = ["payment", "amount", "idempotency_key"]
        pay, amount = params.get("payment"), params.get("amount")
        if pay is None:
            errors.append(["payment", "required"])
        elif not check_id(pay, "pay_"):
            errors.append(["payment", "invalid_id"])
        if amount is not None:
            if not is_int(amount) or abs(amount) > 2 ** 53 - 1:  # not a safe integer
                errors.append(["amount", "invalid_type"])
            elif amount < 1:
                errors.append(["amount", "amount_too_small"])
        if key_error:
            errors.append(key_error)
        errors += [[k, "unknown_field"] for k in sorted(params) if k not in known]
        if errors:
            raise Fail("validation_failed", errors)
        body = {"payment": pay}
        if amount is not None:
            body["amount"] = amount
        path = "/v1/refunds"
    elif kind == "create_token":
        known = ["routing_number", "account_number", "idempotency_key"]
        rn, acct = params.get("routing_number"), params.get("account_number")
        if rn is None:
            errors.append(["routing_number", "required"])
        elif not isinstance(rn, str):
            errors.append(["routing_number", "invalid_routing_number"])
        elif aba_ok(rn):
            errors.append(["routing_number", aba_ok(rn)])
        if acct is None:
            errors.append(["account_number", "required"])
        elif not isinstance(acct, str):
            errors.append(["account_number", "invalid_account_number"])
        elif account_problem(acct):
            errors.append(["account_number", account_problem(acct)])
        if key_error:
            errors.append(key_error)
        errors += [[k, "unknown_field"] for k in sorted(params) if k not in known]
        if errors:
            raise Fail("validation_failed", errors)
        body = {"routing_number": rn, "account_number": acct}
        path = "/v1/tokens"
    else:
        raise ValueError(kind)
    idk = choose_key(pkey, option, random_hex)
    body["idempotency_key"] = idk
    return {"method": "POST", "url": base + path, "headers": headers(key, idk), "body": body}


TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
LIVE_KEY = "sk_live_51HxYzAbCdEf0123456789"
R1 = "00112233445566778899aabbccddeeff"
BANK = {"routing_number": "021000021", "account_number": "000123456789"}
PAY = {"amount": 25000, "currency": "usd", "rail": "auto", "destination": BANK}

CASES = [
    # create payment
    dict(name="payment with a given key (the README example)", api_key=TEST_KEY,
         build="create_payment", params=PAY, idempotency_key="pay_abc123"),
    dict(name="payment with a generated key", api_key=TEST_KEY, build="create_payment",
         params=PAY, random=R1),
    dict(name="payment normalizes currency and fills the rail", api_key=TEST_KEY,
         build="create_payment", random=R1,
         params={"amount": 100, "currency": "USD", "destination": {"token": "tok_1a2b"}}),
    dict(name="payment with metadata and a token, live key", api_key=LIVE_KEY,
         build="create_payment", idempotency_key="inv_001-once",
         params={"amount": 999, "currency": "usd", "rail": "fednow",
                 "destination": {"token": "tok_abc"}, "metadata": {"invoice_id": "inv_001"}}),
    dict(name="payment key in params is used when no key is given", api_key=TEST_KEY,
         build="create_payment", random=R1, params=dict(PAY, idempotency_key="order-7")),
    dict(name="payment key in params equal to the option", api_key=TEST_KEY,
         build="create_payment", idempotency_key="order-7", params=dict(PAY, idempotency_key="order-7")),
    dict(name="payment key in params differs from the option", api_key=TEST_KEY,
         build="create_payment", idempotency_key="order-8", params=dict(PAY, idempotency_key="order-7")),
    dict(name="payment option key with a space", api_key=TEST_KEY, build="create_payment",
         idempotency_key="two words", params=PAY),
    dict(name="payment option key empty", api_key=TEST_KEY, build="create_payment",
         idempotency_key="", params=PAY),
    dict(name="payment option key 256 characters", api_key=TEST_KEY, build="create_payment",
         idempotency_key="k" * 256, params=PAY),
    dict(name="payment option key of 255 characters", api_key=TEST_KEY, build="create_payment",
         idempotency_key="k" * 255, params=PAY),
    dict(name="payment with missing fields", api_key=TEST_KEY, build="create_payment",
         random=R1, params={"amount": 0}),
    dict(name="payment params not an object", api_key=TEST_KEY, build="create_payment",
         random=R1, params=[1, 2]),
    dict(name="payment on a proxy base URL", api_key=TEST_KEY, build="create_payment",
         base_url="https://Proxy.Example.com/kinetic/", random=R1, params=PAY),
    # retrieve
    dict(name="retrieve payment", api_key=TEST_KEY, build="retrieve_payment", id="pay_1a2b3c4d"),
    dict(name="retrieve payment on localhost", api_key=TEST_KEY, build="retrieve_payment",
         id="pay_1a2b3c4d", base_url="http://localhost:4010/"),
    dict(name="retrieve payment, empty id", api_key=TEST_KEY, build="retrieve_payment", id=""),
    dict(name="retrieve payment, prefix only", api_key=TEST_KEY, build="retrieve_payment", id="pay_"),
    dict(name="retrieve payment, path traversal", api_key=TEST_KEY, build="retrieve_payment", id="pay_1/../../x"),
    dict(name="retrieve payment, query injection", api_key=TEST_KEY, build="retrieve_payment", id="pay_1?expand=all"),
    dict(name="retrieve payment, underscore after prefix", api_key=TEST_KEY, build="retrieve_payment", id="pay_1_2"),
    dict(name="retrieve payment, an event id", api_key=TEST_KEY, build="retrieve_payment", id="evt_1"),
    dict(name="retrieve payment, uppercase prefix", api_key=TEST_KEY, build="retrieve_payment", id="PAY_1"),
    dict(name="retrieve payment, id too long", api_key=TEST_KEY, build="retrieve_payment", id="pay_" + "a" * 256),
    dict(name="retrieve payment, longest id", api_key=TEST_KEY, build="retrieve_payment", id="pay_" + "a" * 255),
    dict(name="retrieve event, live key", api_key=LIVE_KEY, build="retrieve_event", id="evt_1a2b3c4d"),
    dict(name="retrieve event, a payment id", api_key=LIVE_KEY, build="retrieve_event", id="pay_1a2b3c4d"),
    dict(name="retrieve event, non-ASCII", api_key=LIVE_KEY, build="retrieve_event", id="evt_é"),
    # refunds
    dict(name="full refund", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1a2b3c4d"}),
    dict(name="partial refund with a given key", api_key=TEST_KEY, build="create_refund",
         idempotency_key="refund-inv_001", params={"payment": "pay_1a2b3c4d", "amount": 500}),
    dict(name="refund with null amount is a full refund", api_key=TEST_KEY, build="create_refund",
         random=R1, params={"payment": "pay_1a2b3c4d", "amount": None}),
    dict(name="refund key in params", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1", "idempotency_key": "rf-1"}),
    dict(name="refund key in params differs from the option", api_key=TEST_KEY,
         build="create_refund", idempotency_key="rf-2", params={"payment": "pay_1", "idempotency_key": "rf-1"}),
    dict(name="refund with every mistake", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"amount": 0, "idempotency_key": "has space", "reason": "duplicate", "Payment": "pay_1"}),
    dict(name="refund of a refund id", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "re_1", "amount": 5}),
    dict(name="refund with a numeric payment", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": 12}),
    dict(name="refund with a fractional amount", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1", "amount": 1.5}),
    dict(name="refund with a string amount", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1", "amount": "500"}),
    dict(name="refund with a boolean amount", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1", "amount": True}),
    dict(name="refund with a negative amount", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1", "amount": -3}),
    dict(name="refund of 2**60 is not a safe integer", api_key=TEST_KEY, build="create_refund", random=R1,
         params={"payment": "pay_1", "amount": 2 ** 60}),
    dict(name="refund params a string", api_key=TEST_KEY, build="create_refund", random=R1,
         params="pay_1"),
    # tokens
    dict(name="token from bank details", api_key=TEST_KEY, build="create_token", random=R1, params=BANK),
    dict(name="token with a given key", api_key=LIVE_KEY, build="create_token",
         idempotency_key="tok-for-vendor-9", params={"routing_number": "121000248", "account_number": "4321"}),
    dict(name="token with checksum and masked errors", api_key=TEST_KEY, build="create_token",
         random=R1, params={"routing_number": "021000022", "account_number": "****6789"}),
    dict(name="token missing both", api_key=TEST_KEY, build="create_token", random=R1, params={}),
    dict(name="token with a bad prefix and letters in the account", api_key=TEST_KEY,
         build="create_token", random=R1, params={"routing_number": "131000005", "account_number": "12ab34"}),
    dict(name="token with numbers instead of strings", api_key=TEST_KEY, build="create_token",
         random=R1, params={"routing_number": 21000021, "account_number": 123456789}),
    dict(name="token with a payment-style destination", api_key=TEST_KEY, build="create_token",
         random=R1, params={"destination": BANK}),
    dict(name="token with an unknown field", api_key=TEST_KEY, build="create_token",
         random=R1, params=dict(BANK, account_holder="Ada")),
    # keys and base URLs
    dict(name="empty API key", api_key="", build="retrieve_payment", id="pay_1"),
    dict(name="API key prefix only", api_key="sk_test_", build="retrieve_payment", id="pay_1"),
    dict(name="publishable key", api_key="pk_test_abc123", build="retrieve_payment", id="pay_1"),
    dict(name="webhook secret as API key", api_key="whsec_abc123", build="retrieve_payment", id="pay_1"),
    dict(name="API key with underscore after the prefix", api_key="sk_test_abc_123", build="retrieve_payment", id="pay_1"),
    dict(name="API key docs placeholder", api_key="sk_test_your_key_here", build="retrieve_payment", id="pay_1"),
    dict(name="API key with trailing newline", api_key=TEST_KEY + "\n", build="retrieve_payment", id="pay_1"),
    dict(name="API key with Bearer", api_key="Bearer " + TEST_KEY, build="retrieve_payment", id="pay_1"),
    dict(name="API key uppercase prefix", api_key="SK_TEST_abc", build="retrieve_payment", id="pay_1"),
    dict(name="API key unknown mode", api_key="sk_prod_abc", build="retrieve_payment", id="pay_1"),
    dict(name="API key with non-ASCII", api_key="sk_test_abcé", build="retrieve_payment", id="pay_1"),
    dict(name="API key too long", api_key="sk_test_" + "a" * 248, build="retrieve_payment", id="pay_1"),
    dict(name="API key at the length limit", api_key="sk_test_" + "a" * 247, build="retrieve_payment", id="pay_1"),
    dict(name="http base URL off localhost", api_key=TEST_KEY, base_url="http://api.kinetic.dev",
         build="retrieve_payment", id="pay_1"),
    dict(name="base URL with user info", api_key=TEST_KEY, base_url="https://u:p@api.kinetic.dev",
         build="retrieve_payment", id="pay_1"),
    dict(name="base URL with a query", api_key=TEST_KEY, base_url="https://api.kinetic.dev/?v=1",
         build="retrieve_payment", id="pay_1"),
    dict(name="base URL without scheme", api_key=TEST_KEY, base_url="api.kinetic.dev",
         build="retrieve_payment", id="pay_1"),
    dict(name="base URL on 127.0.0.1 over http", api_key=TEST_KEY, base_url="http://127.0.0.1:8080",
         build="retrieve_event", id="evt_1"),
    dict(name="base URL with a port over https", api_key=TEST_KEY, base_url="https://api.kinetic.dev:8443/",
         build="retrieve_event", id="evt_1"),
]


def main():
    out = []
    for case in CASES:
        case = dict(case)
        try:
            expect = build(case)
        except Fail as f:
            expect = {"error": f.code}
            if f.errors is not None:
                expect["errors"] = f.errors
        case["expect"] = expect
        out.append(case)
    doc = {
        "description": (
            "Request building (SPEC section 6). Make a client from api_key (and base_url if "
            "present), then run `build`: retrieve_payment/retrieve_event take `id`; "
            "create_payment/create_refund/create_token take `params` plus the key source: "
            "`idempotency_key` (given) if present, else `random` (16 bytes, hex). expect is "
            "either { method, url, headers: [[name, value], ...] in order, body: parsed JSON or "
            "null } or { error: code, errors?: [[param, code], ...] }. Generated by "
            "gen_requests.py; the User-Agent version is read from Cargo.toml."),
        "cases": out,
    }
    json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
