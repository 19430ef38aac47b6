#!/usr/bin/env python3
"""Generates tests/vectors/api_errors.json: API error decoding and retry-delay vectors.

An independent implementation of SPEC section 5, stdlib only: HTTP-date grammar from RFC 9110
section 5.6.7 as regular expressions, dates converted by `calendar.timegm` and cross-checked with
`email.utils.parsedate_to_datetime`, reason phrases from `http.HTTPStatus`. Never reads the
Rust code's output. Run: python3 tests/vectors/gen_api_errors.py > tests/vectors/api_errors.json
"""
import calendar
import email.utils
import http
import json
import math
import re
import sys
import time

MAX_MESSAGE_BYTES = 1024
MAX_FIELD_BYTES = 255
MAX_RETRY_AFTER = 2**32 - 1

TABLE = {
    400: ("bad_request", False),
    401: ("unauthorized", False),
    403: ("forbidden", False),
    404: ("not_found", False),
    409: ("idempotency_conflict", False),
    429: ("rate_limited", True),
    500: ("server_error", True),
    502: ("server_error", True),
    503: ("server_error", True),
    504: ("server_error", True),
}

# Statuses of RFC 9110 section 15 plus 428/429/431/511 (RFC 6585) and 451 (RFC 7725).
# Python's phrases, with the names RFC 9110 changed.
PHRASE_STATUSES = [100, 101, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404,
                   405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422,
                   426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 511]
RFC9110_RENAMES = {413: "Content Too Large", 414: "URI Too Long", 416: "Range Not Satisfiable",
                   422: "Unprocessable Content"}


def phrase(status):
    if status not in PHRASE_STATUSES:
        return None
    return RFC9110_RENAMES.get(status, http.HTTPStatus(status).phrase)


def classify(status):
    if 200 <= status <= 299:
        return None
    if status in TABLE:
        return TABLE[status]
    return ("unexpected_status", 500 <= status <= 599)


# ---- Retry-After ---------------------------------------------------------------------------
DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
LONG_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MON = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})"
IMF = re.compile(DAY + r", ([0-9]{2}) " + MON + r" ([0-9]{4}) " + TIME + r" GMT")
RFC850 = re.compile(LONG_DAY + r", ([0-9]{2})-" + MON + r"-([0-9]{2}) " + TIME + r" GMT")
ASCTIME = re.compile(DAY + r" " + MON + r" ([0-9]{2}| [0-9]) " + TIME + r" ([0-9]{4})")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def to_unix(year, month, day, h, m, s):
    if not (h <= 23 and m <= 59 and s <= 60):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return calendar.timegm((year, month, day, h, m, s, 0, 0, 0))


def http_date(value, now):
    m = IMF.fullmatch(value)
    if m:
        day, mon, year, hh, mm, ss = m.groups()
        ts = to_unix(int(year), MONTHS.index(mon) + 1, int(day), int(hh), int(mm), int(ss))
        if ts is not None and int(ss) < 60:
            # Cross-check the conversion with the email package's own parser.
            assert int(email.utils.parsedate_to_datetime(value).timestamp()) == ts, value
        return ts
    m = RFC850.fullmatch(value)
    if m:
        day, mon, yy, hh, mm, ss = m.groups()
        this_year = time.gmtime(now).tm_year
        year = this_year // 100 * 100 + int(yy)
        if year > this_year + 50:  # RFC 9110 5.6.7: more than 50 years ahead -> past century
            year -= 100
        return to_unix(year, MONTHS.index(mon) + 1, int(day), int(hh), int(mm), int(ss))
    m = ASCTIME.fullmatch(value)
    if m:
        mon, day, hh, mm, ss, year = m.groups()
        return to_unix(int(year), MONTHS.index(mon) + 1, int(day.strip()), int(hh), int(mm),
                       int(ss))
    return None


def retry_after(value, now):
    value = value.strip(" \t")
    if re.fullmatch(r"[0-9]+", value):
        return min(int(value), MAX_RETRY_AFTER)
    ts = http_date(value, now)
    if ts is None:
        return None
    return min(max(ts - now, 0), MAX_RETRY_AFTER)


# ---- decode --------------------------------------------------------------------------------
def get_header(headers, name):
    for k, v in headers.items():
        if k.strip().lower() == name:
            return v
    return None


def field(obj, name):
    v = obj.get(name)
    if isinstance(v, str) and 0 < len(v.encode()) <= MAX_FIELD_BYTES:
        return v
    return None


def message_of(obj):
    v = obj.get("message")
    if isinstance(v, str) and v.strip():
        return v
    return None


def cap(message):
    raw = message.encode()
    if len(raw) <= MAX_MESSAGE_BYTES:
        return message
    return raw[:MAX_MESSAGE_BYTES].decode("utf-8", errors="ignore") + "\u2026"


def decode(status, body, headers, now):
    c = classify(status)
    if c is None:
        return None
    kind, retryable = c
    code = message = param = request_id = None
    try:
        doc = json.loads(body)
    except ValueError:
        doc = None
    if isinstance(doc, dict):
        err = doc.get("error")
        src = err if isinstance(err, dict) else doc
        code, message = field(src, "code"), message_of(src)
        param, request_id = field(src, "param"), field(src, "request_id")
        if isinstance(err, str) and message is None and err.strip():
            message = err
    if message is None:
        p = phrase(status)
        message = ("The API answered %d %s with no error details." % (status, p) if p
                   else "The API answered %d with no error details." % status)
    else:
        message = cap(message)
    if request_id is None:
        h = get_header(headers, "request-id")
        if h is not None:
            h = h.strip()
            if 0 < len(h.encode()) <= MAX_FIELD_BYTES:
                request_id = h
    ra = get_header(headers, "retry-after")
    return {
        "kind": kind,
        "code": code if code is not None else kind,
        "message": message,
        "param": param,
        "request_id": request_id,
        "retry_after": retry_after(ra, now) if ra is not None else None,
        "retryable": retryable,
    }


LARGEST_BELOW_ONE = math.nextafter(1.0, 0.0)


def retry_delay(attempt, status, retry_after_header, policy, random):
    err = decode(status, "", {"Retry-After": retry_after_header} if retry_after_header else {}, 0)
    attempt = max(attempt, 1)
    if not err["retryable"] or attempt > policy["max_attempts"]:
        return None
    ceiling = min(policy["max_ms"], policy["base_ms"] * 2 ** (attempt - 1))
    r = 0.0 if random < 0 else (LARGEST_BELOW_ONE if random >= 1 else random)
    jittered = min(math.floor(r * float(ceiling)), ceiling)
    return max(jittered, (err["retry_after"] or 0) * 1000)


# ---- cases ---------------------------------------------------------------------------------
NOW = 1776244442  # 2026-04-15T09:14:02Z
NOW_DATE = "Wed, 15 Apr 2026 09:14:02 GMT"
assert email.utils.formatdate(NOW, usegmt=True) == NOW_DATE


def nested(code, message, param=None, request_id=None):
    err = {"code": code, "message": message}
    if param is not None:
        err["param"] = param
    if request_id is not None:
        err["request_id"] = request_id
    return json.dumps({"error": err})


HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
CASES = [
    # success
    ("200 is not an error", 200, {}, '{"id":"pay_1a2b3c4d"}'),
    ("201 is not an error", 201, {}, '{"id":"re_1"}'),
    ("204 with an empty body is not an error", 204, {}, ""),
    ("299 is not an error even with an error-shaped body", 299, {}, nested("x", "y")),
    # every row of section 5
    ("400 nested with param", 400, {"Request-Id": "req_h"},
     nested("invalid_routing_number", "routing_number must be 9 digits.",
            "destination.routing_number", "req_400")),
    ("401 nested", 401, {}, nested("invalid_api_key", "Invalid API key provided.")),
    ("403 flat body", 403, {}, '{"code":"permission_denied","message":"This key may not create payouts."}'),
    ("404 nested with request id", 404, {}, nested("resource_missing", "No such payment: pay_404", "id", "req_404")),
    ("409 idempotency conflict", 409, {},
     nested("idempotency_key_in_use", "A different body was sent with key idk_1.")),
    ("429 with Retry-After seconds", 429, {"Retry-After": "30"},
     nested("rate_limited", "Too many requests.")),
    ("500 with an empty body", 500, {}, ""),
    ("502 with an HTML page", 502, {"Content-Type": "text/html"}, HTML),
    ("503 with plain text and a Retry-After date", 503,
     {"Retry-After": "Wed, 15 Apr 2026 09:16:02 GMT"}, "Service Unavailable"),
    ("504 with an empty JSON object", 504, {}, "{}"),
    # any other status
    ("418 is unexpected and not retryable", 418, {}, nested("teapot", "I am a teapot.")),
    ("422 is unexpected and not retryable", 422, {}, ""),
    ("501 is unexpected but retryable", 501, {}, ""),
    ("505 is unexpected but retryable", 505, {}, ""),
    ("599 without a reason phrase", 599, {}, ""),
    ("100 is non-2xx, unexpected", 100, {}, ""),
    ("302 redirect is unexpected, not retryable", 302, {"Location": "https://example.com"}, ""),
    ("304 is unexpected", 304, {}, ""),
    ("status 0 (no response) is unexpected, not retryable", 0, {}, ""),
    ("status 999 is unexpected, not retryable", 999, {}, ""),
    ("status 600 is unexpected, not retryable", 600, {}, ""),
    ("status 199 is unexpected", 199, {}, ""),
    ("status 300 is unexpected", 300, {}, ""),
    # body shapes
    ("flat body with param and request id", 400, {},
     '{"code":"invalid_amount","message":"amount must be positive.","param":"amount","request_id":"req_flat"}'),
    ("nested wins over flat fields", 400, {},
     '{"code":"flat_code","message":"flat","error":{"code":"nested_code","message":"nested"}}'),
    ("JSON array body", 400, {}, '[{"code":"x","message":"y"}]'),
    ("JSON string body", 500, {}, '"internal error"'),
    ("JSON null body", 500, {}, "null"),
    ("JSON number body", 400, {}, "42"),
    ("error is a string", 401, {}, '{"error":"Invalid token"}'),
    ("error is a string, flat message wins", 400, {}, '{"error":"short","message":"The long text."}'),
    ("error is an empty string", 400, {}, '{"error":""}'),
    ("error is null", 400, {}, '{"error":null}'),
    ("error is an array", 400, {}, '{"error":["a","b"]}'),
    ("fields of odd types are ignored", 400, {},
     '{"error":{"code":123,"message":["x"],"param":false,"request_id":7}}'),
    ("empty code and blank message fall back", 400, {}, '{"error":{"code":"","message":"   "}}'),
    ("null param", 400, {}, '{"error":{"code":"c","message":"m","param":null}}'),
    ("unknown fields are ignored", 400, {},
     '{"error":{"code":"c","message":"m","type":"invalid_request_error","doc_url":"https://x"}}'),
    ("truncated JSON", 400, {}, '{"error":{"code":"c","message":"m"'),
    ("whitespace-only body", 503, {}, "  \n "),
    ("JSON with surrounding whitespace", 400, {}, '\n  {"code":"c","message":"m"}  \n'),
    ("unicode message kept", 400, {}, nested("c", "Montant invalide : « 0 € »")),
    ("message over the cap is cut with an ellipsis", 400, {}, nested("c", "x" * 5000)),
    ("message over the cap is cut at a character boundary", 400, {}, nested("c", "é" * 700)),
    ("message exactly at the cap is kept", 400, {}, nested("c", "y" * MAX_MESSAGE_BYTES)),
    ("over-long code is ignored", 400, {}, nested("k" * 256, "m")),
    ("code at the field limit is kept", 400, {}, nested("k" * 255, "m")),
    # request id
    ("request id from the header", 500, {"Request-Id": "req_header"}, ""),
    ("request id header name is case-insensitive", 500, {"REQUEST-ID": "req_upper"}, ""),
    ("request id header value is trimmed", 500, {"request-id": "  req_trim "}, ""),
    ("body request id wins over header", 400, {"Request-Id": "req_header"},
     nested("c", "m", None, "req_body")),
    ("non-string body request id falls back to header", 400, {"Request-Id": "req_header"},
     '{"error":{"code":"c","message":"m","request_id":5}}'),
    ("empty request id header is ignored", 500, {"Request-Id": ""}, ""),
    ("X-Request-Id is not read", 500, {"X-Request-Id": "req_x"}, ""),
    # Retry-After
    ("Retry-After zero", 503, {"Retry-After": "0"}, ""),
    ("Retry-After with leading zeros", 503, {"Retry-After": "0120"}, ""),
    ("Retry-After with surrounding spaces", 429, {"Retry-After": "  45\t"}, ""),
    ("Retry-After header name is case-insensitive", 429, {"RETRY-AFTER": "5"}, ""),
    ("Retry-After huge number saturates", 503, {"Retry-After": "99999999999999999999999999"}, ""),
    ("Retry-After just above the cap saturates", 503, {"Retry-After": str(2**32)}, ""),
    ("Retry-After negative is ignored", 503, {"Retry-After": "-5"}, ""),
    ("Retry-After with plus sign is ignored", 503, {"Retry-After": "+5"}, ""),
    ("Retry-After decimal is ignored", 503, {"Retry-After": "1.5"}, ""),
    ("Retry-After with inner space is ignored", 503, {"Retry-After": "1 0"}, ""),
    ("Retry-After empty is ignored", 503, {"Retry-After": ""}, ""),
    ("Retry-After word is ignored", 503, {"Retry-After": "soon"}, ""),
    ("Retry-After non-ASCII digits are ignored", 503, {"Retry-After": "١٢"}, ""),
    ("Retry-After IMF-fixdate in the future", 429, {"Retry-After": "Wed, 15 Apr 2026 09:15:02 GMT"}, ""),
    ("Retry-After IMF-fixdate equal to now", 429, {"Retry-After": NOW_DATE}, ""),
    ("Retry-After IMF-fixdate in the past", 429, {"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, ""),
    ("Retry-After IMF-fixdate next year", 503, {"Retry-After": "Thu, 15 Apr 2027 09:14:02 GMT"}, ""),
    ("Retry-After IMF-fixdate on a leap day", 503, {"Retry-After": "Tue, 29 Feb 2028 00:00:00 GMT"}, ""),
    ("Retry-After IMF-fixdate leap second", 503, {"Retry-After": "Wed, 15 Apr 2026 09:14:60 GMT"}, ""),
    ("Retry-After IMF-fixdate, weekday not checked against the date", 503,
     {"Retry-After": "Mon, 15 Apr 2026 09:15:02 GMT"}, ""),
    ("Retry-After RFC 850 in the future", 503, {"Retry-After": "Wednesday, 15-Apr-26 09:20:02 GMT"}, ""),
    ("Retry-After RFC 850 two-digit year 50 years ahead is the future", 503,
     {"Retry-After": "Wednesday, 01-Jan-76 00:00:00 GMT"}, ""),
    ("Retry-After RFC 850 two-digit year more than 50 years ahead is the past century", 503,
     {"Retry-After": "Saturday, 01-Jan-77 00:00:00 GMT"}, ""),
    ("Retry-After RFC 850 classic example is in the past", 503,
     {"Retry-After": "Sunday, 06-Nov-94 08:49:37 GMT"}, ""),
    ("Retry-After asctime with a space-padded day", 503, {"Retry-After": "Wed Apr  1 00:00:00 2027"}, ""),
    ("Retry-After asctime with a two-digit day", 503, {"Retry-After": "Wed Apr 15 09:14:12 2026"}, ""),
    ("Retry-After asctime classic example is in the past", 503, {"Retry-After": "Sun Nov  6 08:49:37 1994"}, ""),
    ("Retry-After impossible date 31 Apr is ignored", 503, {"Retry-After": "Fri, 31 Apr 2026 00:00:00 GMT"}, ""),
    ("Retry-After 29 Feb of a common year is ignored", 503, {"Retry-After": "Sun, 29 Feb 2026 00:00:00 GMT"}, ""),
    ("Retry-After hour 24 is ignored", 503, {"Retry-After": "Wed, 15 Apr 2026 24:00:00 GMT"}, ""),
    ("Retry-After lowercase gmt is ignored", 503, {"Retry-After": "Wed, 15 Apr 2026 09:15:02 gmt"}, ""),
    ("Retry-After UTC instead of GMT is ignored", 503, {"Retry-After": "Wed, 15 Apr 2026 09:15:02 UTC"}, ""),
    ("Retry-After lowercase month is ignored", 503, {"Retry-After": "Wed, 15 apr 2026 09:15:02 GMT"}, ""),
    ("Retry-After single-digit day in IMF-fixdate is ignored", 503, {"Retry-After": "Wed, 5 Apr 2026 09:15:02 GMT"}, ""),
    ("Retry-After long weekday in IMF-fixdate is ignored", 503,
     {"Retry-After": "Wednesday, 15 Apr 2026 09:15:02 GMT"}, ""),
    ("Retry-After ISO 8601 is ignored", 503, {"Retry-After": "2026-04-15T09:15:02Z"}, ""),
    ("Retry-After asctime with one space before a one-digit day is ignored", 503,
     {"Retry-After": "Wed Apr 1 00:00:00 2027"}, ""),
    ("Retry-After on a 400 is still reported, not retryable", 400, {"Retry-After": "10"}, ""),
]


def build():
    cases = []
    for name, status, headers, body in CASES:
        cases.append({"name": name, "status": status, "headers": headers, "body": body,
                      "now": NOW, "expect": decode(status, body, headers, NOW)})
    default = {"base_ms": 500, "max_ms": 20000, "max_attempts": 3}
    retry_inputs = [
        ("first retry, half jitter", 1, 503, None, default, 0.5),
        ("second retry, half jitter", 2, 503, None, default, 0.5),
        ("third retry, half jitter", 3, 503, None, default, 0.5),
        ("fourth retry is past max_attempts", 4, 503, None, default, 0.5),
        ("attempt 0 counts as 1", 0, 503, None, default, 0.5),
        ("random 0 gives 0", 2, 500, None, default, 0.0),
        ("random just below 1", 1, 500, None, default, 0.9999999999),
        ("random 1 is clamped below 1", 1, 500, None, default, 1.0),
        ("random above 1 is clamped", 2, 500, None, default, 7.5),
        ("negative random counts as 0", 2, 500, None, default, -0.3),
        ("429 is retryable", 1, 429, None, default, 0.25),
        ("unexpected 5xx is retryable", 1, 507, None, default, 0.5),
        ("400 is never retried", 1, 400, None, default, 0.5),
        ("409 is never retried", 1, 409, None, default, 0.5),
        ("418 is never retried", 1, 418, None, default, 0.5),
        ("Retry-After raises the delay", 1, 429, "3", default, 0.5),
        ("Retry-After below the jitter does not lower it", 3, 503, "1", default, 0.9),
        ("Retry-After above max_ms is honoured", 1, 503, "60", default, 0.5),
        ("Retry-After does not extend max_attempts", 4, 429, "3", default, 0.5),
        ("Retry-After date raises the delay", 1, 503, "Thu, 01 Jan 1970 00:00:10 GMT", default, 0.0),
        ("Retry-After does not make a 400 retryable", 1, 400, "5", default, 0.5),
        ("ceiling capped at max_ms", 8, 503, None, {"base_ms": 500, "max_ms": 20000, "max_attempts": 10}, 0.5),
        ("huge attempt saturates to max_ms", 200, 503, None,
         {"base_ms": 500, "max_ms": 20000, "max_attempts": 4294967295}, 0.75),
        ("max_attempts 0 never retries", 1, 503, None, {"base_ms": 500, "max_ms": 20000, "max_attempts": 0}, 0.5),
        ("base 0 gives 0", 2, 503, None, {"base_ms": 0, "max_ms": 20000, "max_attempts": 3}, 0.9),
        ("max_ms below base_ms caps the first retry", 1, 503, None,
         {"base_ms": 1000, "max_ms": 300, "max_attempts": 3}, 0.5),
        ("custom policy, fifth retry", 5, 502, None, {"base_ms": 100, "max_ms": 60000, "max_attempts": 5}, 0.3),
        ("saturated Retry-After", 1, 503, "99999999999999999999", default, 0.5),
    ]
    retry_cases = []
    for name, attempt, status, ra, policy, random in retry_inputs:
        retry_cases.append({"name": name, "attempt": attempt, "status": status,
                            "retry_after_header": ra, "policy": policy, "random": random,
                            "expect": retry_delay(attempt, status, ra, policy, random)})
    return {
        "description": (
            "API error decoding (SPEC section 5): decode(status, body, headers, now) -> expect "
            "(null for 2xx). `body` is the raw response text, `headers` a name->value object, "
            "`now` Unix seconds. retry_cases: decode(status, '', {Retry-After: "
            "retry_after_header} if not null, now=0), then retry_delay(attempt, error, policy, "
            "random) -> expect milliseconds or null. Generated by gen_api_errors.py."),
        "cases": cases,
        "retry_cases": retry_cases,
    }


if __name__ == "__main__":
    json.dump(build(), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
