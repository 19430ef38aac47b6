//! What the commands that call the API share: the SDK client from the environment, a runtime,
//! errors as exit statuses, resources printed as JSON.

use std::future::Future;

use kinetic_flow::{Client, Error, ErrorKind};

use crate::{exit, input};

/// Where to send.
#[derive(clap::Args, Clone)]
pub struct Api {
    /// The API's base URL [default: $KINETIC_API_BASE, else https://api.kinetic.dev]; the API
    /// key is read from $KINETIC_API_KEY.
    #[arg(long, value_name = "URL", global = true)]
    pub api_base: Option<String>,
}

/// The SDK client for `$KINETIC_API_KEY` and the base URL; on failure, the line is printed and
/// the exit status returned.
pub fn client(api: &Api) -> Result<Client, u8> {
    let key = std::env::var("KINETIC_API_KEY").unwrap_or_default();
    if key.is_empty() {
        input::complain(
            "KINETIC_API_KEY is not set: export KINETIC_API_KEY=sk_test_… (kinetic sandbox prints a test key)",
        );
        return Err(exit::USAGE);
    }
    let base = api.api_base.clone().or_else(|| {
        std::env::var("KINETIC_API_BASE")
            .ok()
            .filter(|b| !b.is_empty())
    });
    let client = Client::new(&key).map_err(|e| config(&e, "KINETIC_API_KEY"))?;
    match base {
        Some(base) => client.base_url(&base).map_err(|e| config(&e, "--api-base")),
        None => Ok(client),
    }
}

fn config(err: &Error, what: &str) -> u8 {
    input::complain(&format!("{what}: {err} ({})", err.code()));
    exit::USAGE
}

/// Runs a future to completion on a current-thread runtime.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, u8> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Ok(runtime.block_on(future)),
        Err(e) => {
            input::complain(&format!("cannot start the async runtime: {e}"));
            Err(exit::FAILED)
        }
    }
}

/// Prints a failed call (and each refused field) to standard error; returns its exit status.
pub fn fail(err: &Error) -> u8 {
    input::complain(&format!("{err} ({})", err.code()));
    for field in err.field_errors() {
        eprintln!("  {}  {}  {}", field.param, field.code, field.message);
    }
    match err.kind() {
        ErrorKind::Connection | ErrorKind::Timeout | ErrorKind::Deadline => exit::UNREACHABLE,
        ErrorKind::Config => exit::USAGE,
        _ => exit::FAILED,
    }
}

/// Prints a resource as pretty JSON on standard output.
pub fn print_json(value: &impl serde::Serialize) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            println!("{text}");
            exit::OK
        }
        Err(e) => {
            input::complain(&format!("cannot print the resource as JSON: {e}"));
            exit::FAILED
        }
    }
}
