//! `macrame plan`: what `up` would do, and why.

use super::prepare;
use crate::cli::{Format, PlanArgs};
use crate::plan;
use std::process::ExitCode;

pub async fn run(args: PlanArgs) -> ExitCode {
    let (_, plan) = match prepare(&args.project).await {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    match args.format {
        Format::Human => crate::out!("{}", plan::render_human(&plan)),
        Format::Json => crate::out!("{}", plan::render_json(&plan)),
    }
    if args.exit_code && !plan.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
