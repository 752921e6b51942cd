//! `macrame fmt`: rewrite files in the canonical layout, or `--check`.

use super::fail;
use crate::error::{Error, Object, Operation};
use crate::format::format;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: FmtArgs) -> ExitCode {
    let mut unformatted = false;
    // The highest status of the files that failed: a file that cannot be
    // read is 2, one that does not parse or cannot be written 1.
    let mut failed = None;
    for path in &args.files {
        let name = path.display().to_string();
        let error = match crate::source::Source::read(path) {
            Ok(source) => {
                let text = source.into_text();
                match format_one(&args, path, &name, &text) {
                    Ok(changed) => {
                        unformatted |= changed;
                        continue;
                    }
                    Err(error) => error,
                }
            }
            Err(cause) => Error::Unreadable {
                path: path.clone(),
                cause,
            },
        };
        fail(&error);
        failed = failed.max(Some(error.exit_status()));
    }
    match failed {
        Some(status) => ExitCode::from(status),
        None => ExitCode::from(u8::from(unformatted && args.check)),
    }
}

/// Formats one file: prints its diff (`--check`) or rewrites it; whether
/// it was not formatted.
fn format_one(args: &FmtArgs, path: &Path, name: &str, text: &str) -> Result<bool, Error> {
    // Variables are the environment's business, not the layout's.
    let (_, syntax) = crate::syntax::parse(text);
    if syntax
        .iter()
        .any(|d| d.code == crate::diagnostic::Code::Syntax)
    {
        return Err(Error::Invalid(format!(
            "cannot format `{name}`: it does not parse (`macrame lint {name}` shows where)"
        )));
    }
    let formatted = format(text);
    if formatted == text {
        return Ok(false);
    }
    if args.check {
        let diff = similar::TextDiff::from_lines(text, &formatted);
        crate::out!(
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(name, &format!("{name} (formatted)"))
        );
    } else {
        std::fs::write(path, &formatted).map_err(Error::io(
            Object::File(path.to_path_buf()),
            Operation::Write,
        ))?;
        eprintln!("formatted {name}");
    }
    Ok(true)
}

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Topology files to format.
    #[arg(value_name = "FILE", default_value = "macrame.mcr")]
    pub files: Vec<PathBuf>,

    /// Change nothing: print a diff and exit 1 when a file is not formatted.
    #[arg(long)]
    pub check: bool,
}
