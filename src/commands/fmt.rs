//! `macrame fmt`: rewrite files in the canonical layout, or `--check`.

use crate::format::format;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: FmtArgs) -> ExitCode {
    let mut unformatted = false;
    let mut failed = false;
    for path in &args.files {
        let name = path.display().to_string();
        let text = match crate::source::Source::read(path) {
            Ok(source) => source.into_text(),
            Err(error) => {
                eprintln!("error: cannot read `{name}`: {error}");
                failed = true;
                continue;
            }
        };
        // Variables are the environment's business, not the layout's.
        let (_, syntax) = crate::syntax::parse(&text);
        if syntax
            .iter()
            .any(|d| d.code == crate::diagnostic::Code::Syntax)
        {
            eprintln!(
                "error: cannot format `{name}`: it does not parse (`macrame lint {name}` shows where)"
            );
            failed = true;
            continue;
        }
        let formatted = format(&text);
        if formatted == text {
            continue;
        }
        if args.check {
            unformatted = true;
            let diff = similar::TextDiff::from_lines(&text, &formatted);
            crate::out!(
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&name, &format!("{name} (formatted)"))
            );
        } else if let Err(error) = std::fs::write(path, &formatted) {
            eprintln!("error: cannot write `{name}`: {error}");
            failed = true;
        } else {
            eprintln!("formatted {name}");
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::from(u8::from(unformatted))
    }
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
