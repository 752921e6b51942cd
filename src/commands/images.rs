//! `macrame pull` and `macrame build`: the file's images made ready
//! without touching a network or container, as `docker compose pull` and
//! `docker compose build`. Images at once, one progress line each.

use super::lifecycle::select;
use super::{connect, fail, load, progress_mode};
use crate::apply::{Force, Progress};
use crate::cli::{ProgressFormat, ProjectArgs};
use crate::error::Error;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame pull              every image the file pulls, whatever its `pull` policy
  macrame pull dns          dns's image only")]
pub struct PullArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Containers of the file [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  macrame build             every container's `build`, changed or not
  macrame build web         web's image only")]
pub struct BuildArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Containers of the file [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,
}

pub async fn pull(args: PullArgs) -> ExitCode {
    run(Force::Pull, &args.project, &args.containers, args.progress).await
}

pub async fn build(args: BuildArgs) -> ExitCode {
    run(Force::Build, &args.project, &args.containers, args.progress).await
}

async fn run(
    force: Force,
    project: &ProjectArgs,
    names: &[String],
    progress: ProgressFormat,
) -> ExitCode {
    let Some(topology) = load(project) else {
        return ExitCode::from(1);
    };
    let specs = crate::plan::Specs::new(&topology);
    let chosen = match select(&specs, names) {
        Ok(chosen) => chosen,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut unique = Vec::new();
    for spec in chosen {
        if !unique
            .iter()
            .any(|s: &&crate::plan::spec::ContainerSpec| s.image == spec.image)
        {
            unique.push(spec);
        }
    }
    let runtime = match connect().await {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let progress = Progress::new(progress_mode(progress));
    let results = futures::future::join_all(
        unique
            .iter()
            .map(|spec| runtime.acquire(spec, force, &progress)),
    )
    .await;
    let mut done = 0;
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(true) => done += 1,
            Ok(false) => {}
            Err(error) => failures.push(error),
        }
    }
    match failures.len() {
        0 => {
            let verb = if force == Force::Pull {
                "pulled"
            } else {
                "built"
            };
            crate::outln!("project {}: {done} {verb}", specs.project);
            ExitCode::SUCCESS
        }
        1 => fail(&failures.remove(0)),
        _ => fail(&Error::Several(failures)),
    }
}
