//! `kinetic completions SHELL`: the shell completion script, on standard output.

use clap_complete::Shell;

/// Print the shell completion script for bash, zsh or fish
///
/// Bash: `kinetic completions bash > ~/.local/share/bash-completion/completions/kinetic`;
/// zsh: `kinetic completions zsh > "${fpath[1]}/_kinetic"`;
/// fish: `kinetic completions fish > ~/.config/fish/completions/kinetic.fish`.
#[derive(clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_parser = ["bash", "zsh", "fish"])]
    shell: String,
}

pub fn run(args: Args, mut command: clap::Command) -> u8 {
    let shell = match args.shell.as_str() {
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        _ => Shell::Bash,
    };
    // Into memory first: a closed pipe (`| head`) is then a plain write error, not a panic.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "kinetic", &mut script);
    match std::io::Write::write_all(&mut std::io::stdout(), &script) {
        Ok(()) => crate::exit::OK,
        Err(_) => crate::exit::FAILED,
    }
}
