//! The command line: argument definitions and dispatch. The commands
//! themselves live in `commands/`, over the library.

use crate::commands;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

const ABOUT: &str = "Docker macvlan topologies from one small file.

macrame reads a topology file (*.mcr) describing host NICs, 802.1q vlans, \
macvlan networks, host shims and containers with fixed addresses, finds the \
macvlan traps in it before anything touches the host, then makes the host \
match it exactly, and takes it down cleanly.";

const AFTER_HELP: &str = "Examples:
  macrame lint                      check ./macrame.mcr
  macrame lint --format json lab.mcr
  macrame plan -f lab.mcr           what `up` would change, and why
  macrame up -f lab.mcr             make the host match the file
  macrame ps -f lab.mcr             the project's objects
  macrame down -f lab.mcr           remove everything the project owns
  macrame import -o macrame.mcr     ./docker-compose.yml as a topology file, linted

The language: docs/language.md. Diagnostic codes: `macrame lint --help`.";

#[derive(Debug, Parser)]
#[command(name = "macrame", version, about = ABOUT, long_about = ABOUT, after_help = AFTER_HELP, max_term_width = HELP_WIDTH)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check topology files and report every problem at once.
    #[command(
        long_about = "Check topology files and report every problem at once: syntax, \
unresolved names, bad addresses, overlapping subnets, address conflicts, \
gateway, parent and vlan traps.\n\nExit status: 0 when there is no error (warnings \
allowed unless --deny-warnings), 1 when there is one, 2 when the command itself \
could not run (unreadable file, bad flag).",
        after_help = codes_help()
    )]
    Lint(commands::lint::LintArgs),

    /// Show what `up` would change on this host, and why (a dry run).
    #[command(
        long_about = "Observe the host (Docker networks and containers, links, \
addresses, routes, the engine's version), compare it with the file, and print the \
ordered changes: `+ create`, `~ recreate`, `- remove`, each with its cause. Refuses, \
with every reason, a file with lint errors or a host where applying would fail or \
harm something macrame does not own.\n\nExit status: 0, or with --exit-code 0 when \
there is nothing to do and 2 when there are changes; 1 on error."
    )]
    Plan(commands::plan::PlanArgs),

    /// Make the host match the file: create, recreate and remove.
    #[command(
        long_about = "Apply the plan: vlans, then networks, then shims, then \
containers in depends-on order, independent steps in parallel. On failure, undo what \
this run did and report the cause; after success, observe again and verify. A second \
`up` of an unchanged file changes nothing.",
        after_help = "Examples:
  macrame up                    the whole file
  macrame up web                web and what it depends on, nothing else
  macrame up --wait             then wait until every container is running and healthy"
    )]
    Up(commands::up::UpArgs),

    /// Remove everything the project owns: containers, shims, networks, vlans.
    Down(commands::down::DownArgs),

    /// List the project's objects: kind, name, state, addresses, parent.
    Ps(commands::ps::PsArgs),

    /// Rewrite files in the one canonical layout (comments kept).
    Fmt(commands::fmt::FmtArgs),

    /// Draw the topology: NICs, vlans, networks, containers, shims.
    Graph(commands::graph::GraphArgs),

    /// Print the file with every variable resolved, or the model as JSON.
    Config(commands::config::ConfigArgs),

    /// Write the topology a Compose file means (`docker-compose.yml` in,
    /// `macrame.mcr` out), and lint it.
    Import(commands::import::ImportArgs),

    /// Write the topology as a Compose file that brings up the same
    /// networks, volumes and containers.
    Export(commands::export::ExportArgs),

    /// Apply a project's snapshot again: what its units run at boot.
    #[command(
        long_about = "Make the vlans and shims `up` last left, from the snapshot it keeps \
under the state folder (not from the file, which may have moved or changed since): \
what `macrame-PROJECT.service` runs at boot, before Docker starts. With --containers, \
the step after Docker has started (`macrame-PROJECT-containers.service`): start the \
containers the engine leaves stopped, set the default routes macrame owns, and verify \
every container's addresses. On a host without systemd, have the boot run both."
    )]
    Restore(commands::restore::RestoreArgs),

    /// Print the containers' output, prefixed with their names.
    Logs(commands::logs::LogsArgs),

    /// Run a command in one of the file's running containers.
    Exec(commands::exec::ExecArgs),

    /// Pull the file's images (all, or those of the containers named).
    #[command(after_help = "Examples:
  macrame pull              every image the file pulls, whatever its `pull` policy
  macrame pull dns          dns's image only")]
    Pull(commands::lifecycle::ContainersArgs),

    /// Build the images of the containers that have a `build`.
    #[command(after_help = "Examples:
  macrame build             every container's `build`, changed or not
  macrame build web         web's image only")]
    Build(commands::lifecycle::ContainersArgs),

    /// Start the file's containers that exist (all, or those named).
    #[command(after_help = "Examples:
  macrame start             every container of the file that exists
  macrame start dns web     those two, each after what it depends on")]
    Start(commands::lifecycle::ContainersArgs),

    /// Stop the file's containers (all, or those named), dependents first.
    #[command(after_help = "Examples:
  macrame stop              every container, dependents first
  macrame stop -t 0 dns     dns, killed at once")]
    Stop(commands::lifecycle::StopArgs),

    /// Restart the file's containers (all, or those named).
    #[command(after_help = "Examples:
  macrame restart           every container, in depends-on order
  macrame restart dns       dns alone (its default route is set again)")]
    Restart(commands::lifecycle::StopArgs),

    /// Run the language server (LSP over stdio), for editors.
    Lsp {
        /// Accepted and ignored: stdio is the only transport. Some clients
        /// pass it.
        #[arg(long)]
        stdio: bool,
    },

    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff).
    Man,
}

/// Help is never wider than this (clap wraps at the terminal's width,
/// up to it).
const HELP_WIDTH: usize = 100;

/// The table of codes, each summary wrapped under its own column: wrapped
/// here, to the width clap will use, so that clap finds nothing to wrap
/// (it would start continuation lines at the left margin).
fn codes_help() -> String {
    let width = terminal_columns()
        .unwrap_or(HELP_WIDTH)
        .clamp(60, HELP_WIDTH);
    let indent = 2 + 26 + 1 + 7 + 2;
    let mut help = String::from("Diagnostic codes:\n");
    for code in crate::diagnostic::Code::ALL {
        let mut line = format!("  {:<26} {:<7}  ", code.as_str(), code.severity().as_str());
        let mut column = indent;
        for word in code.summary().split(' ') {
            if column > indent && column + 1 + word.len() > width {
                help.push_str(line.trim_end());
                help.push('\n');
                line = " ".repeat(indent);
                column = indent;
            }
            if column > indent {
                line.push(' ');
                column += 1;
            }
            line.push_str(word);
            column += word.chars().count();
        }
        help.push_str(&line);
        help.push('\n');
    }
    help
}

/// The terminal's width, when stdout is one (clap reads the same).
fn terminal_columns() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    crate::terminal::size().map(|(_, columns)| usize::from(columns))
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => commands::lint::run(args),
        Command::Plan(args) => commands::block_on(commands::plan::run(args)),
        Command::Up(args) => commands::block_on(commands::up::run(args)),
        Command::Down(args) => commands::block_on(commands::down::run(args)),
        Command::Ps(args) => commands::block_on(commands::ps::run(args)),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Graph(args) => commands::graph::run(args),
        Command::Config(args) => commands::config::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Restore(args) => commands::block_on(commands::restore::run(args)),
        Command::Logs(args) => commands::block_on(commands::logs::run(args)),
        Command::Exec(args) => commands::block_on(commands::exec::run(args)),
        Command::Pull(args) => commands::block_on(commands::images::pull(args)),
        Command::Build(args) => commands::block_on(commands::images::build(args)),
        Command::Start(args) => commands::block_on(commands::lifecycle::start(args)),
        Command::Stop(args) => commands::block_on(commands::lifecycle::stop(args)),
        Command::Restart(args) => commands::block_on(commands::lifecycle::restart(args)),
        Command::Lsp { .. } => commands::lsp::run(),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "macrame",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            match page.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => crate::commands::fail(&crate::error::Error::io(
                    crate::error::Object::StandardOutput,
                    crate::error::Operation::Write,
                )(error)),
            }
        }
    }
}
