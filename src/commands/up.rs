//! `macrame up`: make the host match the file.

use super::{fail, prepare, progress_mode};
use crate::apply::{Options, Progress};
use crate::cli::UpArgs;
use crate::plan::{self, Action};
use std::process::ExitCode;

pub async fn run(args: UpArgs) -> ExitCode {
    let (runtime, plan) = match prepare(&args.project).await {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    crate::out!("{}", plan::render_human(&plan));
    if plan.is_empty() {
        return ExitCode::SUCCESS;
    }
    let options = Options {
        parallel: args.parallel,
        keep_on_failure: args.keep_on_failure,
        stop_timeout: args.timeout,
        remove_volumes: false,
        park_removals: true,
    };
    let progress = Progress::new(progress_mode(args.progress));
    match runtime.apply(&plan, options, &progress).await {
        Ok(()) => {
            crate::outln!(
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
