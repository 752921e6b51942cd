//! `macrame plan`: what `up` would do, and why.

use super::args::Format;
use super::args::{PersistArgs, ProjectArgs};
use super::nodes::members;
use super::{fail, prepare};
use crate::cluster;
use crate::error::Error;
use crate::model::Topology;
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
        return on_nodes(&args, topology).await;
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

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub persist: PersistArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit 2 when there are changes, 0 when there are none (1 on error).
    #[arg(long)]
    pub exit_code: bool,

    /// Apply even what would cut the host off its LAN (passthru on the
    /// interface of its default route, a shim taking its address, a
    /// removal taking its addresses): each is echoed as a warning.
    #[arg(long)]
    pub force: bool,

    /// Ask the LAN too, from a temporary macvlan on each parent: an ARP
    /// probe for every fixed IPv4 address (one something else answers is
    /// an error) and a DHCP discover (a server whose pool may overlap a
    /// network's range is a warning).
    #[arg(long)]
    pub probe: bool,
}

pub(super) async fn on_nodes(args: &PlanArgs, topology: Topology) -> ExitCode {
    if args.probe {
        return fail(&Error::Usage(
            "`plan --probe` listens on one host's parents; run it on each host with a file of its own".into(),
        ));
    }
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    let planned = match cluster::prepare(members, &topology, args.force).await {
        Ok(planned) => planned,
        Err(error) => return fail(&error),
    };
    match args.format {
        Format::Human => crate::out!("{}", cluster::render_human(&planned)),
        Format::Json => crate::out!("{}", cluster::render_json(&planned)),
    }
    if args.exit_code && !planned.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
