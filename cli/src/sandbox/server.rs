//! The HTTP side: hyper HTTP/1 on 127.0.0.1. Each request goes to the engine; its records are
//! committed before the response (or the fault's action) is carried out.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use kinetic_flow_sandbox::{Action, Outcome, Request, MAX_BODY_BYTES};

use super::log::RequestLine;
use super::{lock, now, store, Shared};

/// The connection is closed without a response (the `drop_after_commit` and `timeout` faults,
/// or a body that could not be read).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a sandbox fault")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until shutdown.
pub(crate) async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let mut stop = shared.shutdown.clone();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => return,
        };
        let Ok((stream, _)) = accepted else {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| {
                let shared = shared.clone();
                async move { handle(req, shared).await }
            });
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// Reads at most `MAX_BODY_BYTES + 1` bytes of the body (the engine answers 413 beyond).
async fn read_body(mut body: Incoming) -> Result<Vec<u8>, hyper::Error> {
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            let room = (MAX_BODY_BYTES + 1).saturating_sub(out.len());
            out.extend_from_slice(data.get(..room.min(data.len())).unwrap_or(&[]));
            if out.len() > MAX_BODY_BYTES {
                break;
            }
        }
    }
    Ok(out)
}

async fn handle(
    req: hyper::Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let body = match read_body(body).await {
        Ok(b) => b,
        Err(_) => return Err(Dropped),
    };
    let method = parts.method.as_str().to_owned();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let (mut out, commit) = {
        let mut request = Request::new(&method, &path, &body);
        for (n, v) in &parts.headers {
            if let Ok(v) = v.to_str() {
                request = request.header(n.as_str(), v);
            }
        }
        let mut engine = lock(&shared);
        let mut out = engine.handle(&request, now());
        let commit = shared.store.queue(std::mem::take(&mut out.records));
        (out, commit)
    };
    shared.wake.notify_one();
    let mut committed = store::wait(commit).await;
    let fault = out.fault.clone();
    if let Action::Wait { until, ticket } = out.action {
        let wait = now().until(until);
        tokio::time::sleep(wait).await;
        let (resumed, commit) = {
            let mut engine = lock(&shared);
            let mut o = engine.resume(ticket, now());
            let c = shared.store.queue(std::mem::take(&mut o.records));
            (o, c)
        };
        shared.wake.notify_one();
        committed = store::wait(commit).await;
        out = resumed;
    }
    let Outcome {
        response,
        action,
        route,
        ..
    } = out;
    let request_id = response.header("Request-Id").unwrap_or("").to_owned();
    let replayed = response.header("Idempotent-Replayed").is_some();
    let line = |status: Option<u16>| RequestLine {
        method: &method,
        path: &path,
        route: &route,
        status,
        request_id: &request_id,
        took: started.elapsed(),
        replayed,
        fault: fault.as_deref(),
    };
    if let Err(e) = committed {
        shared.log.note(&format!("store: {e}"));
        shared.log.request(&line(Some(500)));
        let body = serde_json::json!({ "error": { "code": "storage_failed", "message": "The sandbox could not save this change to its data file; see its log.", "request_id": request_id } });
        let headers = [("Request-Id".to_owned(), request_id.clone())];
        return Ok(respond(500, &headers, body.to_string().into_bytes()));
    }
    match action {
        Action::Drop => {
            shared.log.request(&line(None));
            Err(Dropped)
        }
        Action::Hang => {
            shared.log.request(&line(None));
            let mut stop = shared.shutdown.clone();
            let _ = stop.wait_for(|s| *s).await;
            Err(Dropped)
        }
        _ => {
            shared.log.request(&line(Some(response.status)));
            Ok(respond(response.status, &response.headers, response.body))
        }
    }
}

fn respond(
    status: u16,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> hyper::Response<Full<Bytes>> {
    let mut b = hyper::Response::builder().status(status);
    let mut has_type = false;
    for (n, v) in headers {
        has_type |= n.eq_ignore_ascii_case("content-type");
        b = b.header(n.as_str(), v.as_str());
    }
    if !has_type {
        b = b.header("Content-Type", "application/json");
    }
    b.body(Full::new(Bytes::from(body))).unwrap_or_else(|_| {
        let mut r = hyper::Response::new(Full::new(Bytes::from_static(b"{\"error\":{\"code\":\"server_error\",\"message\":\"The response could not be built.\"}}")));
        *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}
