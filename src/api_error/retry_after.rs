//! `Retry-After` (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date (section 5.6.7),
//! read against the `now` argument.

use super::*;

/// Parses a `Retry-After` value into how long to wait from `now` (whole seconds).
///
/// Accepted, after trimming surrounding spaces and tabs:
/// - delay-seconds: one or more ASCII digits (no sign, no decimals), saturating at
///   [`MAX_RETRY_AFTER_SECS`];
/// - an HTTP-date in any of the three forms a recipient must accept: IMF-fixdate
///   (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, a two-digit
///   year more than 50 years after `now`'s year means the previous century) and asctime
///   (`Sun Nov  6 08:49:37 1994`). Names are case-sensitive as in the RFC; the weekday must be
///   a weekday name but is not checked against the date; impossible dates (`31 Apr`) are
///   refused. A date at or before `now` gives `0`.
///
/// Anything else gives `None`.
///
/// ```
/// use kinetic_flow_core::api_error::parse_retry_after;
/// use kinetic_flow_core::UnixTime;
/// let now = UnixTime::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
/// let s = std::time::Duration::from_secs;
/// assert_eq!(parse_retry_after("120", now), Some(s(120)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), Some(s(60)));
/// assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now), Some(s(10)));
/// assert_eq!(parse_retry_after("Sun Nov  6 08:49:38 1994", now), Some(s(1)));
/// assert_eq!(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now), Some(s(0)));
/// assert_eq!(parse_retry_after("-5", now), None);
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: impl Into<UnixTime>) -> Option<Duration> {
    retry_after_secs(value, now.into().as_secs()).map(Duration::from_secs)
}

/// [`parse_retry_after`] in whole seconds, saturating at [`MAX_RETRY_AFTER_SECS`].
pub(super) fn retry_after_secs(value: &str, now: i64) -> Option<u64> {
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.bytes().fold(0u64, |acc, b| {
            acc.saturating_mul(10)
                .saturating_add(u64::from(b - b'0'))
                .min(MAX_RETRY_AFTER_SECS)
        });
        return Some(secs);
    }
    let date = parse_http_date(value, now)?;
    let diff = date.saturating_sub(now);
    Some(u64::try_from(diff).unwrap_or(0).min(MAX_RETRY_AFTER_SECS))
}

pub(super) const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub(super) const DAY_NAMES_LONG: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub(super) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An HTTP-date in any of its three forms, as Unix seconds.
pub(super) fn parse_http_date(s: &str, now: i64) -> Option<i64> {
    parse_imf_fixdate(s)
        .or_else(|| parse_rfc850(s, now))
        .or_else(|| parse_asctime(s))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
pub(super) fn parse_imf_fixdate(s: &str) -> Option<i64> {
    let (day_name, rest) = crate::text::split_once(s, ", ")?;
    if !DAY_NAMES.contains(&day_name) || rest.len() != 24 {
        return None;
    }
    let day = digits(rest.get(0..2)?)?;
    expect(rest, 2..3, " ")?;
    let month = month(rest.get(3..6)?)?;
    expect(rest, 6..7, " ")?;
    let year = digits(rest.get(7..11)?)?;
    expect(rest, 11..12, " ")?;
    let (h, m, sec) = time_of_day(rest.get(12..20)?)?;
    expect(rest, 20..24, " GMT")?;
    unix_time(i64::from(year), month, day, h, m, sec)
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`
pub(super) fn parse_rfc850(s: &str, now: i64) -> Option<i64> {
    let (day_name, rest) = crate::text::split_once(s, ", ")?;
    if !DAY_NAMES_LONG.contains(&day_name) || rest.len() != 22 {
        return None;
    }
    let day = digits(rest.get(0..2)?)?;
    expect(rest, 2..3, "-")?;
    let month = month(rest.get(3..6)?)?;
    expect(rest, 6..7, "-")?;
    let yy = i64::from(digits(rest.get(7..9)?)?);
    expect(rest, 9..10, " ")?;
    let (h, m, sec) = time_of_day(rest.get(10..18)?)?;
    expect(rest, 18..22, " GMT")?;
    // RFC 9110 section 5.6.7: a year that appears more than 50 years in the future is the most
    // recent past year with the same last two digits.
    let this_year = civil_year(now.div_euclid(86_400));
    let mut year = this_year - this_year.rem_euclid(100) + yy;
    if year > this_year + 50 {
        year -= 100;
    }
    unix_time(year, month, day, h, m, sec)
}

/// `Sun Nov  6 08:49:37 1994` (the day is two digits or a space and one digit)
pub(super) fn parse_asctime(s: &str) -> Option<i64> {
    if s.len() != 24 || !DAY_NAMES.contains(&s.get(0..3)?) {
        return None;
    }
    expect(s, 3..4, " ")?;
    let month = month(s.get(4..7)?)?;
    expect(s, 7..8, " ")?;
    let day_text = s.get(8..10)?;
    let day = match day_text.strip_prefix(' ') {
        Some(one) => digits(one)?,
        None => digits(day_text)?,
    };
    expect(s, 10..11, " ")?;
    let (h, m, sec) = time_of_day(s.get(11..19)?)?;
    expect(s, 19..20, " ")?;
    let year = digits(s.get(20..24)?)?;
    unix_time(i64::from(year), month, day, h, m, sec)
}

pub(super) fn expect(s: &str, range: std::ops::Range<usize>, want: &str) -> Option<()> {
    (s.get(range)? == want).then_some(())
}

/// A non-empty run of ASCII digits (at most 4 here) as a number.
pub(super) fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })
}

pub(super) fn month(s: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|m| *m == s)?;
    u32::try_from(index).ok()?.checked_add(1)
}

/// `HH:MM:SS`, hour 00-23, minute 00-59, second 00-60 (60 only for a leap second).
pub(super) fn time_of_day(s: &str) -> Option<(u32, u32, u32)> {
    let h = digits(s.get(0..2)?)?;
    expect(s, 2..3, ":")?;
    let m = digits(s.get(3..5)?)?;
    expect(s, 5..6, ":")?;
    let sec = digits(s.get(6..8)?)?;
    (h <= 23 && m <= 59 && sec <= 60).then_some((h, m, sec))
}

pub(super) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Unix seconds of a UTC civil date and time, or `None` for an impossible date.
pub(super) fn unix_time(year: i64, month: u32, day: u32, h: u32, m: u32, sec: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = i64::from(h * 3600 + m * 60 + sec);
    days.checked_mul(86_400)?.checked_add(secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
/// Callers pass years within a few centuries of today, far from any overflow.
pub(super) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The year of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`, year only).
/// Any `i64` seconds divided by 86 400 is far from overflowing these steps.
pub(super) fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let year = yoe + era * 400;
    if mp >= 10 {
        year + 1 // January and February belong to the next civil year
    } else {
        year
    }
}
