//! `macrame plan`: what `up` would do, and why.

use super::{fail, prepare};
use crate::cli::{Format, PlanArgs};
use crate::persist::{self, Desired};
use crate::plan;
use crate::probe;
use std::process::ExitCode;

pub async fn run(args: PlanArgs) -> ExitCode {
    let topology = match super::load(&args.project) {
        Ok(topology) => topology,
        Err(code) => return code,
    };
    // A plan changes nothing, so it repairs nothing: it says so.
    super::down::note_unfinished(&crate::apply::journal::path(
        &args.persist.state.state_dir,
        &topology.project.name,
    ));
    if topology.spans_hosts() {
        return super::nodes::plan(&args, topology).await;
    }
    let (runtime, observed, plan) = match prepare(topology, args.force, None).await {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let persistence = match Desired::new(&plan, &args.persist.settings(&plan.project))
        .and_then(|desired| desired.changes())
    {
        Ok(changes) => changes,
        Err(error) => return fail(&error),
    };
    let findings = if args.probe {
        let segments = probe::segments(&plan.specs, &observed);
        match probe::probe(&runtime.host, &plan.project, &segments, &observed).await {
            Ok(findings) => Some(findings),
            Err(error) => return fail(&error),
        }
    } else {
        None
    };
    match args.format {
        Format::Human => {
            crate::out!("{}", plan::render_human(&plan));
            crate::out!("{}", persist::render(&persistence));
            if let Some(findings) = &findings {
                crate::out!("{}", probe::render_human(findings));
            }
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
            let probe = findings.as_deref().map(probe::render_json);
            crate::out!("{}", plan::render_json(&plan, &persistence, probe));
        }
    }
    if findings.as_deref().is_some_and(probe::any_taken) {
        // An address something else holds: `up` would give it twice.
        ExitCode::from(1)
    } else if args.exit_code && !(plan.is_empty() && persistence.is_empty()) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
