#!/usr/bin/env python3
"""Generates routing_numbers.json: ABA routing numbers and what RoutingNumber::parse says.

Independent reference (stdlib only), written from SPEC section 3, not from the Rust code:
  format   exactly 9 ASCII digits                       else invalid_routing_number
  checksum 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) = 0 mod 10   else routing_number_checksum
  prefix   first two digits in 00-12, 21-32, 61-72, and not 000000000   else routing_number_prefix
checked in that order (the first failure is reported).

Run: python3 tests/vectors/gen_routing_numbers.py  (rewrites routing_numbers.json beside it)
"""
import json
import os

ASCII_DIGITS = "0123456789"
WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def checksum_ok(s):
    return sum(w * int(c) for w, c in zip(WEIGHTS, s)) % 10 == 0


def prefix_ok(s):
    p = int(s[:2])
    in_range = 0 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72
    return in_range and s != "000000000"


def reference(s):
    if len(s) != 9 or any(c not in ASCII_DIGITS for c in s):
        return {"ok": False, "code": "invalid_routing_number"}
    if not checksum_ok(s):
        return {"ok": False, "code": "routing_number_checksum"}
    if not prefix_ok(s):
        return {"ok": False, "code": "routing_number_prefix"}
    return {"ok": True}


def check_digit(first8):
    """The ninth digit that makes first8 + d pass the checksum."""
    partial = sum(w * int(c) for w, c in zip(WEIGHTS, first8))
    return str((10 - partial % 10) % 10)


# Published routing numbers (banks' own sites and the Federal Reserve E-Payments directory).
# Each is kept only if it passes the checksum and the prefix rule; anything else is a typo here.
PUBLISHED = [
    ("021000021", "JPMorgan Chase Bank, New York"),
    ("011000015", "Federal Reserve Bank of Boston"),
    ("026009593", "Bank of America, New York"),
    ("121000248", "Wells Fargo Bank, California"),
    ("322271627", "JPMorgan Chase Bank, California"),
    ("061000104", "Truist (SunTrust), Georgia"),
    ("071000013", "JPMorgan Chase Bank, Illinois"),
    ("111000025", "Bank of America, Texas"),
    ("021000089", "Citibank, New York"),
    ("031176110", "Capital One"),
    ("091000019", "Wells Fargo Bank, Minnesota"),
    ("122000661", "Bank of America, California"),
    ("053000196", "Bank of America, North Carolina"),
    ("063100277", "Bank of America, Florida"),
    ("256074974", "Navy Federal Credit Union"),
    ("011000028", "State Street Bank and Trust, Boston"),
    ("091000022", "U.S. Bank, Minnesota"),
    ("043000096", "PNC Bank, Pennsylvania"),
    ("051000017", "Bank of America, Virginia"),
    ("121042882", "Wells Fargo Bank, California"),
]


def main():
    cases = []
    kept = 0
    for rn, bank in PUBLISHED:
        if reference(rn) != {"ok": True}:
            print(f"dropped {rn} ({bank}): {reference(rn)}")
            continue
        kept += 1
        cases.append({"name": f"published: {bank}", "input": rn, "expect": {"ok": True}})
    assert kept >= 10, "too few published numbers survived"

    # Synthetic numbers at the edges of each allowed prefix range (check digit computed).
    for prefix in ["00", "12", "21", "32", "61", "72"]:
        first8 = prefix + "000001"
        rn = first8 + check_digit(first8)
        cases.append({"name": f"synthetic, allowed prefix {prefix}", "input": rn,
                      "expect": {"ok": True}})

    # Bad checksum: each published number with its last digit changed (one typo).
    for rn, bank in PUBLISHED[:6]:
        bad = rn[:8] + str((int(rn[8]) + 1) % 10)
        cases.append({"name": f"checksum: last digit of {rn} changed", "input": bad})
    # Transposed adjacent digits that change the sum.
    cases.append({"name": "checksum: transposed digits of 021000021", "input": "201000021"})
    cases.append({"name": "checksum: first digit changed", "input": "121000021"})

    # Unassigned prefixes whose checksum passes: the prefix rule alone refuses them.
    for prefix in ["13", "15", "20", "33", "40", "50", "60", "73", "80", "99"]:
        first8 = prefix + "100000"
        rn = first8 + check_digit(first8)
        assert checksum_ok(rn) and not prefix_ok(rn)
        cases.append({"name": f"prefix {prefix} is unassigned (checksum passes)", "input": rn})
    cases.append({"name": "all zeros (checksum passes)", "input": "000000000"})

    # Format.
    for name, s in [
        ("empty", ""),
        ("8 digits", "02100002"),
        ("10 digits", "0210000210"),
        ("leading space", " 021000021"),
        ("trailing space", "021000021 "),
        ("inner space", "021 000 021"),
        ("dashes", "021-000-021"),
        ("letter O for zero", "O21000021"),
        ("hex-looking", "02100002a"),
        ("plus sign", "+21000021"),
        ("minus sign", "-21000021"),
        ("decimal point", "02100002.1"),
        ("fullwidth digits", "０２１００００２１"),
        ("Arabic-Indic digits", "٠٢١٠٠٠٠٢١"),
        ("Devanagari digits", "०२१०००० २१".replace(" ", "")),
        ("superscript digit", "02100002¹"),
        ("newline", "021000021\n"),
        ("NUL byte", "02100002\u0000"),
    ]:
        cases.append({"name": f"format: {name}", "input": s})

    for c in cases:
        c.setdefault("expect", reference(c["input"]))
        if c["name"].startswith(("checksum", "prefix", "all zeros", "format")):
            assert not c["expect"]["ok"], c
    out = {
        "description": "ABA routing numbers: RoutingNumber::parse(input) -> expect {ok: true} or "
        "{ok: false, code}. Checks run format, checksum, prefix; the first failure is the code. "
        "Generated by gen_routing_numbers.py (independent stdlib-Python reference).",
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "routing_numbers.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
