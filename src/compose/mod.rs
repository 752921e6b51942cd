//! Compose in and out: `macrame import` reads Compose files as Docker
//! Compose does and writes the topology file they mean; `macrame export`
//! writes a Compose file from a topology (or Podman's quadlet units). Both are adapters around the
//! model: an import is checked by the same linter as any topology file,
//! an export is made from the same specs `up` applies.

mod context;
mod convert;
mod emit;
pub mod export;

mod load;
pub mod quadlet;
mod service;
mod shim;
pub mod yaml;

pub use load::LoadError;

use crate::syntax::Environment;
use std::path::{Path, PathBuf};
use yaml::Mark;

/// How much a report matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// What the import made of something, for the record.
    Note,
    /// A choice the import had to make, or a mistake in the Compose file.
    Warning,
    /// A setting macrame has no equivalent for (`--strict` refuses it).
    Unsupported,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Unsupported => "not imported",
        }
    }
}

/// One thing the import says about the Compose file, at its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub severity: Severity,
    pub mark: Mark,
    pub message: String,
}

impl Report {
    pub fn new(severity: Severity, mark: Mark, message: impl Into<String>) -> Report {
        Report {
            severity,
            mark,
            message: message.into(),
        }
    }
}

/// What `import` was asked for.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Keep `${VAR}` as written instead of resolving it.
    pub keep_variables: bool,
    /// The variables file instead of `.env` beside the first file.
    pub env_file: Option<PathBuf>,
    /// Where the topology file will be written (relative paths in the
    /// Compose file are rewritten to stay right from there).
    pub output: Option<PathBuf>,
    /// The project's name, over the file's `name:`.
    pub project: Option<String>,
}

/// A topology made from Compose files.
pub struct Imported {
    /// The topology file, in `macrame fmt`'s layout.
    pub text: String,
    pub project: String,
    /// The files read: the ones asked for, then any that `extends` named.
    pub files: Vec<PathBuf>,
    pub reports: Vec<Report>,
    /// The variables the topology's values may still use.
    pub env: Environment,
}

impl Imported {
    /// `file:line:column` of a report.
    pub fn place(&self, mark: Mark) -> String {
        let file = self
            .files
            .get(mark.file)
            .map_or_else(String::new, |f| f.display().to_string());
        format!("{file}:{}:{}", mark.line, mark.column)
    }
}

/// The variables Compose would use: the process's environment over the
/// env file (`.env` beside the first Compose file unless told).
pub fn environment(files: &[PathBuf], env_file: Option<&Path>) -> Environment {
    match env_file {
        Some(file) => Environment::load_file(file),
        None => Environment::load(&project_dir(files)),
    }
}

/// Whether two directories are the same one (a path is relative to
/// either alike there).
pub fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The directory a file will be in (`.` for a bare name).
pub fn dir_of(file: &Path) -> &Path {
    file.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The project directory: the first file's.
pub fn project_dir(files: &[PathBuf]) -> PathBuf {
    files
        .first()
        .and_then(|f| f.parent())
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Reads `files` and converts them. Fails, writing nothing, only when a
/// file cannot be read or is not a Compose file.
pub fn import(files: &[PathBuf], options: &ImportOptions) -> Result<Imported, LoadError> {
    let env = environment(files, options.env_file.as_deref());
    let mut all = files.to_vec();
    let loaded = load::load(
        &mut all,
        &load::Reading {
            env: &env,
            keep_variables: options.keep_variables,
        },
    )?;
    let (text, project, mut reports) = convert::convert(&loaded.root, &all, options, &env);
    let mut all_reports = loaded.reports;
    all_reports.append(&mut reports);
    all_reports.sort_by_key(|r| (r.mark.file, r.mark.line, r.mark.column));
    Ok(Imported {
        text,
        project,
        files: all,
        reports: all_reports,
        env,
    })
}
