//! `kinetic sign`: the `Kinetic-Signature` value for a body, or a ready `curl` command.

use std::path::PathBuf;

use kinetic_flow_core::webhook::{sign, SIGNATURE_HEADER};
use kinetic_flow_core::UnixTime;

use crate::{exit, input};

/// Sign a webhook body: the Kinetic-Signature value, or a curl command that sends it
///
/// The body is signed exactly as read, byte for byte (a trailing newline is part of it).
///
/// Examples:
///   kinetic sign --secret whsec_test event.json
///   echo -n '{"id":"evt_1"}' | kinetic sign --secret whsec_test --timestamp 1776244442
///   kinetic sign --secret whsec_test --curl http://localhost:3000/webhooks event.json | sh
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = exit::TABLE)]
pub struct Args {
    /// The endpoint's signing secret (whsec_…); repeat it to sign with several (a rotation).
    #[arg(long, required = true, value_name = "SECRET")]
    secret: Vec<String>,
    /// The Unix time to sign at, in seconds (default: now).
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    timestamp: Option<i64>,
    /// Print a curl command that POSTs the signed body to this URL instead of the header value.
    #[arg(long, value_name = "URL")]
    curl: Option<String>,
    /// The body to sign (`-` or nothing: standard input).
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
    let timestamp = args
        .timestamp
        .map_or_else(UnixTime::now, UnixTime::from_secs);
    let header = match sign(&body, &args.secret, timestamp) {
        Ok(header) => header,
        Err(err) => {
            input::complain(&format!("{err} ({})", err.code()));
            return exit::for_webhook_code(err.code());
        }
    };
    match args.curl {
        None => println!("{header}"),
        Some(url) => {
            // A file is sent by curl itself (exact bytes); standard input is inlined, quoted.
            let data = match args.body.as_ref().filter(|p| p.as_os_str() != "-") {
                Some(path) => quote(&format!("@{}", path.display())),
                None => quote(&String::from_utf8_lossy(&body)),
            };
            println!(
                "curl -sS -X POST {} -H {} -H {} --data-binary {data}",
                quote(&url),
                quote("Content-Type: application/json"),
                quote(&format!("{SIGNATURE_HEADER}: {header}")),
            );
        }
    }
    exit::OK
}

/// Single-quoted for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
