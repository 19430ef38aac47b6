//! Fault rules: what `POST /_sandbox/faults` takes, and what fires.

use serde_json::{Map, Value};

use super::io::Response;
use super::wire::{error, ROUTES};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    Latency {
        ms: u64,
    },
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    FailBeforeCommit,
    DropAfterCommit,
    Timeout,
}

impl FaultKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            FaultKind::Latency { .. } => "latency",
            FaultKind::Status { .. } => "status",
            FaultKind::FailBeforeCommit => "fail_before_commit",
            FaultKind::DropAfterCommit => "drop_after_commit",
            FaultKind::Timeout => "timeout",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct FaultRule {
    pub(crate) route: String,
    pub(crate) kind: FaultKind,
    pub(crate) times: u64,
    pub(crate) skip: u64,
}

impl FaultRule {
    pub(crate) fn public(&self) -> Value {
        let mut v = Map::new();
        v.insert("route".into(), self.route.clone().into());
        v.insert("kind".into(), self.kind.name().into());
        v.insert("times".into(), self.times.into());
        v.insert("skip".into(), self.skip.into());
        match self.kind {
            FaultKind::Latency { ms } => {
                v.insert("ms".into(), ms.into());
            }
            FaultKind::Status {
                status,
                retry_after,
            } => {
                v.insert("status".into(), status.into());
                if let Some(r) = retry_after {
                    v.insert("retry_after".into(), r.into());
                }
            }
            _ => {}
        }
        Value::Object(v)
    }
}

pub(crate) fn parse_fault(body: &Value, rid: &str) -> Result<FaultRule, Response> {
    let obj = body.as_object().ok_or_else(|| {
        error(
            400,
            "invalid_type",
            "A fault rule is a JSON object.",
            None,
            rid,
        )
    })?;
    const FIELDS: [&str; 7] = [
        "route",
        "kind",
        "times",
        "skip",
        "ms",
        "status",
        "retry_after",
    ];
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(error(
            400,
            "unknown_field",
            &format!(
                "{k} is not a fault rule field; the fields are {}.",
                FIELDS.join(", ")
            ),
            Some(k),
            rid,
        ));
    }
    let route = obj
        .get("route")
        .map_or(Some("*"), Value::as_str)
        .unwrap_or("")
        .to_owned();
    if route != "*" && !ROUTES.contains(&route.as_str()) {
        return Err(error(
            400,
            "invalid_route",
            &format!("route must be \"*\" or one of {}.", ROUTES.join(", ")),
            Some("route"),
            rid,
        ));
    }
    let num = |name: &str, default: Option<u64>, max: u64| -> Result<u64, Response> {
        match obj.get(name) {
            None => default.ok_or_else(|| {
                error(
                    400,
                    "required",
                    &format!("{name} is required for this kind."),
                    Some(name),
                    rid,
                )
            }),
            Some(v) => v.as_u64().filter(|n| *n <= max).ok_or_else(|| {
                error(
                    400,
                    "invalid_type",
                    &format!("{name} must be a whole number from 0 to {max}."),
                    Some(name),
                    rid,
                )
            }),
        }
    };
    let kind = match obj.get("kind").and_then(Value::as_str) {
        Some("latency") => FaultKind::Latency {
            ms: num("ms", None, 600_000)?,
        },
        Some("status") => {
            let status = u16::try_from(num("status", None, 599)?).unwrap_or(0);
            if status < 400 {
                return Err(error(
                    400,
                    "invalid_status",
                    "status must be an error status, 400 to 599.",
                    Some("status"),
                    rid,
                ));
            }
            let retry_after = match obj.get("retry_after") {
                None => None,
                Some(_) => Some(num("retry_after", None, 86_400)?),
            };
            FaultKind::Status {
                status,
                retry_after,
            }
        }
        Some("fail_before_commit") => FaultKind::FailBeforeCommit,
        Some("drop_after_commit") => FaultKind::DropAfterCommit,
        Some("timeout") => FaultKind::Timeout,
        _ => return Err(error(
            400,
            "invalid_kind",
            "kind must be one of latency, status, fail_before_commit, drop_after_commit, timeout.",
            Some("kind"),
            rid,
        )),
    };
    let times = num("times", Some(1), 1_000_000)?.max(1);
    let skip = num("skip", Some(0), 1_000_000)?;
    let rule = FaultRule {
        route,
        kind,
        times,
        skip,
    };
    Ok(rule)
}
