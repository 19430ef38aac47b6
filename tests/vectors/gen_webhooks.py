#!/usr/bin/env python3
"""Generates tests/vectors/webhooks.json with Python's own hmac/hashlib: an implementation
independent of the crate under test. Run: python3 tests/vectors/gen_webhooks.py"""
import base64, hashlib, hmac, json, os

S1 = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
S2 = "whsec_rotated_2026_Yx8kP3qLm"
T = 1776244442
EVENT = {
    "id": "evt_1a2b3c4d", "object": "event", "type": "payment.completed",
    "api_version": "2026-04-01", "created_at": "2026-04-15T09:14:02Z", "livemode": False,
    "data": {"object": {"id": "pay_1a2b3c4d", "object": "payment", "status": "completed",
                        "amount": 25000, "currency": "usd", "rail": "fednow",
                        "destination": {"routing_number": "021000021", "account_number": "****7890"},
                        "settled_at": "2026-04-15T09:14:02Z", "created_at": "2026-04-15T09:14:01Z"}},
}
BODY = json.dumps(EVENT, separators=(",", ":"))


def mac(secret, t_text, body: bytes):
    return hmac.new(secret.encode(), t_text.encode() + b"." + body, hashlib.sha256).hexdigest()


def b(s):
    return s.encode() if isinstance(s, str) else s


cases = []


def case(name, payload, header, secrets, now, expect, tolerance=None):
    c = {"name": name}
    if isinstance(payload, bytes):
        c["payload_hex"] = payload.hex()
    else:
        c["payload"] = payload
    c["header"] = header
    c["secrets"] = secrets
    c["now"] = now
    if tolerance is not None:
        c["tolerance"] = tolerance
    c["expect"] = expect
    cases.append(c)


def ok(index, event_id="evt_1a2b3c4d", event_type="payment.completed"):
    return {"ok": True, "secret_index": index, "event_id": event_id, "event_type": event_type}


# SPEC section 10: a webhook endpoint answers 500 for its own configuration errors (so the sender
# retries once they are fixed) and 400 for a delivery that fails verification.
CONFIGURATION_ERRORS = ("invalid_secret", "payload_not_raw")


def err(code, **extra):
    return {"ok": False, "code": code, **extra, "status": 500 if code in CONFIGURATION_ERRORS else 400}


def hdr(t_text, *sigs):
    return ",".join([f"t={t_text}"] + [f"v1={s}" for s in sigs])


good = mac(S1, str(T), b(BODY))
good2 = mac(S2, str(T), b(BODY))

case("good signature, now equals t", BODY, hdr(T, good), [S1], T, ok(0))
case("good signature, 300 s old (at the tolerance)", BODY, hdr(T, good), [S1], T + 300, ok(0))
case("good signature, 300 s early (at the tolerance)", BODY, hdr(T, good), [S1], T - 300, ok(0))
case("good signature, 301 s old (replay window passed)", BODY, hdr(T, good), [S1], T + 301,
     err("timestamp_outside_tolerance", timestamp=T, now=T + 301, tolerance=300))
case("good signature, 301 s in the future (clock skew)", BODY, hdr(T, good), [S1], T - 301,
     err("timestamp_outside_tolerance", timestamp=T, now=T - 301, tolerance=300))
case("custom tolerance 10 s, at the edge", BODY, hdr(T, good), [S1], T + 10, ok(0), tolerance=10)
case("custom tolerance 10 s, beyond", BODY, hdr(T, good), [S1], T + 11,
     err("timestamp_outside_tolerance", timestamp=T, now=T + 11, tolerance=10), tolerance=10)
case("tolerance 0 requires the exact second", BODY, hdr(T, good), [S1], T, ok(0), tolerance=0)
case("timestamp a year in the future, authentic", BODY,
     hdr(T + 31536000, mac(S1, str(T + 31536000), b(BODY))), [S1], T,
     err("timestamp_outside_tolerance", timestamp=T + 31536000, now=T, tolerance=300))
case("tampered body (amount changed)", BODY.replace("25000", "95000"), hdr(T, good), [S1], T,
     err("signature_mismatch"))
case("tampered timestamp (t changed, v1 kept)", BODY, hdr(T + 1, good), [S1], T,
     err("signature_mismatch"))
case("tampered signature (one hex digit flipped)", BODY,
     hdr(T, good[:-1] + ("0" if good[-1] != "0" else "1")), [S1], T, err("signature_mismatch"))
case("wrong secret", BODY, hdr(T, good), [S2], T, err("signature_mismatch"))
case("whsec_ prefix dropped from the configured secret", BODY, hdr(T, good),
     [S1.removeprefix("whsec_")], T, err("signature_mismatch"))
case("rotation: signed with the new secret, both configured", BODY, hdr(T, good2), [S1, S2], T, ok(1))
case("rotation: two v1 (old and new), only the new configured", BODY, hdr(T, good, good2), [S2], T, ok(0))
case("rotation: two v1, both configured, first secret matches", BODY, hdr(T, good, good2), [S1, S2], T, ok(0))
case("two v1, the first is wrong hex, the second right", BODY, hdr(T, "0" * 64, good), [S1], T, ok(0))
case("unknown schemes v0 and v2 are ignored", BODY, f"t={T},v0=legacy,v1={good},v2=future-scheme", [S1], T, ok(0))
case("only unknown schemes, no v1", BODY, f"t={T},v0={good}", [S1], T, err("malformed_signature_header"))
case("uppercase hex signature", BODY, hdr(T, good.upper()), [S1], T, ok(0))
case("spaces around items", BODY, f" t={T} ,  v1={good} ", [S1], T, ok(0))
case("tab around items", BODY, f"t={T},\tv1={good}", [S1], T, ok(0))
case("t with leading zeros is signed as written", BODY,
     hdr("00" + str(T), mac(S1, "00" + str(T), b(BODY))), [S1], T, ok(0))
case("leading zeros changed after signing", BODY, hdr("00" + str(T), good), [S1], T, err("signature_mismatch"))
case("duplicate t", BODY, f"t={T},t={T},v1={good}", [S1], T, err("malformed_signature_header"))
case("missing t", BODY, f"v1={good}", [S1], T, err("malformed_signature_header"))
case("t with a plus sign", BODY, hdr("+" + str(T), good), [S1], T, err("malformed_signature_header"))
case("negative t", BODY, hdr("-" + str(T), good), [S1], T, err("malformed_signature_header"))
case("decimal t", BODY, hdr(str(T) + ".5", good), [S1], T, err("malformed_signature_header"))
case("t with a space inside", BODY, hdr("17762 44442", good), [S1], T, err("malformed_signature_header"))
case("t with 13 digits", BODY, hdr("1" + "0" * 12, good), [S1], T, err("malformed_signature_header"))
case("empty t", BODY, hdr("", good), [S1], T, err("malformed_signature_header"))
case("uppercase key T", BODY, f"T={T},v1={good}", [S1], T, err("malformed_signature_header"))
case("empty v1", BODY, f"t={T},v1=", [S1], T, err("malformed_signature_header"))
case("truncated signature (63 hex digits)", BODY, hdr(T, good[:63]), [S1], T, err("malformed_signature_header"))
case("over-long signature (66 hex digits)", BODY, hdr(T, good + "ab"), [S1], T, err("malformed_signature_header"))
case("non-hex signature", BODY, hdr(T, "g" + good[1:]), [S1], T, err("malformed_signature_header"))
case("a bad v1 beside a good one", BODY, hdr(T, good, "xyz"), [S1], T, err("malformed_signature_header"))
case("item without =", BODY, f"t={T},v1={good},garbage", [S1], T, err("malformed_signature_header"))
case("trailing comma", BODY, f"t={T},v1={good},", [S1], T, err("malformed_signature_header"))
case("17 v1 items (over the cap of 16)", BODY, hdr(T, *([good] * 17)), [S1], T, err("malformed_signature_header"))
case("16 v1 items, last one right", BODY, hdr(T, *(["0" * 64] * 15 + [good])), [S1], T, ok(0))
case("header absent (null)", BODY, None, [S1], T, err("missing_signature_header"))
case("header empty", BODY, "", [S1], T, err("missing_signature_header"))
case("header only spaces", BODY, "   ", [S1], T, err("missing_signature_header"))
case("no secrets", BODY, hdr(T, good), [], T, err("invalid_secret"))
case("empty secret", BODY, hdr(T, good), [""], T, err("invalid_secret"))
case("secret with a trailing newline", BODY, hdr(T, good), [S1 + "\n"], T, err("invalid_secret"))
case("an API key passed as the secret", BODY, hdr(T, good), ["sk_test_4eC39HqLyjWDarjtT1zdp7dc"], T, err("invalid_secret"))
case("a live API key passed as the second secret", BODY, hdr(T, good), [S1, "sk_live_abc123"], T, err("invalid_secret"))
case("pretty-printed body (re-serialized by a JSON parser)", json.dumps(EVENT, indent=2), hdr(T, good), [S1], T,
     err("signature_mismatch"))
case("body re-serialized with spaces after separators",
     json.dumps(EVENT), hdr(T, good), [S1], T, err("signature_mismatch"))
case("base64-encoded body (AWS Lambda isBase64Encoded, not decoded)", base64.b64encode(b(BODY)).decode(), hdr(T, good),
     [S1], T, err("signature_mismatch", message_contains=["base64-encoded", "isBase64Encoded"]))
case("trailing newline appended to the body", BODY + "\n", hdr(T, good), [S1], T, err("signature_mismatch"))
nonutf8 = b"\xff\xfe\x00binary"
case("non-UTF-8 body, correctly signed: authentic but not an event", nonutf8,
     hdr(T, mac(S1, str(T), nonutf8)), [S1], T, err("invalid_event"))
arr = "[1,2,3]"
case("JSON array body, correctly signed", arr, hdr(T, mac(S1, str(T), b(arr))), [S1], T, err("invalid_event"))
noid = '{"object":"event","type":"payment.created"}'
case("event without id, correctly signed", noid, hdr(T, mac(S1, str(T), b(noid))), [S1], T, err("invalid_event"))
# Every event has `data.object`, a JSON object; a body without it is not an event.
for name, body in [
    ("event without data", '{"id":"evt_nodata1","object":"event","type":"payment.created"}'),
    ("event whose data has no object", '{"id":"evt_nodata2","type":"payment.created","data":{}}'),
    ("event whose data is not an object", '{"id":"evt_nodata3","type":"payment.created","data":[1]}'),
    ("event whose data.object is null", '{"id":"evt_nodata4","type":"payment.created","data":{"object":null}}'),
    ("event whose data.object is a string", '{"id":"evt_nodata5","type":"x.y","data":{"object":"pay_1"}}'),
]:
    case(f"{name}, correctly signed", body, hdr(T, mac(S1, str(T), b(body))), [S1], T,
         err("invalid_event", message_contains=["data"]))
emptyobj = '{"id":"evt_empty1","type":"brand.new","data":{"object":{}}}'
case("unknown type with an empty data.object still parses", emptyobj, hdr(T, mac(S1, str(T), b(emptyobj))), [S1], T,
     ok(0, "evt_empty1", "brand.new"))
unknown = json.dumps({**EVENT, "id": "evt_unknown1", "type": "payment.disputed", "new_top_level": {"x": 1}},
                     separators=(",", ":"))
case("unknown event type still parses", unknown, hdr(T, mac(S1, str(T), b(unknown))), [S1], T,
     ok(0, "evt_unknown1", "payment.disputed"))
odd = json.dumps({**EVENT, "id": "evt_odd1", "data": {"object": {"id": 42}}}, separators=(",", ":"))
case("known type with a mismatching object still parses", odd, hdr(T, mac(S1, str(T), b(odd))), [S1], T,
     ok(0, "evt_odd1", "payment.completed"))
uni = json.dumps({**EVENT, "id": "evt_unicode1",
                  "data": {"object": {**EVENT["data"]["object"], "metadata": {"note": "café 💸 “quoted”"}}}},
                 separators=(",", ":"), ensure_ascii=False)
case("UTF-8 body with non-ASCII characters, hashed as received", uni, hdr(T, mac(S1, str(T), b(uni))), [S1], T,
     ok(0, "evt_unicode1", "payment.completed"))
esc = json.dumps(json.loads(uni), separators=(",", ":"), ensure_ascii=True)
case("same event with \\u escapes instead of raw UTF-8 is a different body", esc,
     hdr(T, mac(S1, str(T), b(uni))), [S1], T, err("signature_mismatch"))
refund = json.dumps({"id": "evt_refund1", "object": "event", "type": "refund.created", "livemode": True,
                     "data": {"object": {"id": "re_1", "object": "refund", "payment": "pay_1a2b3c4d",
                                         "amount": 500, "currency": "usd", "status": "pending",
                                         "created_at": "2026-04-16T10:00:00Z"}}}, separators=(",", ":"))
case("refund.created, live mode", refund, hdr(T, mac(S1, str(T), b(refund))), [S1], T,
     ok(0, "evt_refund1", "refund.created"))

# The event rule's string scan takes 8 bytes a step natively and 16 in the npm modules (WebAssembly
# SIMD, src/json/scan/plain.rs): a byte that needs attention, at every offset of a string across three
# steps, is found where it is, and a high bit anywhere in a step still has its UTF-8 checked.
for label, raw, good, offsets in [
    ("an escaped quote", b'\\"', True, range(34)),
    ("a raw control character 0x1f", b"\x1f", False, range(34)),
    ("a byte that is not UTF-8", b"\xff", False, range(34)),
    ("a space 0x20", b" ", True, (0, 7, 8, 15, 16, 17, 31)),
    ("DEL 0x7f", b"\x7f", True, (0, 7, 8, 15, 16, 17, 31)),
    ("a two-byte UTF-8 character", "é".encode(), True, (0, 7, 8, 14, 15, 16, 31)),
]:
    for k in offsets:
        body = b'{"id":"evt_scan","type":"x.y","data":{"object":{"n":"' + b"a" * k + raw + b'bcdefghijklmnopq"}}}'
        payload = body.decode() if good or raw != b"\xff" else body
        case(f"string scan: {label} at offset {k}, correctly signed", payload, hdr(T, mac(S1, str(T), body)), [S1], T,
             ok(0, "evt_scan", "x.y") if good else err("invalid_event"))

sign_cases = []
for name, payload, secrets, t in [
    ("one secret", BODY, [S1], T),
    ("two secrets give two v1 in order", BODY, [S1, S2], T),
    ("empty body", "", [S1], 0),
    ("unicode body", uni, [S2], 999999999999),
]:
    sign_cases.append({"name": name, "payload": payload, "secrets": secrets, "timestamp": t,
                       "expect": {"ok": True, "header": hdr(t, *[mac(s, str(t), b(payload)) for s in secrets])}})
sign_cases.append({"name": "timestamp over 12 digits", "payload": BODY, "secrets": [S1],
                   "timestamp": 1000000000000, "expect": {"ok": False, "code": "malformed_signature_header"}})
sign_cases.append({"name": "API key as secret", "payload": BODY, "secrets": ["sk_live_x1"],
                   "timestamp": T, "expect": {"ok": False, "code": "invalid_secret"}})

out = {
    "description": "Kinetic-Signature verification vectors (SPEC sections 1-2). Signatures computed by "
                   "gen_webhooks.py with Python's hmac/hashlib. payload is UTF-8 text, payload_hex raw bytes; "
                   "header null means absent; tolerance defaults to 300.",
    "cases": cases,
    "sign_cases": sign_cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "webhooks.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(cases)} cases and {len(sign_cases)} sign cases to {path}")
