//! `macrame plan`: what `up` would do, and why.

use super::{connect, fail, images, load};
use crate::cli::{Format, PlanArgs};
use crate::error::Error;
use crate::plan;
use std::process::ExitCode;

pub async fn run(args: PlanArgs) -> ExitCode {
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
    match args.format {
        Format::Human => print!("{}", plan::render_human(&plan)),
        Format::Json => print!("{}", plan::render_json(&plan)),
    }
    if args.exit_code && !plan.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
