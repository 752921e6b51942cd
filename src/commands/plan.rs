//! `macrame plan`: what `up` would do, and why.

use super::{fail, prepare};
use crate::cli::{Format, PlanArgs};
use crate::persist::{self, Desired};
use crate::plan;
use std::process::ExitCode;

pub async fn run(args: PlanArgs) -> ExitCode {
    let (_, plan) = match prepare(&args.project, args.force).await {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let persistence = match Desired::new(&plan, &args.persist.settings(&plan.project)).changes() {
        Ok(changes) => changes,
        Err(error) => return fail(&error),
    };
    match args.format {
        Format::Human => {
            crate::out!("{}", plan::render_human(&plan));
            crate::out!("{}", persist::render(&persistence));
        }
        Format::Json => {
            let persistence: Vec<serde_json::Value> = persistence
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "action": c.verb(),
                        "path": c.path,
                        "cause": c.cause,
                    })
                })
                .collect();
            crate::out!("{}", plan::render_json(&plan, &persistence));
        }
    }
    if args.exit_code && !(plan.is_empty() && persistence.is_empty()) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
