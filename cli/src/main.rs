//! `kinetic`: the Kinetic Flow sandbox and developer commands. Each command lives in its own
//! module; this file holds only the command list and its dispatch.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod api;
mod completions;
mod exit;
mod input;
mod resources;
mod sandbox;
mod sign;
mod style;
mod trigger;
mod validate;
mod verify;

/// The Kinetic Flow command line: sign, verify and trigger webhooks, validate and send payments.
#[derive(Parser)]
#[command(name = "kinetic", version, about, after_help = exit::TABLE, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Sandbox(sandbox::Args),
    Trigger(trigger::Args),
    Sign(sign::Args),
    Verify(verify::Args),
    Validate(validate::Args),
    Payments(resources::PaymentsArgs),
    Refunds(resources::RefundsArgs),
    Events(resources::EventsArgs),
    Completions(completions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Sandbox(args) => sandbox::run(args),
        Command::Trigger(args) => trigger::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Payments(args) => resources::payments(args),
        Command::Refunds(args) => resources::refunds(args),
        Command::Events(args) => resources::events(args),
        Command::Completions(args) => {
            completions::run(args, <Cli as clap::CommandFactory>::command())
        }
    };
    ExitCode::from(code)
}
