//! `macrame up`: make the host match the file.

use super::{connect, fail, images, load, progress_mode};
use crate::apply::{Options, Progress};
use crate::cli::UpArgs;
use crate::error::Error;
use crate::plan::{self, Action};
use std::process::ExitCode;

pub async fn run(args: UpArgs) -> ExitCode {
    let Some(topology) = load(&args.project) else {
        return ExitCode::from(1);
    };
    let runtime = match connect().await {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let observed = match runtime
        .observe(&topology.project.name, &images(&topology))
        .await
    {
        Ok(observed) => observed,
        Err(error) => return fail(&error),
    };
    let plan = match plan::plan(&topology, &observed) {
        Ok(plan) => plan,
        Err(refusals) => return fail(&Error::Refused(refusals)),
    };
    print!("{}", plan::render_human(&plan));
    if plan.is_empty() {
        return ExitCode::SUCCESS;
    }
    let options = Options {
        parallel: args.parallel,
        keep_on_failure: args.keep_on_failure,
    };
    let progress = Progress::new(progress_mode(args.progress));
    match runtime.apply(&plan, options, &progress).await {
        Ok(()) => {
            println!(
                "project {}: up to date ({} created, {} recreated, {} removed)",
                plan.project,
                plan.count(Action::Create),
                plan.count(Action::Recreate),
                plan.count(Action::Remove)
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}
