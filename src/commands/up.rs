//! `macrame up`: make the host match the file.

use super::args::{PersistArgs, ProgressFormat, ProjectArgs};
use super::nodes::{members, recover};
use super::{fail, prepare, progress_mode};
use crate::apply::interrupt::{self, OnSignal};
use crate::apply::{Options, Progress, journal, wait};
use crate::cluster;
use crate::error::Error;
use crate::model::Topology;
use crate::persist::{self, Desired};
use crate::plan::{self, Action};
use std::process::ExitCode;
use std::time::Duration;

pub async fn run(args: UpArgs) -> ExitCode {
    let topology = match super::load(&args.project) {
        Ok(topology) => topology,
        Err(code) => return code,
    };
    let _lock = match crate::lock::acquire(
        &args.persist.state.state_dir,
        &topology.project.name,
        "up",
        !args.no_wait,
    )
    .await
    {
        Ok(lock) => lock,
        Err(error) => return fail(&error),
    };
    let journal = journal::path(&args.persist.state.state_dir, &topology.project.name);
    interrupt::watch("up", OnSignal::Undo, Some(journal.clone()));
    let progress = Progress::new(progress_mode(args.progress));
    if topology.spans_hosts() {
        return on_nodes(&args, topology, &journal, &progress).await;
    }
    let (runtime, _, mut plan) =
        match prepare(topology, args.force, Some((&journal, &progress))).await {
            Ok(prepared) => prepared,
            Err(code) => return code,
        };
    if !args.containers.is_empty() {
        if let Err(message) = super::lifecycle::check_names(&plan.specs, &args.containers) {
            return fail(&Error::Usage(message));
        }
        plan.restrict(&args.containers);
    }
    // Before anything is applied: `--persist networkd` may refuse.
    let persistence = match Desired::new(&plan, &args.persist.settings(&plan.project)) {
        Ok(persistence) => persistence,
        Err(error) => return fail(&error),
    };
    crate::out!("{}", plan::render_human(&plan));
    let wait_timeout = Duration::from_secs(args.wait_timeout);
    if !plan.is_empty() {
        let options = options(&args, journal);
        if let Err(error) = runtime.apply(&plan, options, &progress).await {
            return fail(&error);
        }
        crate::outln!(
            "project {}: up to date ({} created, {} recreated, {} removed)",
            plan.project,
            plan.count(Action::Create),
            plan.count(Action::Recreate),
            plan.count(Action::Remove)
        );
    }
    // Only once the host matches the file: a failed run keeps the last
    // good snapshot.
    match persistence.install() {
        Ok(changes) => crate::out!("{}", persist::render(&changes)),
        Err(error) => return fail(&error),
    }
    if let Some(note) = &persistence.note {
        eprintln!("note: {note}");
    }
    if args.wait
        && let Err(error) = wait::wait_all(&runtime.engine, &progress, &plan, wait_timeout).await
    {
        return fail(&error);
    }
    ExitCode::SUCCESS
}

/// How `up` applies: `journal` is where it keeps its journal.
pub fn options(args: &UpArgs, journal: std::path::PathBuf) -> Options {
    Options {
        parallel: args.parallel,
        keep_on_failure: args.keep_on_failure,
        stop_timeout: args.timeout,
        remove_volumes: false,
        park_removals: true,
        wait_timeout: Duration::from_secs(args.wait_timeout),
        journal: Some(journal),
    }
}

#[derive(Debug, clap::Args)]
pub struct UpArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub persist: PersistArgs,

    /// Only these containers of the file, and what they depend on
    /// [default: all].
    #[arg(value_name = "CONTAINER")]
    pub containers: Vec<String>,

    /// Apply even what would cut the host off its LAN (passthru on the
    /// interface of its default route, a shim taking its address, a
    /// removal taking its addresses): each is echoed as a warning.
    #[arg(long)]
    pub force: bool,

    /// At most this many independent steps at once (64, as Compose's
    /// COMPOSE_PARALLEL_LIMIT: the engine, not the client, is the limit).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub parallel: usize,

    /// On failure, leave what this run did for inspection instead of undoing it.
    #[arg(long)]
    pub keep_on_failure: bool,

    /// Seconds a container gets to stop (after SIGTERM) before it is killed.
    #[arg(short = 't', long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u32,

    /// How to show progress (on stderr).
    #[arg(long, value_enum, default_value_t = ProgressFormat::Auto)]
    pub progress: ProgressFormat,

    /// Then wait until every container runs and, where it has a health
    /// check, is healthy.
    #[arg(long)]
    pub wait: bool,

    /// Seconds a container may take to become healthy (for `--wait` and
    /// `depends-on X healthy`) or to complete (`depends-on X completed`).
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub wait_timeout: u64,

    /// Fail at once when another `up` or `down` of the project runs,
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

/// What persistence means on several hosts is each host's own: `up` here
/// installs none, and says so.
const NO_PERSISTENCE: &str = "the file describes several hosts: `up` installs no boot-time persistence on them (each node's engine restarts its own containers; vlans and shims need `macrame up` after a reboot)";

pub(super) async fn on_nodes(
    args: &UpArgs,
    topology: Topology,
    journal: &std::path::Path,
    progress: &Progress,
) -> ExitCode {
    if args.persist.persist.is_some() {
        return fail(&Error::Usage(format!("{NO_PERSISTENCE}; drop `--persist`")));
    }
    let is_service = |name: &str| {
        topology
            .services
            .iter()
            .any(|s| s.container.name.value == name)
    };
    if let Some(unknown) = args
        .containers
        .iter()
        .find(|name| topology.container_named(name).is_none() && !is_service(name))
    {
        let known: Vec<&str> = topology
            .containers
            .iter()
            .map(|c| c.name.value.as_str())
            .chain(
                topology
                    .services
                    .iter()
                    .map(|s| s.container.name.value.as_str()),
            )
            .collect();
        return fail(&Error::Usage(format!(
            "the file has no container or service `{unknown}`{}; it has: {}",
            crate::suggest::did_you_mean(unknown, known.iter().copied()),
            known.join(", ")
        )));
    }
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    if let Err(code) = recover(&members, journal, &topology.project.name, progress).await {
        return code;
    }
    let mut planned = match cluster::prepare(members, &topology, args.force).await {
        Ok(planned) => planned,
        Err(error) => return fail(&error),
    };
    if !args.containers.is_empty() {
        for node in &mut planned.nodes {
            let here: Vec<String> = args
                .containers
                .iter()
                .filter(|name| node.member.topology.container_named(name).is_some())
                .cloned()
                .collect();
            node.plan.restrict(&here);
        }
        // The Swarm's networks are planned as for the whole file; of its
        // services, only those named.
        if let Some(swarm) = &mut planned.swarm {
            swarm.services.retain(|s| args.containers.contains(&s.name));
        }
    }
    crate::out!("{}", cluster::render_human(&planned));
    let wait_timeout = Duration::from_secs(args.wait_timeout);
    if !planned.is_empty() {
        let options = options(args, journal.to_path_buf());
        if let Err(error) = cluster::apply(&planned, options, progress).await {
            return fail(&error);
        }
        for node in planned.nodes.iter().filter(|node| !node.plan.is_empty()) {
            let plan = &node.plan;
            crate::outln!(
                "[{}] project {}: up to date ({} created, {} recreated, {} removed)",
                node.member.name,
                plan.project,
                plan.count(Action::Create),
                plan.count(Action::Recreate),
                plan.count(Action::Remove)
            );
        }
        if let Some(swarm) = &planned.swarm
            && !swarm.is_empty()
        {
            crate::outln!(
                "[swarm] project {}: {} services running",
                topology.project.name,
                swarm.wanted.len()
            );
        }
    }
    let changed: Vec<&cluster::Prepared> = planned
        .nodes
        .iter()
        .filter(|node| !node.plan.is_empty())
        .collect();
    if changed
        .iter()
        .any(|node| !node.plan.specs.vlans.is_empty() || !node.plan.specs.shims.is_empty())
    {
        eprintln!("note: {NO_PERSISTENCE}");
    }
    if args.wait {
        for node in &changed {
            let progress = progress.on_node(&node.member.name);
            if let Err(error) = wait::wait_all(
                &node.member.runtime.engine,
                &progress,
                &node.plan,
                wait_timeout,
            )
            .await
            {
                return fail(&Error::on_node(&node.member.name)(error));
            }
        }
    }
    ExitCode::SUCCESS
}
