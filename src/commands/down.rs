//! `macrame down`: remove everything the project owns, and nothing else.

use super::{fail, observe, progress_mode, project_name};
use crate::apply::{Options, Progress};
use crate::cli::DownArgs;
use crate::plan;
use std::process::ExitCode;

pub async fn run(args: DownArgs) -> ExitCode {
    let project = project_name(&args.project);
    let (runtime, observed) = match observe(&project, &[]).await {
        Ok(observed) => observed,
        Err(code) => return code,
    };
    let plan = match plan::teardown(&project, &observed, args.volumes) {
        Ok(plan) => plan,
        Err(refusals) => return fail(&crate::error::Error::Refused(refusals)),
    };
    crate::out!("{}", plan::render_human(&plan));
    if args.dry_run || plan.is_empty() {
        return ExitCode::SUCCESS;
    }
    let options = Options {
        parallel: args.parallel,
        keep_on_failure: false,
        stop_timeout: args.timeout,
        remove_volumes: args.volumes,
        park_removals: false,
        ..Options::default()
    };
    let progress = Progress::new(progress_mode(args.progress));
    match runtime.apply(&plan, options, &progress).await {
        Ok(()) => {
            crate::outln!("project {project}: down ({} removed)", plan.changes.len());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}
