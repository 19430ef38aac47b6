//! `kinetic payments create|retrieve`, `kinetic refunds create`, `kinetic events retrieve`:
//! sent with the Rust SDK, the resource printed as JSON.

use std::path::PathBuf;

use kinetic_flow::CreateRefund;
use serde_json::Value;

use crate::api::{self, Api};
use crate::{exit, input};

/// Create or retrieve payments
#[derive(clap::Args)]
#[command(after_help = exit::TABLE)]
pub struct PaymentsArgs {
    #[command(subcommand)]
    command: PaymentsCommand,
    #[command(flatten)]
    api: Api,
}

#[derive(clap::Subcommand)]
enum PaymentsCommand {
    /// Create a payment from JSON params (validated first: nothing is sent when they are invalid)
    ///
    /// Example:
    ///   echo '{"amount":25000,"currency":"usd","destination":{"routing_number":"021000021","account_number":"000123457890"}}' \
    ///     | kinetic payments create --api-base http://127.0.0.1:4242
    #[command(verbatim_doc_comment, after_help = exit::TABLE)]
    Create {
        /// The params, a JSON object (`-` or nothing: standard input).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// The idempotency key (default: the params' `idempotency_key`, else a new one).
        #[arg(long, value_name = "KEY")]
        idempotency_key: Option<String>,
    },
    /// Retrieve a payment by id (pay_…)
    #[command(after_help = exit::TABLE)]
    Retrieve {
        /// The payment's id.
        id: String,
    },
}

/// Create refunds
#[derive(clap::Args)]
#[command(after_help = exit::TABLE)]
pub struct RefundsArgs {
    #[command(subcommand)]
    command: RefundsCommand,
    #[command(flatten)]
    api: Api,
}

#[derive(clap::Subcommand)]
enum RefundsCommand {
    /// Refund a payment, in whole or in part
    #[command(after_help = exit::TABLE)]
    Create {
        /// The payment to refund (pay_…).
        #[arg(long, value_name = "ID")]
        payment: String,
        /// The amount in minor units (default: the whole payment).
        #[arg(long, value_name = "CENTS")]
        amount: Option<u64>,
    },
}

/// Retrieve events
#[derive(clap::Args)]
#[command(after_help = exit::TABLE)]
pub struct EventsArgs {
    #[command(subcommand)]
    command: EventsCommand,
    #[command(flatten)]
    api: Api,
}

#[derive(clap::Subcommand)]
enum EventsCommand {
    /// Retrieve an event by id (evt_…), printed as the API sent it
    #[command(after_help = exit::TABLE)]
    Retrieve {
        /// The event's id.
        id: String,
    },
}

pub fn payments(args: PaymentsArgs) -> u8 {
    let client = match api::client(&args.api) {
        Ok(client) => client,
        Err(code) => return code,
    };
    let result = match args.command {
        PaymentsCommand::Create {
            file,
            idempotency_key,
        } => {
            let mut params = match read_json(file.as_ref()) {
                Ok(params) => params,
                Err(code) => return code,
            };
            if let (Some(key), Some(map)) = (idempotency_key, params.as_object_mut()) {
                map.insert("idempotency_key".into(), key.into());
            }
            api::block_on(async { client.payments().create_json(&params).await })
        }
        PaymentsCommand::Retrieve { id } => {
            api::block_on(async { client.payments().retrieve(&id).await })
        }
    };
    match result {
        Ok(Ok(payment)) => api::print_json(&payment),
        Ok(Err(err)) => api::fail(&err),
        Err(code) => code,
    }
}

pub fn refunds(args: RefundsArgs) -> u8 {
    let client = match api::client(&args.api) {
        Ok(client) => client,
        Err(code) => return code,
    };
    let RefundsCommand::Create { payment, amount } = args.command;
    let mut params = CreateRefund::new(payment);
    if let Some(amount) = amount {
        params = params.with_amount(amount);
    }
    match api::block_on(async { client.refunds().create(&params).await }) {
        Ok(Ok(refund)) => api::print_json(&refund),
        Ok(Err(err)) => api::fail(&err),
        Err(code) => code,
    }
}

pub fn events(args: EventsArgs) -> u8 {
    let client = match api::client(&args.api) {
        Ok(client) => client,
        Err(code) => return code,
    };
    let EventsCommand::Retrieve { id } = args.command;
    match api::block_on(async { client.events().retrieve(&id).await }) {
        Ok(Ok(event)) => api::print_json(&event.raw_value()),
        Ok(Err(err)) => api::fail(&err),
        Err(code) => code,
    }
}

fn read_json(file: Option<&PathBuf>) -> Result<Value, u8> {
    let text = input::read(file.map(PathBuf::as_path)).map_err(|m| {
        input::complain(&m);
        exit::INPUT
    })?;
    serde_json::from_slice(&text).map_err(|e| {
        input::complain(&format!("{} is not JSON: {e}", input::name(file)));
        exit::INPUT
    })
}
