//! `macrame pull` and `macrame build`: the file's images made ready
//! without touching a network or container, as `docker compose pull` and
//! `docker compose build`. Images at once, one progress line each.

use super::args::{ProgressFormat, ProjectArgs};
use super::lifecycle::{ContainersArgs, load_specs, select};
use super::{connect, fail, progress_mode};
use crate::apply::{Force, Progress};
use crate::error::Error;
use std::process::ExitCode;

pub async fn pull(args: ContainersArgs) -> ExitCode {
    run(Force::Pull, &args.project, &args.containers, args.progress).await
}

pub async fn build(args: ContainersArgs) -> ExitCode {
    run(Force::Build, &args.project, &args.containers, args.progress).await
}

async fn run(
    force: Force,
    project: &ProjectArgs,
    names: &[String],
    progress: ProgressFormat,
) -> ExitCode {
    let specs = match load_specs(project, names) {
        Ok(specs) => specs,
        Err(code) => return code,
    };
    let chosen = select(&specs, names);
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
