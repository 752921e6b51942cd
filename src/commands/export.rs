//! `macrame export`: the topology as a Compose file (Compose
//! Specification) that docker-compose brings up the same way; what Compose
//! cannot express is said on standard error and written as comments.

use super::load;
use crate::cli::ProjectArgs;
use crate::compose::export;
use crate::plan::Specs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A Compose file (Compose Specification).
    Compose,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame export                        ./macrame.mcr as Compose, to standard output
  macrame export -f lab.mcr -o compose.yaml
  macrame export | docker-compose -f - config")]
pub struct ExportArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Compose)]
    pub format: ExportFormat,

    /// Write here instead of to standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> ExitCode {
    let Some(topology) = load(&args.project) else {
        return ExitCode::from(1);
    };
    let specs = Specs::new(&topology);
    let exported = export::export(&topology, &specs);
    for note in &exported.notes {
        eprintln!("note: {note}");
    }
    match &args.output {
        Some(out) => {
            if let Err(error) = std::fs::write(out, &exported.text) {
                eprintln!("error: cannot write `{}`: {error}", out.display());
                return ExitCode::from(1);
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(exported.text.as_bytes());
            let _ = stdout.flush();
        }
    }
    ExitCode::SUCCESS
}
