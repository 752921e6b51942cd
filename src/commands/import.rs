//! `macrame import`: Compose files in, a topology file out. Reports go to
//! standard error, each at its Compose line; the topology is then linted
//! as any other file, and its diagnostics are the Compose file's traps.

use super::fail;
use crate::compose::{self, ImportOptions, Imported, Severity};
use crate::error::{Error, Object, Operation};
use crate::lint;
use crate::report::{self, Color, FileReport};
use crate::source::Source;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame import                                ./compose.yaml or docker-compose.yml, to stdout
  macrame import -o macrame.mcr                 written to macrame.mcr
  macrame import base.yml prod.yml -o prod.mcr  several files merged in order, as `-f a -f b`
  macrame import --keep-variables               ${VAR} kept: the topology stays parameterised

Exit status: 0 when the topology was written (lint findings are the Compose file's
own traps, printed on standard error), 1 when nothing was written (not YAML, not a
Compose file, or with --strict something without an equivalent), 2 when a file
cannot be read.")]
pub struct ImportArgs {
    /// The Compose files, merged in order [default: compose.yaml, compose.yml,
    /// docker-compose.yml or docker-compose.yaml, with its override file].
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Write the topology here instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// The variables file [default: .env beside the first Compose file].
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,

    /// Keep `${VAR}` as written: the topology reads it from its own
    /// environment and `.env`.
    #[arg(long)]
    pub keep_variables: bool,

    /// Refuse, writing nothing, when anything has no macrame equivalent.
    #[arg(long)]
    pub strict: bool,

    /// The project name [default: the Compose file's `name:`, else its
    /// directory's name].
    #[arg(short = 'p', long = "project", value_name = "NAME", value_parser = super::args::project_arg)]
    pub project: Option<String>,
}

/// The files Compose reads when none is named.
fn default_files() -> Vec<PathBuf> {
    let found = [
        "compose.yaml",
        "compose.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    let Some(file) = found else {
        return vec![PathBuf::from("compose.yaml")];
    };
    let stem = file
        .to_string_lossy()
        .rsplit_once('.')
        .map(|(s, e)| format!("{s}.override.{e}"));
    let mut files = vec![file];
    if let Some(over) = stem.map(PathBuf::from).filter(|p| p.exists()) {
        files.push(over);
    }
    files
}

pub fn run(args: ImportArgs) -> ExitCode {
    let files = if args.files.is_empty() {
        default_files()
    } else {
        args.files.clone()
    };
    let options = ImportOptions {
        keep_variables: args.keep_variables,
        env_file: args.env_file.clone(),
        output: args.output.clone(),
        project: args.project.clone(),
    };
    let imported = match compose::import(&files, &options) {
        Ok(imported) => imported,
        Err(error) => {
            let error = match error.unreadable {
                Some(cause) => Error::Unreadable {
                    path: error.file,
                    cause,
                },
                None => Error::Invalid(format!("{error}; nothing was written")),
            };
            return fail(&error);
        }
    };
    let mut stderr = std::io::stderr().lock();
    for report in &imported.reports {
        let _ = writeln!(
            stderr,
            "{}: {}: {}",
            imported.place(report.mark),
            report.severity.as_str(),
            report.message
        );
    }
    let unsupported = imported
        .reports
        .iter()
        .filter(|r| r.severity == Severity::Unsupported)
        .count();
    if args.strict && unsupported > 0 {
        return fail(&Error::Invalid(format!(
            "{unsupported} item(s) of the Compose file have no macrame equivalent (--strict); nothing was written"
        )));
    }
    let (name, base_dir) = match &args.output {
        Some(out) => (
            out.display().to_string(),
            out.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
        None => (
            "<stdout>".to_string(),
            compose::project_dir(&imported.files),
        ),
    };
    let source = Source::new(name, imported.text.clone());
    let checked = lint::check_in(&source, &imported.project, None, &base_dir, &imported.env);
    match &args.output {
        Some(out) => {
            if let Err(error) = std::fs::write(out, &imported.text) {
                return fail(&Error::io(Object::File(out.clone()), Operation::Write)(
                    error,
                ));
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(imported.text.as_bytes());
            let _ = stdout.flush();
        }
    }
    // Kept variables are the topology's to read: from its own directory.
    if args.keep_variables
        && let Some(out) = &args.output
    {
        let project = compose::project_dir(&imported.files);
        let beside = compose::dir_of(out);
        let same = compose::same_dir(beside, &project);
        let env_file = args
            .env_file
            .clone()
            .unwrap_or_else(|| project.join(".env"));
        if !same && env_file.exists() {
            let _ = writeln!(
                stderr,
                "note: the topology reads its variables from the environment and `.env` beside it: copy `{}` to `{}`",
                env_file.display(),
                beside.join(".env").display()
            );
        }
    }
    let color = if std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        Color::Always
    } else {
        Color::Never
    };
    if !checked.diagnostics.is_empty() {
        let _ = write!(
            stderr,
            "{}",
            report::render_human(
                &[FileReport {
                    source: &source,
                    diagnostics: &checked.diagnostics
                }],
                color
            )
        );
    }
    let _ = writeln!(stderr, "{}", summary(&imported, &checked.diagnostics));
    ExitCode::SUCCESS
}

/// The last line: what was imported, what was reported, what lint found.
fn summary(imported: &Imported, diagnostics: &[crate::diagnostic::Diagnostic]) -> String {
    let count = |severity| {
        imported
            .reports
            .iter()
            .filter(|r| r.severity == severity)
            .count()
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    format!(
        "imported {}: {} not imported, {} warning(s), {} note(s); lint: {} error(s), {} warning(s){}",
        imported
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" + "),
        count(Severity::Unsupported),
        count(Severity::Warning),
        count(Severity::Note),
        errors,
        diagnostics.len() - errors,
        if codes.is_empty() {
            String::new()
        } else {
            format!(" ({})", codes.join(", "))
        }
    )
}
