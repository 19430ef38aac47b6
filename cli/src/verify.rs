//! `kinetic verify`: a delivery diagnosed step by step, with the core's rules and hints.

use std::path::PathBuf;
use std::time::Duration;

use kinetic_flow_core::webhook::diagnose::{diagnose, Diagnosis, Finding};
use kinetic_flow_core::webhook::{WebhookError, DEFAULT_TOLERANCE, SIGNATURE_HEADER};
use kinetic_flow_core::UnixTime;
use serde_json::{json, Value};

use crate::style::Style;
use crate::{exit, input};

/// Verify a webhook delivery, diagnosed step by step
///
/// The steps: the header, the secrets, which secret signed the body, the time against the
/// tolerance, the event. When no signature matches: what the body looks like (re-serialized,
/// pretty-printed, base64, a trailing newline) and whether a secret has the wrong shape.
///
/// Examples:
///   kinetic verify --secret whsec_test --header 't=1776244442,v1=5257…' body.json
///   kinetic verify --secret whsec_old --secret whsec_new --headers-file request.txt body.json
///   curl -s … | kinetic verify --secret "$KINETIC_WEBHOOK_SECRET" --header "$SIG" -
///
/// The exit status names the failure (see below); 0 when the delivery verifies.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = exit::TABLE)]
#[command(group(clap::ArgGroup::new("signature").required(true).args(["header", "headers_file"])))]
pub struct Args {
    /// A signing secret (whsec_…); repeat it for several (a rotation, several endpoints).
    #[arg(long, required = true, value_name = "SECRET")]
    secret: Vec<String>,
    /// The Kinetic-Signature header's value.
    #[arg(long, value_name = "VALUE")]
    header: Option<String>,
    /// A file of the request's headers (`Name: value` lines, as `curl -D` writes them, or a JSON
    /// object); Kinetic-Signature is read from it, in any case.
    #[arg(long, value_name = "FILE")]
    headers_file: Option<PathBuf>,
    /// The tolerance between the header's time and now, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TOLERANCE.as_secs())]
    tolerance: u64,
    /// The Unix time to verify at, in seconds (default: now).
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    now: Option<i64>,
    /// Print one JSON object instead of the steps.
    #[arg(long)]
    json: bool,
    /// The body exactly as received (`-` or nothing: standard input).
    #[arg(value_name = "BODY_FILE")]
    body: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let body = match input::read(args.body.as_deref()) {
        Ok(body) => body,
        Err(message) => {
            input::complain(&message);
            return exit::INPUT;
        }
    };
    let headers: Vec<Vec<u8>> = match (&args.header, &args.headers_file) {
        (Some(value), _) => vec![value.as_bytes().to_vec()],
        (None, Some(path)) => match std::fs::read(path) {
            Ok(file) => signature_values(&file),
            Err(e) => {
                input::complain(&format!("cannot read {}: {e}", path.display()));
                return exit::INPUT;
            }
        },
        (None, None) => Vec::new(),
    };
    let header_refs: Vec<&[u8]> = headers.iter().map(Vec::as_slice).collect();
    let now = args.now.map_or_else(UnixTime::now, UnixTime::from_secs);
    let tolerance = Duration::from_secs(args.tolerance);
    let d = diagnose(&body, &header_refs, &args.secret, now, tolerance);
    if args.json {
        println!("{}", as_json(&d, &args.secret));
    } else {
        print_steps(
            &d,
            &args.secret,
            body.len(),
            &input::name(args.body.as_ref()),
        );
    }
    match &d.result {
        Ok(_) => exit::OK,
        Err(err) => exit::for_webhook_code(err.code()),
    }
}

/// Every `Kinetic-Signature` value in a headers file: `Name: value` lines (a request or status
/// line, and the body after a blank line, are skipped by having no such name), or a JSON object
/// whose values are strings or lists of strings (a Node headers record).
fn signature_values(file: &[u8]) -> Vec<Vec<u8>> {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(file) {
        return map
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(SIGNATURE_HEADER))
            .flat_map(|(_, value)| match value {
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                Value::String(s) => vec![s.clone()],
                _ => Vec::new(),
            })
            .map(String::into_bytes)
            .collect();
    }
    let mut values = Vec::new();
    for line in file.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break; // the end of the headers
        }
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            let (name, value) = line.split_at(colon);
            if name
                .trim_ascii()
                .eq_ignore_ascii_case(SIGNATURE_HEADER.as_bytes())
            {
                values.push(value.get(1..).unwrap_or_default().trim_ascii().to_vec());
            }
        }
    }
    values
}

fn print_steps(d: &Diagnosis, secrets: &[String], body_len: usize, body_name: &str) {
    let s = Style::stdout();
    let step = |n: u8, name: &str, text: String| {
        println!("{} {:<10} {text}", s.dim(&n.to_string()), s.bold(name))
    };
    println!(
        "{}",
        s.dim(&format!(
            "body: {body_len} bytes from {body_name}; {} secret(s)",
            secrets.len()
        ))
    );

    // 1. The header.
    let facts = match &d.header {
        Ok(f) => {
            step(
                1,
                "header",
                format!(
                    "{} t={}, {} v1 signature(s)",
                    s.good("ok"),
                    f.timestamp,
                    f.signatures
                ),
            );
            Some(f)
        }
        Err(err) => {
            step(1, "header", format!("{} {err}", s.bad(err.code())));
            None
        }
    };

    // 2. The secrets (never printed: their shape only).
    for (index, problem) in d.secrets.iter().enumerate() {
        let text = match problem {
            None => format!(
                "{} {}",
                s.good("usable"),
                shape(secrets.get(index).map_or("", String::as_str))
            ),
            Some(problem) => {
                let err = WebhookError::InvalidSecret {
                    index,
                    problem: *problem,
                };
                format!("{} {err} {}", s.bad("refused:"), err.advice())
            }
        };
        step(2, &format!("secret #{index}"), text);
    }

    // 3. The signature.
    if facts.is_some() && d.secrets.iter().all(Option::is_none) {
        match d.matched {
            Some(index) => step(
                3,
                "signature",
                format!("{} secret #{index}", s.good("matches")),
            ),
            None => {
                step(
                    3,
                    "signature",
                    s.bad("no v1 matches the body with any secret"),
                );
                let mut evidence = false;
                for finding in &d.findings {
                    evidence = true;
                    let who = match finding {
                        Finding::SecretShape { index, .. } => format!("secret #{index}: "),
                        _ => String::new(),
                    };
                    println!("  {} {who}{}", s.warn("-"), finding.describe());
                }
                if !evidence {
                    println!(
                        "  {} the body looks as sent (compact JSON, no stray bytes), so either it was changed after signing (tampered) or it was signed with another secret (another endpoint's, or an old one)",
                        s.warn("-")
                    );
                }
            }
        }
    }

    // 4. The time: judged only for an authentic message.
    if let (Some(f), Some(age)) = (facts, d.age_secs) {
        let when = if age >= 0 {
            format!("{age} s ago")
        } else {
            format!("{} s in the future", age.unsigned_abs())
        };
        let verdict = match (&d.result, d.matched) {
            (Err(WebhookError::TimestampOutsideTolerance { .. }), _) => s.bad(&format!(
                "outside the tolerance of {} s (stale, skewed or replayed)",
                d.tolerance.as_secs()
            )),
            (_, Some(_)) => s.good(&format!(
                "within the tolerance of {} s",
                d.tolerance.as_secs()
            )),
            _ => s.dim("not judged (only an authentic message's time is)"),
        };
        step(4, "time", format!("t={} is {when}: {verdict}", f.timestamp));
    }

    // 5. The event.
    match &d.result {
        Ok(v) => step(
            5,
            "event",
            format!(
                "{} {} {}",
                s.good("ok"),
                v.event.id,
                v.event.event_type.as_str()
            ),
        ),
        Err(err @ WebhookError::InvalidEvent { .. }) => {
            step(5, "event", format!("{} {err}", s.bad(err.code())))
        }
        Err(_) => {}
    }

    match &d.result {
        Ok(v) => println!(
            "{} (secret #{}, event {})",
            s.good("verified"),
            v.secret_index,
            v.event.id
        ),
        Err(err) => {
            println!("{}", s.bad(&format!("not verified: {}", err.code())));
            println!("{} {}", s.dim("fix:"), err.advice());
        }
    }
}

/// What a secret looks like, without showing any of it beyond the `whsec_` prefix.
fn shape(secret: &str) -> String {
    let start = if secret.starts_with("whsec_") {
        "whsec_…"
    } else {
        "no whsec_ prefix"
    };
    format!("({start}, {} characters)", secret.chars().count())
}

fn as_json(d: &Diagnosis, secrets: &[String]) -> Value {
    let error = d.result.as_ref().err();
    json!({
        "verified": d.result.is_ok(),
        "code": error.map(WebhookError::code),
        "message": error.map(ToString::to_string),
        "timestamp": d.header.as_ref().ok().map(|f| f.timestamp.as_secs()),
        "signatures": d.header.as_ref().ok().map(|f| f.signatures),
        "age": d.age_secs,
        "tolerance": d.tolerance.as_secs(),
        "secrets": secrets.len(),
        "matched_secret": d.matched,
        "event": d.result.as_ref().ok().map(|v| json!({ "id": v.event.id.as_str(), "type": v.event.event_type.as_str() })),
        "findings": d.findings.iter().map(Finding::describe).collect::<Vec<_>>(),
    })
}
