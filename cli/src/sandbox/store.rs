//! The store: one SQLite table of the engine's rows, in WAL mode, written by one thread that
//! commits whatever is queued in one transaction (group commit). A caller awaits its commit
//! before it answers.

use std::path::Path;
use std::sync::mpsc;

use kinetic_flow_sandbox::{Kind, Record};
use rusqlite::{params, Connection};
use tokio::sync::oneshot;

type Reply = oneshot::Sender<Result<(), String>>;
type Job = (Vec<Record>, Reply);

/// A handle on the writer thread (or nothing, with `--memory`).
pub(crate) struct Store {
    tx: Option<std::sync::Mutex<mpsc::Sender<Job>>>,
}

type Rows = Vec<(Kind, String, String)>;

impl Store {
    /// Opens (creating it) the file at `path` and reads every row; `None`: memory only.
    pub fn open(path: Option<&Path>) -> Result<(Store, Rows), String> {
        let Some(path) = path else {
            return Ok((Store { tx: None }, Vec::new()));
        };
        let fix = "; pass --data with a writable path, or --memory";
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                format!(
                    "cannot create the directory {} for the data file ({e}){fix}",
                    dir.display()
                )
            })?;
        }
        let open = || -> rusqlite::Result<(Connection, Rows)> {
            let conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(rusqlite::Error::InvalidQuery);
            }
            // A commit is in the WAL (the OS has it) before the response: a killed process loses
            // nothing; only a power loss may drop the last commits.
            conn.execute_batch(
                "PRAGMA synchronous=NORMAL;
                 CREATE TABLE IF NOT EXISTS sandbox_rows (
                   kind TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL,
                   PRIMARY KEY (kind, id)) WITHOUT ROWID;",
            )?;
            let mut rows = Vec::new();
            {
                let mut stmt = conn.prepare("SELECT kind, id, value FROM sandbox_rows")?;
                let mut q = stmt.query([])?;
                while let Some(r) = q.next()? {
                    let kind: String = r.get(0)?;
                    if let Some(k) = Kind::parse(&kind) {
                        rows.push((k, r.get(1)?, r.get(2)?));
                    }
                }
            }
            Ok((conn, rows))
        };
        let (conn, rows) = open()
            .map_err(|e| format!("cannot open the data file {} ({e}){fix}", path.display()))?;
        // Writable? A read-only file opens and reads fine, then fails at the first commit.
        conn.execute_batch("BEGIN IMMEDIATE; COMMIT;")
            .map_err(|e| format!("cannot write the data file {} ({e}){fix}", path.display()))?;
        // Checkpoints (the WAL copied into the file, with its fsync) run on a connection of their
        // own, never on the writer's path: a response never waits for one.
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(|e| format!("cannot set up the data file {} ({e}){fix}", path.display()))?;
        if let Ok(checkpoints) = Connection::open(path) {
            let _ = std::thread::Builder::new()
                .name("sandbox-checkpoint".into())
                .spawn(move || checkpointer(checkpoints));
        }
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sandbox-store".into())
            .spawn(move || writer(conn, rx))
            .map_err(|e| format!("cannot start the store thread ({e})"))?;
        Ok((
            Store {
                tx: Some(std::sync::Mutex::new(tx)),
            },
            rows,
        ))
    }

    /// Queues `records` (in order after everything queued before) and waits for their commit.
    /// Call [`Store::queue`] under the engine's lock and await the receiver after it, so that
    /// commits happen in the engine's order.
    pub fn queue(&self, records: Vec<Record>) -> Option<oneshot::Receiver<Result<(), String>>> {
        let tx = self.tx.as_ref()?;
        let (reply, rx) = oneshot::channel();
        let sent = tx
            .lock()
            .map(|s| s.send((records, reply)).is_ok())
            .unwrap_or(false);
        if sent {
            Some(rx)
        } else {
            let (reply, rx) = oneshot::channel();
            let _ = reply.send(Err("the store thread has stopped".into()));
            Some(rx)
        }
    }

    /// Queues and waits.
    pub async fn commit(&self, records: Vec<Record>) -> Result<(), String> {
        wait(self.queue(records)).await
    }
}

/// Waits for a queued commit (nothing to wait for in memory).
pub(crate) async fn wait(rx: Option<oneshot::Receiver<Result<(), String>>>) -> Result<(), String> {
    match rx {
        None => Ok(()),
        Some(rx) => rx
            .await
            .unwrap_or_else(|_| Err("the store thread has stopped".into())),
    }
}

fn writer(mut conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < 1024 {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let result = write_batch(&mut conn, &batch)
            .map_err(|e| format!("the data file could not be written ({e})"));
        for (_, reply) in batch {
            let _ = reply.send(result.clone());
        }
    }
    let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
}

/// Copies committed WAL frames into the database file every half second (PASSIVE: it never
/// blocks the writer), so the WAL stays small.
fn checkpointer(conn: Connection) {
    let _ = conn.busy_timeout(std::time::Duration::from_millis(100));
    loop {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}

fn write_batch(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<()> {
    if batch.iter().all(|(r, _)| r.is_empty()) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    {
        let mut put = tx.prepare_cached(
            "INSERT OR REPLACE INTO sandbox_rows (kind, id, value) VALUES (?1, ?2, ?3)",
        )?;
        let mut clear = tx.prepare_cached("DELETE FROM sandbox_rows WHERE kind = ?1")?;
        for (records, _) in batch {
            for r in records {
                match r {
                    Record::Put { kind, id, value } => {
                        put.execute(params![kind.as_str(), id, value])?;
                    }
                    Record::Clear { kind } => {
                        clear.execute(params![kind.as_str()])?;
                    }
                    _ => {}
                }
            }
        }
    }
    tx.commit()
}
