//! `kinetic validate`: payment params checked by the core's rules, every problem at once.

use std::path::PathBuf;

use kinetic_flow_core::payment;
use serde_json::{json, Value};

use crate::style::Style;
use crate::{exit, input};

/// Check payment params before sending them, every problem at once
///
/// The params are the body of POST /v1/payments; each problem is printed as
/// `param  code  message`, with the core's rules (the API's).
///
/// Examples:
///   kinetic validate payment.json
///   echo '{"amount":25000,"currency":"usd"}' | kinetic validate --json
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = exit::TABLE)]
pub struct Args {
    /// Print one JSON object: {"ok":true,"value":{…}} or {"ok":false,"errors":[{param,code,message}]}.
    #[arg(long)]
    json: bool,
    /// The params, a JSON object (`-` or nothing: standard input).
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let text = match input::read(args.file.as_deref()) {
        Ok(text) => text,
        Err(message) => {
            input::complain(&message);
            return exit::INPUT;
        }
    };
    let params: Value = match serde_json::from_slice(&text) {
        Ok(params) => params,
        Err(err) => {
            input::complain(&format!(
                "{} is not JSON: {err}",
                input::name(args.file.as_ref())
            ));
            return exit::INPUT;
        }
    };
    let result = payment::validate(&params);
    if args.json {
        let out = match &result {
            Ok(valid) => json!({ "ok": true, "value": valid.to_json() }),
            Err(errors) => json!({ "ok": false, "errors": errors.iter().map(|e| json!({
                "param": e.param, "code": e.code, "message": e.message,
            })).collect::<Vec<_>>() }),
        };
        println!("{out}");
    } else {
        let style = Style::stdout();
        match &result {
            Ok(valid) => println!("{} {}", style.good("valid:"), valid.to_json()),
            Err(errors) => {
                let width = |f: fn(&kinetic_flow_core::FieldError) -> usize| {
                    errors.iter().map(f).max().unwrap_or(0)
                };
                let (p, c) = (width(|e| e.param.len().max(6)), width(|e| e.code.len()));
                for e in errors.iter() {
                    let param = if e.param.is_empty() {
                        "(body)"
                    } else {
                        &e.param
                    };
                    println!(
                        "{}  {}  {}",
                        style.bold(&format!("{param:p$}")),
                        style.bad(&format!("{:c$}", e.code)),
                        e.message
                    );
                }
                if errors.omitted() > 0 {
                    println!("… and {} more", errors.omitted());
                }
            }
        }
    }
    if result.is_ok() {
        exit::OK
    } else {
        exit::FAILED
    }
}
