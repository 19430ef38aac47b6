#!/usr/bin/env python3
"""Generates payments.json: POST /v1/payments bodies and what validate() returns.

An independent stdlib-Python reference of SPEC section 3 plus the choices documented in
src/payment/validate.rs (where the SPEC is silent):

- errors in field order: amount, currency, rail, destination (+ members, then unknown members),
  idempotency_key, metadata (+ keys in sorted order), unknown top-level fields (sorted);
- a non-object body is one error: param "", code invalid_type;
- null is the same as absent;
- a string field holding another JSON type gets the field's own code (invalid_currency, ...);
  amount, destination and metadata of the wrong type get invalid_type;
- an amount that is not a safe integer (|amount| > 2^53 - 1, JavaScript's
  Number.MAX_SAFE_INTEGER) is invalid_type, for Rust callers too: no rail limit comes near it,
  and a JS caller cannot even write such an amount exactly;
- the amount's rail limit is checked only when the rail is valid;
- routing number: format, then checksum, then prefix (first failure only);
- destination: {} is required on destination; half of the bank details is required on the
  missing half; token + bank details is ambiguous_destination, members still checked;
- metadata {} is dropped from the normalized value; lengths count code points.

Messages are for people and are not compared, except for substrings listed in
`message_contains` (the did-you-mean suggestion, the limit in dollars).

Cases marked "only": "rust" depend on JSON number forms that JavaScript cannot tell apart
(25000.0 is the integer 25000 in JS). Integers beyond 2^53 run in JS too, although JSON.parse
rounds them: every one is invalid_type, rounded or not.

Run: python3 tests/vectors/gen_payments.py  (rewrites payments.json beside it)
"""
import json
import os
import re

FIELDS = ["amount", "currency", "rail", "destination", "idempotency_key", "metadata"]
DEST_FIELDS = ["routing_number", "account_number", "token"]
RAILS = ["auto", "fednow", "rtp", "same_day_ach", "ach", "wire"]
LIMITS = {
    "fednow": 1_000_000_000,
    "rtp": 1_000_000_000,
    "same_day_ach": 100_000_000,
    "ach": 9_999_999_999,
    "wire": 999_999_999_999,
}


def limit_of(rail, limits):
    if rail == "auto":
        return limits.get("auto", max(v for k, v in limits.items() if k != "auto"))
    return limits[rail]


def dollars(cents):
    return f"${cents // 100:,}.{cents % 100:02d}"


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


MAX_SAFE_INTEGER = 2 ** 53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER


def is_safe_int(v):
    return is_int(v) and -MAX_SAFE_INTEGER <= v <= MAX_SAFE_INTEGER


def is_str(v):
    return isinstance(v, str)


ASCII_DIGITS = set("0123456789")


def routing_code(s):
    if len(s) != 9 or not set(s) <= ASCII_DIGITS:
        return "invalid_routing_number"
    d = [int(c) for c in s]
    if (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10:
        return "routing_number_checksum"
    p = int(s[:2])
    if s == "000000000" or not (p <= 12 or 21 <= p <= 32 or 61 <= p <= 72):
        return "routing_number_prefix"
    return None


MASK = re.compile(r"[0-9]*[*xX•●∙·◦…#]+[0-9]*")


def account_code(s):
    if MASK.fullmatch(s.replace(" ", "").replace("-", "")):
        return "masked_account_number"
    if not (4 <= len(s) <= 17) or not set(s) <= ASCII_DIGITS:
        return "invalid_account_number"
    return None


def token_ok(s):
    return re.fullmatch(r"tok_[A-Za-z0-9]{1,255}", s) is not None and s.isascii()


def key_ok(s):
    return 1 <= len(s) <= 255 and all(0x21 <= ord(c) <= 0x7E for c in s)


MAX_ERRORS = 32
MAX_PARAM_CHARS = 100


def reference(body, limits=None):
    """Returns ("ok", normalized) or ("err", [(param, code), ...])."""
    limits = dict(LIMITS, **(limits or {}))
    if not isinstance(body, dict):
        return "err", [("", "invalid_type")]
    get = lambda k: body.get(k)  # noqa: E731  (None for absent and null alike)
    errs = []

    rail = get("rail")
    rail_err = None
    if rail is None:
        rail = "auto"
    elif not is_str(rail) or rail not in RAILS:
        rail_err = "invalid_rail"

    a = get("amount")
    if a is None:
        errs.append(("amount", "required"))
    elif not is_safe_int(a):
        errs.append(("amount", "invalid_type"))
    elif a < 1:
        errs.append(("amount", "amount_too_small"))
    elif rail_err is None and a > limit_of(rail, limits):
        errs.append(("amount", "amount_exceeds_rail_limit"))

    c = get("currency")
    if c is None:
        errs.append(("currency", "required"))
    elif not is_str(c) or len(c) != 3 or not all(ch.isascii() and ch.isalpha() for ch in c):
        errs.append(("currency", "invalid_currency"))
    elif c.lower() != "usd":
        errs.append(("currency", "unsupported_currency"))

    if rail_err:
        errs.append(("rail", rail_err))

    d = get("destination")
    if d is None:
        errs.append(("destination", "required"))
    elif not isinstance(d, dict):
        errs.append(("destination", "invalid_type"))
    else:
        rn, an, tok = d.get("routing_number"), d.get("account_number"), d.get("token")
        bank = rn is not None or an is not None
        if tok is not None and bank:
            errs.append(("destination", "ambiguous_destination"))
        elif tok is None and not bank:
            errs.append(("destination", "required"))
        if rn is not None:
            code = routing_code(rn) if is_str(rn) else "invalid_routing_number"
            if code:
                errs.append(("destination.routing_number", code))
        elif tok is None and an is not None:
            errs.append(("destination.routing_number", "required"))
        if an is not None:
            code = account_code(an) if is_str(an) else "invalid_account_number"
            if code:
                errs.append(("destination.account_number", code))
        elif tok is None and rn is not None:
            errs.append(("destination.account_number", "required"))
        if tok is not None and not (is_str(tok) and token_ok(tok)):
            errs.append(("destination.token", "invalid_token"))
        for k in sorted(k for k in d if k not in DEST_FIELDS):
            errs.append(("destination." + k, "unknown_field"))

    k = get("idempotency_key")
    if k is not None and not (is_str(k) and key_ok(k)):
        errs.append(("idempotency_key", "invalid_idempotency_key"))

    m = get("metadata")
    if m is not None:
        if not isinstance(m, dict):
            errs.append(("metadata", "invalid_type"))
        else:
            if len(m) > 50:
                errs.append(("metadata", "too_many_metadata_keys"))
            for key in sorted(m):
                if not (1 <= len(key) <= 40) or "[" in key or "]" in key:
                    errs.append(("metadata." + key, "invalid_metadata_key"))
                v = m[key]
                if not is_str(v):
                    errs.append(("metadata." + key, "invalid_type"))
                elif len(v) > 500:
                    errs.append(("metadata." + key, "metadata_value_too_long"))

    for key in sorted(k for k in body if k not in FIELDS):
        errs.append((key, "unknown_field"))

    if errs:
        # Bounded output: at most MAX_ERRORS problems, each param at most MAX_PARAM_CHARS
        # code points (then an ellipsis).
        return "err", [(p if len(p) <= MAX_PARAM_CHARS else p[:MAX_PARAM_CHARS] + "\u2026", c)
                       for p, c in errs[:MAX_ERRORS]]
    out = {
        "amount": a,
        "currency": c.lower(),
        "rail": rail,
        "destination": {f: d[f] for f in DEST_FIELDS if d.get(f) is not None},
    }
    if k is not None:
        out["idempotency_key"] = k
    if m:
        out["metadata"] = m
    return "ok", out


BANK = {"routing_number": "021000021", "account_number": "000123456789"}
TOKEN = {"token": "tok_1a2b3c4d"}


def body(**kw):
    b = {"amount": 25000, "currency": "usd", "destination": dict(BANK)}
    for key, v in kw.items():
        if v is DELETE:
            b.pop(key, None)
        else:
            b[key] = v
    return b


DELETE = object()
CASES = []


def case(name, b, expect_errors=None, contains=None, limits=None, only=None):
    """expect_errors: the hand-written (param, code) list the reference must also produce."""
    kind, got = reference(b, limits)
    if expect_errors is not None:
        assert kind == "err" and got == expect_errors, (name, got, expect_errors)
    c = {"name": name, "body": b}
    if limits:
        c["limits"] = limits
    if only:
        c["only"] = only
    if kind == "ok":
        c["expect"] = {"ok": True, "value": got}
    else:
        errors = [{"param": p, "code": code} for p, code in got]
        for (i, text) in (contains or []):
            errors[i].setdefault("message_contains", []).append(text)
        c["expect"] = {"ok": False, "errors": errors}
    CASES.append(c)


def main():
    # --- valid bodies and their normalized value ---
    case("seed example with a full account number", body(
        rail="auto", idempotency_key="pay_abc123", metadata={"invoice_id": "inv_001"}))
    case("minimal bank payment, rail defaults to auto", body())
    case("token destination, currency upper case is normalized", body(currency="USD", destination=dict(TOKEN)))
    case("currency mixed case", body(currency="uSd"))
    case("null rail, key and metadata are absent", body(rail=None, idempotency_key=None, metadata=None))
    case("empty metadata is dropped", body(metadata={}))
    case("null members of destination are absent", body(destination={"token": "tok_a", "routing_number": None}))
    case("amount 1", body(amount=1))
    case("account number of 4 digits", body(destination={"routing_number": "011000015", "account_number": "0000"}))
    case("account number of 17 digits", body(destination={"routing_number": "121000248", "account_number": "12345678901234567"}))
    case("token of 64 characters", body(destination={"token": "tok_" + "aZ09" * 16}))
    case("token of 255 characters", body(destination={"token": "tok_" + "aZ09" * 63 + "xyz"}))
    case("idempotency key of 255 printable characters", body(idempotency_key="!~" * 127 + "k"))
    case("metadata at every limit", body(metadata=dict(
        {f"k{i:02d}": "v" for i in range(48)}, **{"k" * 40: "x" * 500, "ü": "é" * 500})))
    for rail in RAILS:
        case(f"{rail} at its limit", body(rail=rail, amount=limit_of(rail, LIMITS)))

    # --- the Done-when of issue 3: five different mistakes, five errors ---
    case("five mistakes, five errors", {
        "amount": -5,
        "currency": "eur",
        "rail": "fednow",
        "destination": {"routing_number": "021000022", "account_number": "****7890"},
        "ammount": 25000,
    }, [("amount", "amount_too_small"), ("currency", "unsupported_currency"),
        ("destination.routing_number", "routing_number_checksum"),
        ("destination.account_number", "masked_account_number"), ("ammount", "unknown_field")],
        contains=[(4, 'did you mean "amount"')])
    case("five other mistakes, five errors", {
        "amount": "25000",
        "currency": "dollars",
        "rail": "instant",
        "destination": {"token": "tok_bad-token"},
        "metadata": {"invoice_id": 1},
    }, [("amount", "invalid_type"), ("currency", "invalid_currency"), ("rail", "invalid_rail"),
        ("destination.token", "invalid_token"), ("metadata.invoice_id", "invalid_type")])

    # --- the seed documentation's own example is refused ---
    case("seed example: masked account number", body(
        rail="auto", idempotency_key="pay_abc123", metadata={"invoice_id": "inv_001"},
        destination={"routing_number": "021000021", "account_number": "****7890"}),
        [("destination.account_number", "masked_account_number")],
        contains=[(0, "full account number")])

    # --- body shape ---
    case("empty object: three required fields", {},
         [("amount", "required"), ("currency", "required"), ("destination", "required")])
    for name, b in [("array", [1, 2]), ("string", "amount=25000"), ("number", 25000),
                    ("null", None), ("boolean", True)]:
        case(f"body is {name}", b, [("", "invalid_type")])

    # --- amount ---
    for name, a, code in [
        ("string", "25000", "invalid_type"), ("boolean", True, "invalid_type"),
        ("fraction", 250.5, "invalid_type"), ("array", [25000], "invalid_type"),
        ("object", {"value": 25000}, "invalid_type"), ("zero", 0, "amount_too_small"),
        ("negative", -1, "amount_too_small"), ("most negative i64", -(2 ** 63), "invalid_type"),
        ("2**53 - 1, the largest safe integer, exceeds auto", 2 ** 53 - 1, "amount_exceeds_rail_limit"),
        ("2**53 is not a safe integer", 2 ** 53, "invalid_type"),
        ("2**60 is not a safe integer", 2 ** 60, "invalid_type"),
        ("-(2**53) is not a safe integer", -(2 ** 53), "invalid_type"),
        ("null", None, "required"),
    ]:
        case(f"amount {name}", body(amount=a), [("amount", code)])
    case("amount missing", body(amount=DELETE), [("amount", "required")])
    case("amount 25000.0 is a float", body(amount=25000.0), [("amount", "invalid_type")], only="rust")
    case("amount 1e3 is a float", body(amount=1e3), [("amount", "invalid_type")], only="rust")
    case("amount u64::MAX is not a safe integer", body(amount=2 ** 64 - 1),
         [("amount", "invalid_type")])

    # --- each rail over its limit ---
    for rail in RAILS:
        lim = limit_of(rail, LIMITS)
        able = [r for r in RAILS[1:] if lim + 1 <= LIMITS[r]]
        contains = [(0, dollars(lim))]
        contains.append((0, ", ".join(able)) if able else (0, "no rail"))
        case(f"{rail} one cent over its limit", body(rail=rail, amount=lim + 1),
             [("amount", "amount_exceeds_rail_limit")], contains=contains)
    case("same_day_ach over its limit names the faster rails", body(rail="same_day_ach", amount=150_000_000),
         [("amount", "amount_exceeds_rail_limit")],
         contains=[(0, "$1,000,000.00"), (0, "fednow, rtp, ach, wire")])
    case("invalid rail: the limit is not checked", body(rail="sepa", amount=10 ** 13),
         [("rail", "invalid_rail")])
    case("caller limits: fednow lowered", body(rail="fednow", amount=5_000_001),
         [("amount", "amount_exceeds_rail_limit")], contains=[(0, "$50,000.00")],
         limits={"fednow": 5_000_000})
    case("caller limits: auto follows the largest rail", body(amount=1_000_000_001),
         [("amount", "amount_exceeds_rail_limit")],
         limits={"fednow": 10, "rtp": 10, "same_day_ach": 10, "ach": 10, "wire": 1_000_000_000})
    case("caller limits: auto pinned", body(amount=101), [("amount", "amount_exceeds_rail_limit")],
         limits={"auto": 100})

    # --- currency ---
    for name, cur, code in [
        ("EUR", "EUR", "unsupported_currency"), ("cad", "cad", "unsupported_currency"),
        ("two letters", "us", "invalid_currency"), ("four letters", "usdd", "invalid_currency"),
        ("trailing space", "usd ", "invalid_currency"), ("digit", "us1", "invalid_currency"),
        ("empty", "", "invalid_currency"), ("ISO numeric as number", 840, "invalid_currency"),
        ("fullwidth letters", "ＵＳＤ", "invalid_currency"), ("symbol", "$", "invalid_currency"),
        ("null", None, "required"),
    ]:
        case(f"currency {name}", body(currency=cur), [("currency", code)])
    case("currency missing", body(currency=DELETE), [("currency", "required")])

    # --- rail ---
    for name, r in [("capitalized", "FedNow"), ("upper case", "RTP"), ("empty", ""),
                    ("number", 1), ("hyphenated", "same-day-ach"), ("unknown", "sepa")]:
        case(f"rail {name}", body(rail=r), [("rail", "invalid_rail")])

    # --- destination ---
    case("destination missing", body(destination=DELETE), [("destination", "required")])
    case("destination is a string", body(destination="tok_1a2b3c4d"), [("destination", "invalid_type")])
    case("destination is an array", body(destination=[BANK]), [("destination", "invalid_type")])
    case("destination is empty", body(destination={}), [("destination", "required")])
    case("destination with a token and bank details", body(destination=dict(BANK, token="tok_a")),
         [("destination", "ambiguous_destination")])
    case("destination with a token and a routing number",
         body(destination={"token": "tok_a", "routing_number": "021000021"}),
         [("destination", "ambiguous_destination")])
    case("ambiguous destination still checks its members",
         body(destination={"token": "tok_", "routing_number": "123", "account_number": "****1"}),
         [("destination", "ambiguous_destination"), ("destination.routing_number", "invalid_routing_number"),
          ("destination.account_number", "masked_account_number"), ("destination.token", "invalid_token")])
    case("routing number without account number", body(destination={"routing_number": "021000021"}),
         [("destination.account_number", "required")])
    case("account number without routing number", body(destination={"account_number": "000123456789"}),
         [("destination.routing_number", "required")])
    case("camelCase routingNumber", body(destination={"routingNumber": "021000021", "account_number": "000123456789"}),
         [("destination.routing_number", "required"), ("destination.routingNumber", "unknown_field")],
         contains=[(1, 'did you mean "destination.routing_number"')])
    case("unknown member next to a token", body(destination={"token": "tok_a", "type": "bank_account"}),
         [("destination.type", "unknown_field")])

    # --- routing number ---
    for name, rn, code in [
        ("checksum", "021000022", "routing_number_checksum"),
        ("unassigned prefix 13", "131000005", "routing_number_prefix"),
        ("unassigned prefix 80", "801000005", "routing_number_prefix"),
        ("all zeros", "000000000", "routing_number_prefix"),
        ("8 digits", "02100002", "invalid_routing_number"),
        ("dashes", "021-000-021", "invalid_routing_number"),
        ("spaces", " 021000021", "invalid_routing_number"),
        ("fullwidth digits", "０２１００００２１", "invalid_routing_number"),
        ("a JSON number", 21000021, "invalid_routing_number"),
    ]:
        case(f"routing number {name}", body(destination={"routing_number": rn, "account_number": "000123456789"}),
             [("destination.routing_number", code)])

    # --- account number ---
    for name, an, code in [
        ("****7890", "****7890", "masked_account_number"),
        ("bullets and a space", "•••• 7890", "masked_account_number"),
        ("XXXX7890", "XXXX7890", "masked_account_number"),
        ("xxxx7890", "xxxx7890", "masked_account_number"),
        ("*7890", "*7890", "masked_account_number"),
        ("masked middle", "12****7890", "masked_account_number"),
        ("black circles", "●●●●7890", "masked_account_number"),
        ("3 digits", "123", "invalid_account_number"),
        ("18 digits", "123456789012345678", "invalid_account_number"),
        ("20 digits", "12345678901234567890", "invalid_account_number"),
        ("letters", "ACCT123456", "invalid_account_number"),
        ("dashes", "1234-5678", "invalid_account_number"),
        ("empty", "", "invalid_account_number"),
        ("a JSON number", 123456789, "invalid_account_number"),
        ("Arabic-Indic digits", "١٢٣٤٥٦", "invalid_account_number"),
    ]:
        case(f"account number {name}", body(destination={"routing_number": "021000021", "account_number": an}),
             [("destination.account_number", code)])

    # --- token ---
    for name, t in [("prefix only", "tok_"), ("hyphen", "tok_abc-1"), ("256 characters", "tok_" + "a" * 256),
                    ("upper-case prefix", "TOK_abc"), ("other prefix", "pay_1a2b3c4d"),
                    ("a number", 42), ("non-ASCII letter", "tok_é")]:
        case(f"token {name}", body(destination={"token": t}), [("destination.token", "invalid_token")])

    # --- idempotency_key ---
    for name, k in [("empty", ""), ("space inside", "pay abc"), ("256 characters", "k" * 256),
                    ("non-ASCII", "clé"), ("tab", "\tkey"), ("a number", 123), ("DEL", "key\u007f")]:
        case(f"idempotency_key {name}", body(idempotency_key=k), [("idempotency_key", "invalid_idempotency_key")])

    # --- metadata ---
    case("metadata is an array", body(metadata=["inv_001"]), [("metadata", "invalid_type")])
    case("metadata is a string", body(metadata="inv_001"), [("metadata", "invalid_type")])
    case("metadata with 51 keys", body(metadata={f"k{i:02d}": "v" for i in range(51)}),
         [("metadata", "too_many_metadata_keys")])
    case("metadata with 51 keys and bad entries", body(metadata=dict(
        {f"k{i:02d}": "v" for i in range(49)}, **{"a]": "v", "z": None})),
        [("metadata", "too_many_metadata_keys"), ("metadata.a]", "invalid_metadata_key"),
         ("metadata.z", "invalid_type")])
    case("metadata key of 41 characters", body(metadata={"k" * 41: "v"}),
         [("metadata." + "k" * 41, "invalid_metadata_key")])
    case("metadata empty key", body(metadata={"": "v"}), [("metadata.", "invalid_metadata_key")])
    case("metadata key with brackets", body(metadata={"items[0]": "v"}),
         [("metadata.items[0]", "invalid_metadata_key")])
    case("metadata value of 501 characters", body(metadata={"note": "x" * 501}),
         [("metadata.note", "metadata_value_too_long")], contains=[(0, "got 501")])
    case("metadata value of 501 non-ASCII characters", body(metadata={"note": "é" * 501}),
         [("metadata.note", "metadata_value_too_long")], contains=[(0, "got 501")])
    case("metadata value of 500 emoji (2000 bytes) is fine", body(metadata={"note": "😀" * 500}))
    case("metadata non-string values", body(metadata={"n": 5, "b": True, "o": {}, "a": [], "z": None}),
         [("metadata.a", "invalid_type"), ("metadata.b", "invalid_type"), ("metadata.n", "invalid_type"),
          ("metadata.o", "invalid_type"), ("metadata.z", "invalid_type")])
    case("metadata bad key and bad value on one entry", body(metadata={"[x]": 1}),
         [("metadata.[x]", "invalid_metadata_key"), ("metadata.[x]", "invalid_type")])

    # --- unknown fields and near misses ---
    for key, suggestion in [("ammount", "amount"), ("curency", "currency"), ("idempotencyKey", "idempotency_key"),
                            ("Amount", "amount"), ("rial", "rail"), ("meta", "metadata"),
                            ("destinaton", "destination"), ("idempotency-key", "idempotency_key")]:
        case(f"unknown field {key}", body(**{key: 1}), [(key, "unknown_field")],
             contains=[(0, f'did you mean "{suggestion}"')])
    case("destination member sent at the top level", body(routing_number="021000021"),
         [("routing_number", "unknown_field")], contains=[(0, 'did you mean "destination.routing_number"')])
    case("unknown field with a newline is quoted as JSON", body(**{"a\nb": 1}),
         [("a\nb", "unknown_field")], contains=[(0, '"a\\nb"')])
    case("unknown field with a very long name", body(**{"x" * 300: 1}),
         [("x" * 100 + "…", "unknown_field")], contains=[(0, "x" * 40 + "…")])
    case("forty unknown fields: the first 32 problems are kept",
         body(**{f"zz{i:02}": 1 for i in range(40)}),
         [(f"zz{i:02}", "unknown_field") for i in range(32)])
    case("unknown field without a near miss", body(description="rent"), [("description", "unknown_field")])
    case("unknown fields are sorted", body(zeta=1, alpha=2, Beta=3),
         [("Beta", "unknown_field"), ("alpha", "unknown_field"), ("zeta", "unknown_field")])

    # --- everything wrong at once: the order of fields ---
    case("every field wrong, in field order", {
        "zz": 1,
        "metadata": {"b": 1, "a[": "x"},
        "idempotency_key": "",
        "destination": {"routing_number": "999999999", "account_number": "12", "extra": 1},
        "rail": "fast",
        "currency": "EURO",
        "amount": 0,
        "ammount": 1,
    }, [("amount", "amount_too_small"), ("currency", "invalid_currency"), ("rail", "invalid_rail"),
        ("destination.routing_number", "routing_number_checksum"),
        ("destination.account_number", "invalid_account_number"), ("destination.extra", "unknown_field"),
        ("idempotency_key", "invalid_idempotency_key"), ("metadata.a[", "invalid_metadata_key"),
        ("metadata.b", "invalid_type"), ("ammount", "unknown_field"), ("zz", "unknown_field")])

    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    out = {
        "description": "Payment validation (SPEC section 3): validate_with_limits(body, default limits "
        "overridden by `limits` (cents per rail)) -> expect {ok: true, value: normalized body} or "
        "{ok: false, errors: [{param, code, message_contains?}]} with errors exactly in this order. "
        "Cases with only: 'rust' use JSON numbers JavaScript cannot distinguish. "
        "Generated by gen_payments.py (independent stdlib-Python reference).",
        "cases": CASES,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "payments.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
