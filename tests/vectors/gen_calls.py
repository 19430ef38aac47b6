#!/usr/bin/env python3
"""Generates tests/vectors/calls.json: the sending driver's answers to sequences of attempts.

An independent implementation of SPEC sections 5 and 9, stdlib only, that never reads the Rust
code's output: which outcomes are retried, after how long (capped exponential backoff with full
jitter, base 500 ms, cap 20 s, never below Retry-After), how many attempts at most
(1 + maxNetworkRetries, default 2), and what a call finally answers.

Each case gives the request to build, the outcomes of its attempts in order and the jitter value,
and expects: `done` (status, resource id, attempts) or `fail` (code, attempts), plus the delays
before each retry (with that jitter; the JS runner draws its own jitter and checks the rest).
Run: python3 tests/vectors/gen_calls.py > tests/vectors/calls.json
"""
import json
import math

BASE_MS, CAP_MS, MAX_WAIT_MS = 500, 20_000, 60_000
TABLE = {400: False, 401: False, 403: False, 404: False, 409: False, 429: True,
         500: True, 502: True, 503: True, 504: True}
KIND = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
        409: "idempotency_conflict", 429: "rate_limited", 500: "server_error",
        502: "server_error", 503: "server_error", 504: "server_error"}

PAYMENT = {"amount": 25000, "currency": "usd", "rail": "auto",
           "destination": {"routing_number": "021000021", "account_number": "000123457890"}}
CREATED = json.dumps({"id": "pay_1a2b3c4d", "object": "payment", "status": "completed",
                      "amount": 25000, "currency": "usd", "rail": "fednow"})


def retryable(status):
    if 200 <= status <= 299:
        return None
    return TABLE.get(status, 500 <= status <= 599)


def delay(retry, retry_after, jitter):
    ceiling = min(CAP_MS, BASE_MS * 2 ** (retry - 1))
    return max(math.floor(jitter * ceiling), (retry_after or 0) * 1000)


def error_code(status, body):
    try:
        value = json.loads(body)
    except ValueError:
        return KIND.get(status, "unexpected_status")
    inner = value.get("error", value) if isinstance(value, dict) else {}
    code = inner.get("code") if isinstance(inner, dict) else None
    return code if isinstance(code, str) and code else KIND.get(status, "unexpected_status")


def run(outcomes, retries, jitter):
    """What the driver answers: (expect dict, delays)."""
    delays = []
    for attempt, o in enumerate(outcomes, start=1):
        if "status" in o:
            status, body = o["status"], o.get("body", "")
            headers = {k.lower(): v for k, v in o.get("headers", [])}
            if 200 <= status <= 299:
                try:
                    resource = json.loads(body)
                    return {"result": "done", "status": status, "id": resource.get("id"),
                            "attempts": attempt, "request_id": headers.get("request-id")}, delays
                except ValueError:
                    code, again, retry_after = "invalid_response", True, None
            else:
                code, again = error_code(status, body), retryable(status)
                ra = headers.get("retry-after")
                retry_after = int(ra) if ra is not None and ra.isdigit() else None
        elif o.get("network"):
            code, again, retry_after = "connection_failed", True, None
        elif o.get("timeout"):
            code, again, retry_after = "timeout", True, None
        else:  # aborted
            return {"result": "fail", "code": "aborted", "attempts": attempt}, delays
        if not again or attempt > retries:
            return {"result": "fail", "code": code, "attempts": attempt}, delays
        wait = delay(attempt, retry_after, jitter)
        if wait > MAX_WAIT_MS:
            return {"result": "fail", "code": code, "attempts": attempt}, delays
        delays.append(wait)
    raise SystemExit("a case ran out of outcomes before the call ended")


def resp(status, body="", **headers):
    return {"status": status, "body": body,
            "headers": [[k.replace("_", "-").title(), v] for k, v in headers.items()]}


NET, TIMEOUT, ABORT = {"network": True}, {"timeout": True}, {"aborted": True}
ERR = lambda code: json.dumps({"error": {"code": code, "message": "From the stand-in."}})

CASES = [
    ("first attempt succeeds", [resp(201, CREATED, request_id="req_1")], None),
    ("a lost response, then the replayed payment", [NET, resp(201, CREATED)], None),
    ("a timeout, then the payment", [TIMEOUT, resp(200, CREATED)], None),
    ("503 with Retry-After 1, then the payment", [resp(503, "", retry_after="1"), resp(201, CREATED)], None),
    ("429 with Retry-After 0, 500, then the payment",
     [resp(429, ERR("rate_limited"), retry_after="0"), resp(500, "<html>oops</html>"), resp(201, CREATED)], None),
    ("three network failures: out of attempts", [NET, NET, NET], None),
    ("three timeouts: out of attempts", [TIMEOUT, NET, TIMEOUT], None),
    ("502 three times: the last API error", [resp(502, ""), resp(502, ""), resp(502, "", request_id="req_9")], None),
    ("409 is never retried", [resp(409, ERR("idempotency_conflict"))], None),
    ("400 is never retried", [resp(400, ERR("parameter_invalid"))], None),
    ("401 is never retried", [resp(401, "")], None),
    ("404 is never retried", [resp(404, ERR("resource_missing"))], None),
    ("418 is never retried", [resp(418, "")], None),
    ("507 is retried (any 5xx)", [resp(507, ""), resp(201, CREATED)], None),
    ("a 2xx that is not JSON is retried as invalid_response", [resp(200, "<html>proxy</html>"), resp(201, CREATED)], None),
    ("a 2xx that is never JSON ends as invalid_response", [resp(200, ""), resp(200, "{"), resp(200, "ok")], None),
    ("maxNetworkRetries 0: one attempt", [NET], 0),
    ("maxNetworkRetries 4: five attempts", [NET, TIMEOUT, resp(503, ""), resp(429, ""), resp(201, CREATED)], 4),
    ("a Retry-After above the longest wait fails at once", [resp(503, "", retry_after="3600")], None),
    ("an abort is never retried", [resp(503, ""), ABORT], None),
]


def build():
    cases = []
    for i, (name, outcomes, retries) in enumerate(CASES):
        jitter = 0.5
        expect, delays = run(outcomes, 2 if retries is None else retries, jitter)
        case = {"name": name, "build": "create_payment", "params": PAYMENT,
                "idempotency_key": f"call-vector-{i}", "outcomes": outcomes, "jitter": jitter,
                "expect": dict(expect, delays=delays, idempotency_key=f"call-vector-{i}")}
        if retries is not None:
            case["max_network_retries"] = retries
        cases.append(case)
    # A GET has no idempotency key, and is retried the same way.
    expect, delays = run([NET, resp(200, CREATED)], 2, 0.25)
    cases.append({"name": "retrieve: retried, no idempotency key", "build": "retrieve_payment",
                  "id": "pay_1a2b3c4d", "outcomes": [NET, resp(200, CREATED)], "jitter": 0.25,
                  "expect": dict(expect, delays=delays, idempotency_key=None)})
    return {"description": "Sending driver vectors (SPEC sections 5 and 9); generated by "
                           "tests/vectors/gen_calls.py, do not edit.",
            "api_key": "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "now": 1776244442, "cases": cases}


print(json.dumps(build(), indent=2, ensure_ascii=False))
