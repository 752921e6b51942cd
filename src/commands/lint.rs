//! `macrame lint`: check files, print every diagnostic.

use crate::error::Error;
use crate::lint;
use crate::model::names::default_project;
use crate::report::{self, Color, FileReport};
use crate::source::Source;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: LintArgs) -> ExitCode {
    let mut unreadable = 0;
    // The status `fail` chose for a file that cannot be read, as in any
    // command.
    let mut unreadable_status = None;
    let mut checked = Vec::new();
    for path in &args.files {
        match Source::read(path) {
            Ok(source) => {
                let result = lint::check(&source, &default_project(path));
                checked.push((source, result.diagnostics));
            }
            Err(cause) => {
                unreadable_status = Some(super::fail(&Error::Unreadable {
                    path: path.clone(),
                    cause,
                }));
                unreadable += 1;
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
        LintFormat::Json => report::render_json(&reports),
        LintFormat::Sarif => report::render_sarif(&reports),
        LintFormat::Github => report::render_github(&reports),
        LintFormat::Human => {
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
    if let Some(status) = unreadable_status {
        eprintln!(
            "error: {unreadable} of {} file(s) could not be read, and were not checked",
            args.files.len()
        );
        return status;
    }
    let diagnostics = checked.iter().flat_map(|(_, d)| d);
    let failed = diagnostics
        .clone()
        .any(|d| d.is_error() || args.deny_warnings);
    ExitCode::from(u8::from(failed))
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Topology files to check.
    #[arg(value_name = "FILE", default_value = "macrame.mcr")]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,

    /// Treat warnings as errors: exit 1 when there is any diagnostic.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// Source snippets with the problem underlined.
    Human,
    /// One JSON object (docs/language.md).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}
