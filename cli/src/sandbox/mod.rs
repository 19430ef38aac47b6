//! `kinetic sandbox`: the local Kinetic Flow. The behaviour is `kinetic-flow-sandbox`'s engine;
//! this shell moves bytes (hyper, reqwest), keeps time and persists (SQLite).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kinetic_flow_sandbox::{Config, Engine, Millis};

mod deliver;
mod log;
mod server;
mod store;

/// Exit statuses of `kinetic sandbox`.
const EXIT_OK: u8 = 0;
const EXIT_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;

/// Serve a local, stateful Kinetic Flow on 127.0.0.1: the API, signed webhooks with retries,
/// a clock and faults for tests.
///
/// Prints the base URL, a test API key and each endpoint's secret, then one line per request and
/// per delivery attempt. Ctrl-C stops it; deliveries not yet acknowledged stay pending in the
/// data file and are sent after the next start.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Exit status:
  0   stopped by Ctrl-C or SIGTERM
  1   the server could not start its runtime, or its first write to the data file failed
  2   a bad argument, a port in use, or a data file that cannot be opened or written

Control routes for tests (JSON): POST /_sandbox/clock/advance {\"seconds\": N},
POST /_sandbox/faults {\"route\": \"POST /v1/payments\", \"kind\": \"drop_after_commit\", \"times\": 1},
GET /_sandbox/deliveries, POST /_sandbox/webhook_endpoints {\"url\": ...}, DELETE /_sandbox/data.")]
pub struct Args {
    /// The port to listen on, on 127.0.0.1 (0: any free port; see --ready-file).
    #[arg(long, default_value_t = 4242)]
    port: u16,
    /// Send every event to this URL, signed (repeatable).
    #[arg(long = "forward-to", value_name = "URL")]
    forward_to: Vec<String>,
    /// The signing secret of the --forward-to endpoints (whsec_…); default: the stored one, else a new one.
    #[arg(long, value_name = "whsec_…")]
    secret: Option<String>,
    /// Divide every sandbox delay (settlements, the 72-hour retry schedule) by N.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    speed: u32,
    /// The SQLite file that keeps the sandbox's state across restarts.
    #[arg(
        long,
        value_name = "PATH",
        default_value = ".kinetic/sandbox.db",
        conflicts_with = "memory"
    )]
    data: PathBuf,
    /// Keep the state in memory only (lost when the sandbox stops).
    #[arg(long)]
    memory: bool,
    /// Once listening, write {url, apiKey, endpoints: [{url, secret}]} as JSON to this file.
    #[arg(long = "ready-file", value_name = "PATH")]
    ready_file: Option<PathBuf>,
    /// Send every third event twice (consumers must de-duplicate on the event id).
    #[arg(long = "duplicate-deliveries")]
    duplicate_deliveries: bool,
    /// Log JSON lines instead of text.
    #[arg(long)]
    json: bool,
}

/// What the server's tasks share.
pub(crate) struct Shared {
    pub engine: Mutex<Engine>,
    pub store: store::Store,
    pub log: log::Log,
    /// Wakes the delivery loop: something may be due sooner.
    pub wake: tokio::sync::Notify,
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

/// The current real time.
pub(crate) fn now() -> Millis {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    Millis(ms)
}

fn fail(message: &str) -> u8 {
    eprintln!("kinetic sandbox: {message}");
    EXIT_USAGE
}

/// Runs `kinetic sandbox`; returns the exit status.
pub fn run(args: Args) -> u8 {
    for url in &args.forward_to {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return fail(&format!(
                "--forward-to {url:?} is not an http:// or https:// URL; pass one like --forward-to http://127.0.0.1:3000/webhooks"
            ));
        }
    }
    if let Some(s) = &args.secret {
        if !s.starts_with("whsec_") || s.trim() != s || s.len() < 7 {
            return fail("--secret must be a webhook secret starting with whsec_ (e.g. --secret whsec_test_secret), with no spaces; leave it out to have one generated");
        }
        if args.forward_to.is_empty() {
            return fail("--secret signs the --forward-to endpoints; add --forward-to URL, or leave --secret out");
        }
    }
    let entropy = entropy();
    let mut config = Config::new(entropy)
        .speed(args.speed)
        .duplicate_deliveries(args.duplicate_deliveries);
    for url in &args.forward_to {
        config = config.forward_to(url.clone(), args.secret.clone());
    }
    let data = if args.memory {
        None
    } else {
        Some(args.data.as_path())
    };
    let (store, rows) = match store::Store::open(data) {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    let (engine, initial) = match Engine::restore(config, rows) {
        Ok(x) => x,
        Err(e) => return fail(&e.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kinetic sandbox: cannot start the async runtime ({e})");
            return EXIT_FAILED;
        }
    };
    let log = log::Log::new(args.json);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let shared = Arc::new(Shared {
        engine: Mutex::new(engine),
        store,
        log,
        wake: tokio::sync::Notify::new(),
        shutdown: stop_rx,
    });
    let code = runtime.block_on(async {
        if let Err(e) = shared.store.commit(initial).await {
            eprintln!("kinetic sandbox: {e}");
            return EXIT_FAILED;
        }
        let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "kinetic sandbox: cannot listen on 127.0.0.1:{} ({e}); pass another --port, or --port 0 for any free one",
                    args.port
                );
                return EXIT_USAGE;
            }
        };
        let port = listener.local_addr().map_or(args.port, |a| a.port());
        let url = format!("http://127.0.0.1:{port}");
        let api_key = format!("sk_test_{}", hex(&entropy[8..20]));
        let endpoints = lock(&shared).endpoints();
        banner(&shared.log, &url, &api_key, &endpoints, data, args.speed);
        if let Some(path) = &args.ready_file {
            if let Err(e) = write_ready(path, &url, &api_key, &endpoints) {
                eprintln!("kinetic sandbox: cannot write --ready-file {} ({e}); pass a writable path", path.display());
                return EXIT_USAGE;
            }
        }
        let delivering = tokio::spawn(deliver::run(shared.clone()));
        let serving = tokio::spawn(server::serve(listener, shared.clone()));
        shutdown_signal().await;
        let _ = stop_tx.send(true);
        shared.wake.notify_one();
        let _ = tokio::time::timeout(Duration::from_secs(2), serving).await;
        delivering.abort();
        let pending = lock(&shared).pending_deliveries();
        shared.log.note(&format!(
            "stopped; {pending} deliveries pending{}",
            match data {
                Some(p) => format!(" (kept in {}, sent after the next start)", p.display()),
                None => String::new(),
            }
        ));
        EXIT_OK
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
    code
}

pub(crate) fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Engine> {
    shared.engine.lock().unwrap_or_else(|p| p.into_inner())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

fn banner(
    log: &log::Log,
    url: &str,
    api_key: &str,
    endpoints: &[(String, String)],
    data: Option<&Path>,
    speed: u32,
) {
    let eps: Vec<serde_json::Value> = endpoints
        .iter()
        .map(|(u, s)| serde_json::json!({ "url": u, "secret": s }))
        .collect();
    if log.json {
        log.line(
            &serde_json::json!({
                "kind": "ready", "url": url, "apiKey": api_key, "endpoints": eps,
                "data": data.map(|p| p.display().to_string()), "speed": speed,
            })
            .to_string(),
        );
        return;
    }
    let mut text = format!(
        "Kinetic Flow sandbox at {url}\n  API key   {api_key} (any sk_test_ key works)\n  state     {}\n",
        data.map_or_else(|| "in memory".to_owned(), |p| p.display().to_string())
    );
    if speed > 1 {
        text.push_str(&format!("  speed     x{speed}\n"));
    }
    if endpoints.is_empty() {
        text.push_str(
            "  webhooks  none (add --forward-to URL, or POST /_sandbox/webhook_endpoints)\n",
        );
    }
    for (u, s) in endpoints {
        text.push_str(&format!("  webhooks  {u}  secret {s}\n"));
    }
    text.push_str(&format!(
        "  new Kinetic({{ apiKey: '{api_key}', baseUrl: '{url}' }})"
    ));
    log.line(&text);
}

fn write_ready(
    path: &Path,
    url: &str,
    api_key: &str,
    endpoints: &[(String, String)],
) -> std::io::Result<()> {
    let eps: Vec<serde_json::Value> = endpoints
        .iter()
        .map(|(u, s)| serde_json::json!({ "url": u, "secret": s }))
        .collect();
    let body = serde_json::json!({ "url": url, "apiKey": api_key, "endpoints": eps }).to_string();
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(body.as_bytes())?;
        f.write_all(b"\n")?;
    }
    std::fs::rename(&tmp, path)
}

fn entropy() -> [u8; 32] {
    let mut out = [0u8; 32];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        if std::io::Read::read_exact(&mut f, &mut out).is_ok() {
            return out;
        }
    }
    // No /dev/urandom: the time and the process id, hashed (ids and secrets stay distinct).
    let seed = format!("{:?}{}", SystemTime::now(), std::process::id());
    for (i, b) in seed.bytes().enumerate() {
        if let Some(slot) = out.get_mut(i % 32) {
            *slot = slot.wrapping_mul(31).wrapping_add(b);
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
