//! The delivery loop: takes due attempts from the engine, POSTs them with reqwest (10 s
//! timeout), reports each answer back. An attempt is sent only once what made it is committed,
//! and a delivery is marked done only after its 2xx.

use std::sync::Arc;
use std::time::Instant;

use kinetic_flow_sandbox::{Attempt, AttemptResult, DELIVERY_TIMEOUT};
use tokio::sync::Semaphore;

use super::log::DeliveryLine;
use super::{lock, now, store, Shared};

/// Attempts in flight at once.
const CONCURRENCY: usize = 64;

pub(crate) async fn run(shared: Arc<Shared>) {
    let client = match reqwest::Client::builder()
        .timeout(DELIVERY_TIMEOUT)
        .user_agent(concat!("kinetic-sandbox/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            shared.log.note(&format!(
                "deliveries are off: the HTTP client could not start ({e})"
            ));
            return;
        }
    };
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    loop {
        if *shared.shutdown.borrow() {
            return;
        }
        let (attempts, next, commit) = {
            let mut engine = lock(&shared);
            let t = now();
            let records = engine.tick(t);
            let mut attempts = Vec::new();
            let free = permits.available_permits();
            while attempts.len() < free {
                match engine.poll_delivery(t) {
                    Some(a) => attempts.push(a),
                    None => break,
                }
            }
            // Queued after every commit the engine has asked for so far: once it is done, the
            // events these attempts carry are on disk.
            let commit = shared.store.queue(records);
            (attempts, engine.poll_timeout(), commit)
        };
        if let Err(e) = store::wait(commit).await {
            shared.log.note(&format!("store: {e}"));
        }
        let full = attempts.len() >= permits.available_permits();
        for attempt in attempts {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                return;
            };
            let shared = shared.clone();
            let client = client.clone();
            tokio::spawn(async move {
                send(&shared, &client, attempt).await;
                drop(permit);
                shared.wake.notify_one();
            });
        }
        let sleep = async {
            match next {
                Some(at) if !full => tokio::time::sleep(now().until(at)).await,
                _ => std::future::pending::<()>().await,
            }
        };
        let mut stop = shared.shutdown.clone();
        tokio::select! {
            _ = shared.wake.notified() => {}
            _ = sleep => {}
            _ = stop.changed() => return,
        }
    }
}

async fn send(shared: &Shared, client: &reqwest::Client, attempt: Attempt) {
    let started = Instant::now();
    let mut req = client.post(&attempt.url).body(attempt.body.clone());
    for (n, v) in &attempt.headers {
        req = req.header(n.as_str(), v.as_str());
    }
    let result = match req.send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            // Read (and drop) the answer so the connection can be reused.
            let _ = resp.bytes().await;
            AttemptResult::Status(status)
        }
        Err(e) => AttemptResult::Failed(describe(&e)),
    };
    let (status, error) = match &result {
        AttemptResult::Status(s) => (Some(*s), None),
        AttemptResult::Failed(m) => (None, Some(m.clone())),
    };
    let commit = {
        let mut engine = lock(shared);
        let records = engine.delivery_result(&attempt.delivery, result, now());
        shared.store.queue(records)
    };
    if let Err(e) = store::wait(commit).await {
        shared.log.note(&format!("store: {e}"));
    }
    shared.log.delivery(&DeliveryLine {
        event: &attempt.event,
        event_type: &attempt.event_type,
        url: &attempt.url,
        attempt: attempt.attempt,
        status,
        error: error.as_deref(),
        took: started.elapsed(),
    });
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("timed out after {} s", DELIVERY_TIMEOUT.as_secs())
    } else if e.is_connect() {
        "connection failed".to_owned()
    } else {
        "no answer (the connection closed)".to_owned()
    }
}
