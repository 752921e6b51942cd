//! `macrame export`: the topology as a Compose file (Compose
//! Specification) that docker-compose brings up the same way; what Compose
//! cannot express is said on standard error and written as comments.

use super::args::ProjectArgs;
use super::{fail, load};
use crate::compose::export;
use crate::error::{Error, Object, Operation};
use crate::plan::Specs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A Compose file (Compose Specification).
    Compose,
    /// Podman's systemd units (`.network`, `.volume`, `.container`), into
    /// the folder `-o` names.
    Quadlet,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame export                        ./macrame.mcr as Compose, to standard output
  macrame export -f lab.mcr -o compose.yaml
  macrame export | docker-compose -f - config
  macrame export --format quadlet -o ~/.config/containers/systemd")]
pub struct ExportArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Compose)]
    pub format: ExportFormat,

    /// Write here instead of to standard output (for quadlet: the folder
    /// the units go into, made if missing).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> ExitCode {
    let topology = match load(&args.project) {
        Ok(topology) => topology,
        Err(code) => return code,
    };
    let specs = Specs::new(&topology);
    if args.format == ExportFormat::Quadlet {
        return quadlet(&topology, &specs, args.output.as_deref());
    }
    let exported = export::export(&topology, &specs, args.output.as_deref());
    for note in &exported.notes {
        eprintln!("note: {note}");
    }
    match &args.output {
        Some(out) => {
            if let Err(error) = std::fs::write(out, &exported.text) {
                return fail(&Error::io(Object::File(out.clone()), Operation::Write)(
                    error,
                ));
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

fn quadlet(
    topology: &crate::model::Topology,
    specs: &Specs,
    dir: Option<&std::path::Path>,
) -> ExitCode {
    let Some(dir) = dir else {
        return fail(&Error::Usage(
            "`--format quadlet` writes one file per object: name their folder with `-o DIR`".into(),
        ));
    };
    let units = crate::compose::quadlet::export(topology, specs);
    for note in &units.notes {
        eprintln!("note: {note}");
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        return fail(&Error::io(
            Object::Directory(dir.to_path_buf()),
            Operation::Create,
        )(error));
    }
    for (name, text) in &units.files {
        let path = dir.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            return fail(&Error::io(Object::File(path), Operation::Write)(error));
        }
    }
    eprintln!("wrote {} unit(s) into {}", units.files.len(), dir.display());
    ExitCode::SUCCESS
}
