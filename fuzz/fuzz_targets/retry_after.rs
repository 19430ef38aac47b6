//! `Retry-After` parsing. Two input forms, chosen by the first byte:
//! - `R`: raw, `now\nvalue` (seeds from tests/vectors/api_errors.json);
//! - anything else: structure-aware: an HTTP-date in one of the three RFC 9110 forms built
//!   from (possibly out-of-range) fields, with optional damage, compared with a plain
//!   reference (days counted year by year) for the exact number of seconds.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use kinetic_flow_core::api_error::{parse_retry_after, MAX_RETRY_AFTER_SECS};
use kinetic_flow_core::UnixTime;
use libfuzzer_sys::fuzz_target;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[derive(Arbitrary, Debug)]
struct Date {
    form: u8,
    weekday: u8,
    day: u8,
    month: u8,
    year: u16,
    hour: u8,
    minute: u8,
    second: u8,
    /// Seconds from 1900-01-01 to `now`, modulo 300 years (RFC 850 needs `now`'s year).
    now: u64,
    /// Damage: replace the byte at this position with this byte.
    damage: Option<(u8, u8)>,
    padding: u8,
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    [
        31,
        if is_leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1]
}

/// Unix seconds of a civil date, counting whole years and months one by one.
fn reference_unix(y: i64, m: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    let mut days: i64 = 0;
    if y >= 1970 {
        for yy in 1970..y {
            days += if is_leap(yy) { 366 } else { 365 };
        }
    } else {
        for yy in y..1970 {
            days -= if is_leap(yy) { 366 } else { 365 };
        }
    }
    for mm in 1..m {
        days += i64::from(days_in_month(y, mm));
    }
    days += i64::from(d) - 1;
    days * 86_400 + i64::from(h * 3600 + mi * 60 + s)
}

fn year_of(unix: i64) -> i64 {
    let mut y = 1900;
    while reference_unix(y + 1, 1, 1, 0, 0, 0) <= unix {
        y += 1;
    }
    y
}

fn check_date(date: Date) {
    let now = reference_unix(1900, 1, 1, 0, 0, 0) + (date.now % (300 * 365 * 86_400)) as i64;
    let form = date.form % 3;
    let (day, month, hour, minute, second) = (
        u32::from(date.day % 40),
        u32::from(date.month % 14), // 0 and 13 are out of range
        u32::from(date.hour % 26),
        u32::from(date.minute % 62),
        u32::from(date.second % 62),
    );
    let month_name = MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("Foo");
    let mut year = i64::from(date.year % 10_000);
    let text = match form {
        0 => format!(
            "{}, {day:02} {month_name} {year:04} {hour:02}:{minute:02}:{second:02} GMT",
            DAYS[usize::from(date.weekday % 7)]
        ),
        1 => {
            let yy = year % 100;
            let this_year = year_of(now);
            year = this_year - this_year % 100 + yy;
            if year > this_year + 50 {
                year -= 100;
            }
            format!(
                "{}, {day:02}-{month_name}-{yy:02} {hour:02}:{minute:02}:{second:02} GMT",
                LONG_DAYS[usize::from(date.weekday % 7)]
            )
        }
        _ => format!(
            "{} {month_name} {day:>2} {hour:02}:{minute:02}:{second:02} {year:04}",
            DAYS[usize::from(date.weekday % 7)]
        ),
    };
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    let padded = format!(
        "{}{text}{}",
        [" ", "\t", ""][usize::from(date.padding % 3)],
        [" ", ""][usize::from(date.padding / 3 % 2)]
    );
    let got = parse_retry_after(&padded, UnixTime::from_secs(now)).map(|d| d.as_secs());
    if valid {
        let at = reference_unix(year, month, day, hour, minute, second);
        let want = (at - now).clamp(0, MAX_RETRY_AFTER_SECS as i64) as u64;
        assert_eq!(got, Some(want), "{padded:?} at now={now}");
    } else {
        assert_eq!(got, None, "{padded:?} is not a valid date");
    }
    if let Some((pos, byte)) = date.damage {
        let mut bytes = text.into_bytes();
        let i = usize::from(pos) % bytes.len();
        bytes[i] = byte;
        if let Ok(damaged) = String::from_utf8(bytes) {
            check_any(&damaged, now);
        }
    }
}

/// Properties for any value: digits are delay-seconds (saturating), results are capped.
fn check_any(value: &str, now: i64) {
    let got = parse_retry_after(value, UnixTime::from_secs(now)).map(|d| d.as_secs());
    let trimmed = value.trim_matches(|c| c == ' ' || c == '\t');
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let want = trimmed
            .parse::<u64>()
            .map_or(MAX_RETRY_AFTER_SECS, |s| s.min(MAX_RETRY_AFTER_SECS));
        assert_eq!(got, Some(want));
    }
    assert!(got.is_none_or(|s| s <= MAX_RETRY_AFTER_SECS));
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((b'R', rest)) => {
            let text = String::from_utf8_lossy(rest);
            let (now, value) = text.split_once('\n').unwrap_or(("0", &text));
            check_any(value, now.trim().parse().unwrap_or(0));
        }
        Some((_, rest)) => {
            if let Ok(date) = Date::arbitrary_take_rest(Unstructured::new(rest)) {
                check_date(date);
            }
        }
        None => {}
    }
});
