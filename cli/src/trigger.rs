//! `kinetic trigger`: make an event happen in the sandbox, or sign and POST a realistic one.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use kinetic_flow::core::event::EventType;
use kinetic_flow::core::webhook::{test_delivery, TestDelivery};
use kinetic_flow::{Client, UnixTime};
use serde_json::{json, Map, Value};

use crate::style::Style;
use crate::{api, exit, input};

/// Trigger a webhook event: make it really happen in the sandbox, or send a realistic one
///
/// With --sandbox URL, the objects are made so the event happens (payment.failed creates a
/// payment to a test account that fails) and its deliveries to the sandbox's endpoints are
/// awaited. With --to URL --secret S, a realistic event of the type (the shared example objects)
/// is signed and POSTed to URL directly. Either way: the event id and each endpoint's answer;
/// exit 0 only when every endpoint answered 2xx.
///
/// --set path=value changes a field (the value is JSON when it parses, else a string):
/// with --to, a path in the event (data.object.amount=500); with --sandbox, a field of the
/// params that make the object (amount=500, or data.object.amount=500).
///
/// Examples:
///   kinetic trigger payment.failed --sandbox http://127.0.0.1:4242
///   kinetic trigger payment.completed --to http://localhost:3000/webhooks --secret whsec_test --set data.object.amount=500
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = exit::TABLE)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["sandbox", "to"])))]
pub struct Args {
    /// The event type, e.g. payment.failed, refund.completed, token.created.
    #[arg(value_name = "EVENT_TYPE")]
    event_type: String,
    /// The sandbox's base URL (kinetic sandbox prints it); uses $KINETIC_API_KEY, else a test key.
    #[arg(long, value_name = "URL")]
    sandbox: Option<String>,
    /// Sign and POST a realistic event to this URL.
    #[arg(
        long,
        value_name = "URL",
        requires = "secret",
        conflicts_with = "sandbox"
    )]
    to: Option<String>,
    /// The endpoint's signing secret, for --to (repeat it to sign with several).
    #[arg(long, value_name = "SECRET")]
    secret: Vec<String>,
    /// Change a field: path=value (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// How long to wait for the endpoints' answers, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    wait: u64,
}

pub fn run(args: Args) -> u8 {
    let event_type = EventType::parse(&args.event_type);
    if let EventType::Unknown(_) = event_type {
        input::complain(&format!(
            "unknown event type {:?}: use one of {}",
            args.event_type,
            known_types().join(", ")
        ));
        return exit::USAGE;
    }
    let overrides = match overrides(&args.set) {
        Ok(o) => o,
        Err(message) => {
            input::complain(&message);
            return exit::USAGE;
        }
    };
    let result = match (&args.to, &args.sandbox) {
        (Some(url), _) => api::block_on(to_url(url, &args, &event_type, overrides)),
        (None, Some(url)) => api::block_on(in_sandbox(url, &args, &event_type, overrides)),
        (None, None) => Ok(exit::USAGE),
    };
    result.unwrap_or_else(|code| code)
}

fn known_types() -> Vec<&'static str> {
    [
        "payment.created",
        "payment.processing",
        "payment.completed",
        "payment.failed",
        "payment.refunded",
        "refund.created",
        "refund.completed",
        "token.created",
        "token.updated",
        "payout.completed",
    ]
    .into_iter()
    .filter(|t| !matches!(EventType::parse(t), EventType::Unknown(_)))
    .collect()
}

/// `a.b.c=value` pairs as one nested JSON object.
fn overrides(sets: &[String]) -> Result<Option<Value>, String> {
    if sets.is_empty() {
        return Ok(None);
    }
    let mut root = Map::new();
    for set in sets {
        let (path, raw) = set.split_once('=').ok_or_else(|| {
            format!("--set {set:?}: expected path=value, as in data.object.amount=500")
        })?;
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
        let keys: Vec<&str> = path.split('.').collect();
        if keys.iter().any(|k| k.is_empty()) {
            return Err(format!("--set {set:?}: the path has an empty part"));
        }
        let mut node = &mut root;
        let (last, parents) = keys.split_last().ok_or("--set: an empty path")?;
        for key in parents {
            let entry = node
                .entry((*key).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            node = match entry {
                Value::Object(map) => map,
                _ => return Err(format!("--set {set:?}: {key} is not an object")),
            };
        }
        node.insert((*last).to_owned(), value);
    }
    Ok(Some(Value::Object(root)))
}

/// Sixteen bytes from the OS for the event id; an id only needs to be unlikely to repeat, so
/// on failure the time still varies it.
fn random16() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes();
    }
    bytes
}

/// --to: one signed POST of a realistic event.
async fn to_url(url: &str, args: &Args, event_type: &EventType, overrides: Option<Value>) -> u8 {
    let delivery: TestDelivery = match test_delivery(
        event_type,
        &args.secret,
        UnixTime::now(),
        random16(),
        overrides,
    ) {
        Ok(d) => d,
        Err(err) => {
            input::complain(&format!("{err} ({})", err.code()));
            return if err.code() == "invalid_secret" {
                exit::for_webhook_code(err.code())
            } else {
                exit::USAGE
            };
        }
    };
    let s = Style::stdout();
    println!("event {} {}", delivery.event.id, event_type.as_str());
    let mut request = reqwest::Client::new().post(url);
    for (name, value) in delivery.headers() {
        request = request.header(name, value);
    }
    let answer = request
        .body(delivery.body.clone())
        .timeout(Duration::from_secs(args.wait.max(1)))
        .send()
        .await;
    match answer {
        Ok(response) => {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            let line = format!("{url} answered {}", status.as_u16());
            if status.is_success() {
                println!("  {} {}", s.good(&line), short(&body));
                exit::OK
            } else {
                println!("  {} {}", s.bad(&line), short(&body));
                exit::FAILED
            }
        }
        Err(err) => {
            println!("  {} {url}: {}", s.bad("no answer:"), cause(&err));
            exit::UNREACHABLE
        }
    }
}

/// The innermost cause of a transport error, in a few words.
fn cause(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        text = e.to_string();
        source = e.source();
    }
    text
}

/// At most 200 characters of an answer's body, on one line.
fn short(body: &str) -> String {
    let one_line: String = body
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    one_line.trim().to_owned()
}

/// What to make in the sandbox so that `event_type` happens, and how long its clock must run.
enum Plan {
    Payment {
        params: Value,
        advance: u64,
    },
    Refund {
        payment: Value,
        params: Value,
        advance: u64,
    },
    Token {
        params: Value,
    },
}

fn plan(event_type: &EventType, overrides: Option<Value>) -> Option<Plan> {
    let bank = |account: &str, rail: &str| {
        json!({ "amount": 25000, "currency": "usd", "rail": rail,
                "destination": { "routing_number": "021000021", "account_number": account } })
    };
    // Overrides of the object: `data.object.x` or `x`.
    let extra = overrides.map(|o| o.pointer("/data/object").cloned().unwrap_or(o));
    let with = |mut params: Value| {
        if let (Some(Value::Object(extra)), Some(map)) = (&extra, params.as_object_mut()) {
            for (k, v) in extra {
                map.insert(k.clone(), v.clone());
            }
        }
        params
    };
    const DAYS_3: u64 = 3 * 86_400;
    Some(match event_type.as_str() {
        "payment.created" | "payment.completed" => Plan::Payment {
            params: with(bank("000123457890", "fednow")),
            advance: 0,
        },
        "payment.failed" => Plan::Payment {
            params: with(bank("000123450002", "fednow")),
            advance: 0,
        },
        "payment.processing" => Plan::Payment {
            params: with(bank("000123457890", "ach")),
            advance: 0,
        },
        "refund.created" => Plan::Refund {
            payment: bank("000123457890", "fednow"),
            params: with(json!({})),
            advance: 0,
        },
        "refund.completed" | "payment.refunded" => Plan::Refund {
            payment: bank("000123457890", "fednow"),
            params: with(json!({})),
            advance: DAYS_3,
        },
        "token.created" => Plan::Token {
            params: with(
                json!({ "routing_number": "021000021", "account_number": "000123457890" }),
            ),
        },
        _ => return None,
    })
}

/// --sandbox: make the event happen, then wait for its deliveries.
async fn in_sandbox(
    base: &str,
    args: &Args,
    event_type: &EventType,
    overrides: Option<Value>,
) -> u8 {
    let Some(plan) = plan(event_type, overrides) else {
        input::complain(&format!(
            "the sandbox does not produce {} events: send a realistic one with --to URL --secret S",
            event_type.as_str()
        ));
        return exit::USAGE;
    };
    let key = std::env::var("KINETIC_API_KEY")
        .ok()
        .filter(|k| k.starts_with("sk_test_"))
        .unwrap_or_else(|| "sk_test_kineticcli".to_owned());
    let flow = match Client::new(&key).and_then(|c| c.base_url(base)) {
        Ok(flow) => flow,
        Err(err) => {
            input::complain(&format!("--sandbox: {err} ({})", err.code()));
            return exit::USAGE;
        }
    };
    let http = reqwest::Client::new();
    let control = |path: &str| format!("{}/_sandbox/{path}", base.trim_end_matches('/'));
    let before: HashSet<String> = match deliveries(&http, &control("deliveries")).await {
        Ok(list) => list
            .iter()
            .filter_map(|d| d["id"].as_str().map(str::to_owned))
            .collect(),
        Err(message) => {
            input::complain(&format!("{base} is not a reachable sandbox: {message}"));
            return exit::UNREACHABLE;
        }
    };

    // The object the event is about.
    let (object_id, advance) = match plan {
        Plan::Payment { params, advance } => match flow.payments().create_json(&params).await {
            Ok(p) => (p.id.to_string(), advance),
            Err(err) => return api::fail(&err),
        },
        Plan::Refund {
            payment,
            params,
            advance,
        } => {
            let paid = match flow.payments().create_json(&payment).await {
                Ok(p) => p,
                Err(err) => return api::fail(&err),
            };
            let mut params = params;
            if let Some(map) = params.as_object_mut() {
                map.entry("payment")
                    .or_insert_with(|| paid.id.to_string().into());
            }
            match flow.refunds().create_json(&params).await {
                Ok(r) => (
                    if event_type.as_str() == "payment.refunded" {
                        paid.id.to_string()
                    } else {
                        r.id.to_string()
                    },
                    advance,
                ),
                Err(err) => return api::fail(&err),
            }
        }
        Plan::Token { params } => match flow.tokens().create_json(&params).await {
            Ok(t) => (t.id.to_string(), 0),
            Err(err) => return api::fail(&err),
        },
    };
    if advance > 0 {
        let answer = http
            .post(control("clock/advance"))
            .header("Content-Type", "application/json")
            .body(json!({ "seconds": advance }).to_string())
            .send()
            .await;
        if let Err(err) = answer {
            input::complain(&format!(
                "cannot advance the sandbox clock: {}",
                cause(&err)
            ));
            return exit::UNREACHABLE;
        }
    }

    // Find the event among the new deliveries, then wait for each endpoint's first answer.
    let s = Style::stdout();
    let deadline = Instant::now() + Duration::from_secs(args.wait);
    let mut checked: HashSet<String> = HashSet::new();
    let mut event_id: Option<String> = None;
    loop {
        let list = match deliveries(&http, &control("deliveries")).await {
            Ok(list) => list,
            Err(message) => {
                input::complain(&format!("the sandbox stopped answering: {message}"));
                return exit::UNREACHABLE;
            }
        };
        let fresh: Vec<&Value> = list
            .iter()
            .filter(|d| !d["id"].as_str().is_some_and(|id| before.contains(id)))
            .collect();
        if event_id.is_none() {
            for d in &fresh {
                let Some(id) = d["event"].as_str() else {
                    continue;
                };
                if !checked.insert(id.to_owned()) {
                    continue;
                }
                if let Ok(event) = flow.events().retrieve(id).await {
                    let about = event
                        .raw_value()
                        .pointer("/data/object/id")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    if event.event_type == *event_type
                        && about.as_deref() == Some(object_id.as_str())
                    {
                        println!("event {id} {} ({object_id})", event_type.as_str());
                        event_id = Some(id.to_owned());
                        break;
                    }
                }
            }
        }
        if let Some(id) = &event_id {
            let ours: Vec<&&Value> = fresh
                .iter()
                .filter(|d| d["event"].as_str() == Some(id))
                .collect();
            if !ours.is_empty() && ours.iter().all(|d| d["attempts"].as_u64().unwrap_or(0) > 0) {
                let mut all_ok = true;
                for d in ours {
                    let last = d["log"]
                        .as_array()
                        .and_then(|l| l.last())
                        .cloned()
                        .unwrap_or(Value::Null);
                    let url = d["url"].as_str().unwrap_or("?");
                    let field = |name: &str| last.get(name).cloned().unwrap_or(Value::Null);
                    let ok = field("ok").as_bool().unwrap_or(false);
                    all_ok &= ok;
                    let answer = match (
                        field("status").as_u64(),
                        field("error").as_str().map(str::to_owned),
                    ) {
                        (Some(status), _) => format!("answered {status}"),
                        (None, Some(error)) => format!("no answer: {error}"),
                        (None, None) => "no answer".to_owned(),
                    };
                    let line = format!("{url} {answer}");
                    println!("  {}", if ok { s.good(&line) } else { s.bad(&line) });
                }
                return if all_ok { exit::OK } else { exit::FAILED };
            }
        }
        if Instant::now() >= deadline {
            return match event_id {
                None if list.len() == before.len() => {
                    println!("{} {} happened to {object_id}, but the sandbox has no webhook endpoints (start it with --forward-to URL)", s.warn("no deliveries:"), event_type.as_str());
                    exit::FAILED
                }
                None => {
                    println!(
                        "{} no {} delivery for {object_id} within {} s",
                        s.bad("not delivered:"),
                        event_type.as_str(),
                        args.wait
                    );
                    exit::FAILED
                }
                Some(id) => {
                    println!(
                        "{} the endpoints did not answer {id} within {} s",
                        s.bad("no answer:"),
                        args.wait
                    );
                    exit::UNREACHABLE
                }
            };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn deliveries(http: &reqwest::Client, url: &str) -> Result<Vec<Value>, String> {
    let response = http
        .get(url)
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .map_err(|e| cause(&e))?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|e| cause(&e))?;
    let body: Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    match body.get("data").and_then(Value::as_array) {
        Some(list) if status.is_success() => Ok(list.clone()),
        _ => Err(format!(
            "GET /_sandbox/deliveries answered {}",
            status.as_u16()
        )),
    }
}
