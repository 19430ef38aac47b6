//! Routes, auth, bodies and the answers' shapes (the error shape of the API).

use std::time::Duration;

use kinetic_flow_core::request::{ApiKey, Mode};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::io::{Action, Outcome, Request, Response};
use crate::model::{Kind, Record};
use crate::MAX_BODY_BYTES;

/// The API's routes, as fault rules name them.
pub(crate) const ROUTES: [&str; 7] = [
    "POST /v1/payments",
    "GET /v1/payments/{id}",
    "POST /v1/refunds",
    "GET /v1/refunds/{id}",
    "POST /v1/tokens",
    "GET /v1/tokens/{id}",
    "GET /v1/events/{id}",
];

#[derive(Debug)]
pub(crate) struct Route {
    pub(crate) label: &'static str,
    pub(crate) id: Option<String>,
}

pub(crate) type Deferred = Box<dyn FnOnce(&str) -> Response>;

pub(crate) fn match_route(method: &str, path: &str) -> Result<Route, Deferred> {
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (labels, id): (&[(&str, &'static str)], Option<String>) = match seg.as_slice() {
        ["v1", "payments"] => (&[("POST", "POST /v1/payments")], None),
        ["v1", "refunds"] => (&[("POST", "POST /v1/refunds")], None),
        ["v1", "tokens"] => (&[("POST", "POST /v1/tokens")], None),
        ["v1", "payments", id] => (&[("GET", "GET /v1/payments/{id}")], Some((*id).to_owned())),
        ["v1", "refunds", id] => (&[("GET", "GET /v1/refunds/{id}")], Some((*id).to_owned())),
        ["v1", "tokens", id] => (&[("GET", "GET /v1/tokens/{id}")], Some((*id).to_owned())),
        ["v1", "events", id] => (&[("GET", "GET /v1/events/{id}")], Some((*id).to_owned())),
        _ => {
            let p = path.chars().take(200).collect::<String>();
            return Err(Box::new(move |rid| {
                error(
                    404,
                    "not_found",
                    &format!("No route {p}; the API's routes are {}.", ROUTES.join(", ")),
                    None,
                    rid,
                )
            }));
        }
    };
    match labels.iter().find(|(m, _)| *m == method) {
        Some((_, label)) => Ok(Route { label, id }),
        None => {
            let allow = labels
                .iter()
                .map(|(m, _)| *m)
                .collect::<Vec<_>>()
                .join(", ");
            Err(not_allowed(method, &allow))
        }
    }
}

pub(crate) fn not_allowed(method: &str, allow: &str) -> Deferred {
    let method = method.chars().take(20).collect::<String>();
    let allow = allow.to_owned();
    Box::new(move |rid| {
        let mut r = error(
            405,
            "method_not_allowed",
            &format!("{method} is not allowed here; use {allow}."),
            None,
            rid,
        );
        r.headers.push(("Allow".into(), allow));
        r
    })
}

pub(crate) fn auth(req: &Request<'_>, rid: &str) -> Result<(), Response> {
    let Some(h) = req.get("Authorization") else {
        return Err(error(
            401,
            "unauthorized",
            "No API key: send Authorization: Bearer sk_test_… (any well-formed test key).",
            None,
            rid,
        ));
    };
    let key = h.strip_prefix("Bearer ").unwrap_or("");
    match ApiKey::parse(key.trim()) {
        Ok(k) if k.mode() == Mode::Test => Ok(()),
        Ok(_) => Err(error(403, "forbidden", "The sandbox takes test keys only (sk_test_…); never send a live key to it.", None, rid)),
        Err(_) => Err(error(401, "unauthorized", "The API key is malformed: send Authorization: Bearer sk_test_ followed by letters or digits.", None, rid)),
    }
}

pub(crate) fn json_body(body: &[u8], rid: &str) -> Result<Value, Response> {
    if body.len() > MAX_BODY_BYTES {
        return Err(error(
            413,
            "body_too_large",
            &format!("The body is over {MAX_BODY_BYTES} bytes (1 MiB); send a smaller one."),
            None,
            rid,
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(400, "invalid_json", &format!("The body is not JSON ({} at line {}, column {}); send a JSON object with Content-Type: application/json.", category(&e), e.line(), e.column()), None, rid)
    })
}

pub(crate) fn category(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "it ends early",
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data => "bad data",
        serde_json::error::Category::Io => "a read error",
    }
}

pub(crate) fn error(
    status: u16,
    code: &str,
    message: &str,
    param: Option<&str>,
    rid: &str,
) -> Response {
    let mut e = Map::new();
    e.insert("code".into(), code.into());
    e.insert("message".into(), message.into());
    if let Some(p) = param {
        e.insert("param".into(), p.into());
    }
    e.insert("request_id".into(), rid.into());
    ok(status, &json!({ "error": e }), rid)
}

pub(crate) fn ok(status: u16, body: &Value, rid: &str) -> Response {
    raw(status, body.to_string().into_bytes(), rid)
}

pub(crate) fn raw(status: u16, body: Vec<u8>, rid: &str) -> Response {
    Response {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Request-Id".into(), rid.to_owned()),
        ],
        body,
    }
}

pub(crate) fn outcome(
    response: Response,
    action: Action,
    records: Vec<Record>,
    route: String,
    fault: Option<String>,
) -> Outcome {
    Outcome {
        response,
        action,
        records,
        route,
        fault,
    }
}

pub(crate) fn put<T: Serialize>(tx: &mut Vec<Record>, kind: Kind, id: &str, value: &T) {
    tx.push(Record::Put {
        kind,
        id: id.to_owned(),
        value: serde_json::to_string(value).unwrap_or_default(),
    });
}

pub(crate) fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

pub(crate) fn salt(entropy: &[u8; 32]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    entropy
        .iter()
        .take(6)
        .map(|b| {
            ALPHABET
                .get(usize::from(*b) % ALPHABET.len())
                .map_or('a', |c| char::from(*c))
        })
        .collect()
}
