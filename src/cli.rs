//! The command line: argument parsing and the commands, over the library.

use crate::lint;
use crate::model::names;
use crate::report::{self, Color, FileReport};
use crate::source::Source;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str = "Docker macvlan topologies from one small file.

macrame reads a topology file (*.mcr) describing host NICs, 802.1q vlans, \
macvlan networks, host shims and containers with fixed addresses, finds the \
macvlan traps in it before anything touches the host, and reports each with \
its place in the file and the fix.";

const AFTER_HELP: &str = "Examples:
  macrame lint                      check ./macrame.mcr
  macrame lint lab.mcr home.mcr     check several files
  macrame lint --format json lab.mcr
  macrame lint --deny-warnings      fail CI on warnings too

The language: docs/language.md. Diagnostic codes: `macrame lint --help`.";

#[derive(Debug, Parser)]
#[command(name = "macrame", version, about = ABOUT, long_about = ABOUT, after_help = AFTER_HELP)]
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
    Lint(LintArgs),
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Topology files to check.
    #[arg(value_name = "FILE", default_value = "macrame.mcr")]
    files: Vec<PathBuf>,

    /// Output format: `human` (source snippets) or `json` (one object, see docs/language.md).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Treat warnings as errors: exit 1 when there is any diagnostic.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn codes_help() -> String {
    let mut help = String::from("Diagnostic codes:\n");
    for code in crate::diagnostic::Code::ALL {
        help.push_str(&format!(
            "  {:<26} {:<7}  {}\n",
            code.as_str(),
            code.severity().as_str(),
            code.summary()
        ));
    }
    help
}

/// The project name a file gets when it has no `project` line: its
/// directory's name, as Docker Compose does.
pub fn default_project(path: &Path) -> String {
    let dir = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok());
    let name = dir
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    names::project_from_dir(&name)
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => lint(args),
    }
}

fn lint(args: LintArgs) -> ExitCode {
    let mut unreadable = false;
    let mut checked = Vec::new();
    for path in &args.files {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let source = Source::new(path.display().to_string(), text);
                let result = lint::check(&source, &default_project(path));
                checked.push((source, result.diagnostics));
            }
            Err(error) => {
                eprintln!("macrame: cannot read `{}`: {error}", path.display());
                unreadable = true;
            }
        }
    }
    let reports: Vec<FileReport> = checked
        .iter()
        .map(|(source, diagnostics)| FileReport {
            source,
            diagnostics,
        })
        .collect();
    let output = match args.format {
        Format::Json => report::render_json(&reports),
        Format::Human => {
            let color = if std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            {
                Color::Always
            } else {
                Color::Never
            };
            report::render_human(&reports, color)
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    if unreadable {
        return ExitCode::from(2);
    }
    let diagnostics = checked.iter().flat_map(|(_, d)| d);
    let failed = diagnostics
        .clone()
        .any(|d| d.is_error() || args.deny_warnings);
    ExitCode::from(u8::from(failed))
}
