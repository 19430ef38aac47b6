//! Exit statuses: one table, printed in `--help` and the README.

/// Success.
pub const OK: u8 = 0;
/// The input is invalid (`validate`), the API answered an error, or an endpoint did not answer 2xx.
pub const FAILED: u8 = 1;
/// A bad argument or configuration (clap's own status for a bad argument).
pub const USAGE: u8 = 2;
/// An input could not be read (a missing file, a body that is not JSON where JSON is needed).
pub const INPUT: u8 = 3;
/// The API or an endpoint could not be reached (connection refused, timed out).
pub const UNREACHABLE: u8 = 4;

/// The exit status of a webhook error, by its stable code (`verify`, `sign`).
pub fn for_webhook_code(code: &str) -> u8 {
    match code {
        "missing_signature_header" => 10,
        "malformed_signature_header" => 11,
        "timestamp_outside_tolerance" => 12,
        "signature_mismatch" => 13,
        "invalid_secret" => 14,
        "invalid_event" => 15,
        _ => FAILED,
    }
}

/// The table shown after every `--help`.
pub const TABLE: &str = "\
Exit status:
  0   success (verify: the delivery verifies; trigger: every endpoint answered 2xx)
  1   invalid params (validate), an error answered by the API, or an endpoint that did not answer 2xx
  2   a bad argument or configuration (KINETIC_API_KEY unset or malformed, a bad --api-base)
  3   an input that cannot be read (missing file, not JSON)
  4   the API or the endpoint could not be reached (connection failed, timed out)
  10  verify: missing_signature_header
  11  verify: malformed_signature_header
  12  verify: timestamp_outside_tolerance
  13  verify: signature_mismatch
  14  verify, sign: invalid_secret
  15  verify: invalid_event
";
