//! How a sandbox is set up, and what can go wrong restoring one.

use std::fmt;

use crate::model::Kind;

/// How the sandbox is set up: its speed, its entropy, and the webhook endpoints given at start.
#[derive(Clone)]
pub struct Config {
    pub(crate) speed: u32,
    pub(crate) entropy: [u8; 32],
    pub(crate) endpoints: Vec<(String, Option<String>)>,
    pub(crate) duplicates: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("speed", &self.speed)
            .field(
                "endpoints",
                &self.endpoints.iter().map(|e| &e.0).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A sandbox at speed 1 with no endpoints. `entropy` (from the OS) salts ids and makes the
    /// secrets of endpoints given without one.
    pub fn new(entropy: [u8; 32]) -> Config {
        Config {
            speed: 1,
            entropy,
            endpoints: Vec::new(),
            duplicates: false,
        }
    }

    /// Sends every third event twice to each endpoint (two deliveries of the same bytes), so a
    /// consumer can prove its de-duplication on the event id.
    pub fn duplicate_deliveries(mut self, on: bool) -> Config {
        self.duplicates = on;
        self
    }

    /// Divides every sandbox delay (settlements, the retry schedule and its window) by `n`
    /// (at least 1).
    pub fn speed(mut self, n: u32) -> Config {
        self.speed = n.max(1);
        self
    }

    /// Adds a webhook endpoint. With no secret, the one stored for this URL is kept, else one
    /// is generated.
    pub fn forward_to(mut self, url: impl Into<String>, secret: Option<String>) -> Config {
        self.endpoints.push((url.into(), secret));
        self
    }
}

/// A stored row that cannot be read back, or a bad endpoint in the [`Config`].
#[derive(Debug)]
#[non_exhaustive]
pub enum RestoreError {
    /// A stored row is not what the engine wrote.
    Row {
        /// Its kind.
        kind: Kind,
        /// Its id.
        id: String,
        /// Why it does not read.
        source: serde_json::Error,
    },
    /// An endpoint given in the config is not usable.
    Endpoint {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::Row { kind, id, .. } => write!(
                f,
                "the stored {} row {id:?} is not readable; use another --data file or --memory",
                kind.as_str()
            ),
            RestoreError::Endpoint { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for RestoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RestoreError::Row { source, .. } => Some(source),
            RestoreError::Endpoint { .. } => None,
        }
    }
}
