//! `plan`, `up`, `down` and `ps` over a file of several hosts: the same
//! commands, over every node's engine at once (see `cluster`).

use super::{fail, progress_mode};
use crate::apply::{Options, Progress, wait};
use crate::cli::{DownArgs, Format, PlanArgs, PsArgs, UpArgs};
use crate::cluster::{self, Member};
use crate::error::Error;
use crate::model::Topology;
use crate::plan::Action;
use std::process::ExitCode;
use std::time::Duration;

/// What persistence means on several hosts is each host's own: `up` here
/// installs none, and says so.
const NO_PERSISTENCE: &str = "the file describes several hosts: `up` installs no boot-time persistence on them (each node's engine restarts its own containers; vlans and shims need `macrame up` after a reboot)";

async fn members(topology: &Topology) -> Result<Vec<Member>, ExitCode> {
    if topology.nodes.is_empty() {
        return Err(fail(&Error::State {
            object: format!("project {}", topology.project.name),
            problem: "its services need a Swarm, and the file names no `node` to reach its engines: add `node NAME { docker \"unix:///var/run/docker.sock\" }` for each".into(),
        }));
    }
    cluster::connect(topology).await.map_err(|e| fail(&e))
}

pub async fn plan(args: &PlanArgs, topology: Topology) -> ExitCode {
    if args.probe {
        eprintln!(
            "error: `plan --probe` listens on one host's parents; run it on each host with a file of its own"
        );
        return ExitCode::from(2);
    }
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    let prepared = match cluster::prepare(members, args.force).await {
        Ok(prepared) => prepared,
        Err(error) => return fail(&error),
    };
    match args.format {
        Format::Human => crate::out!("{}", cluster::render_human(&prepared)),
        Format::Json => crate::out!("{}", cluster::render_json(&prepared)),
    }
    let changed = prepared.iter().any(|node| !node.plan.is_empty());
    if args.exit_code && changed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

pub async fn up(args: &UpArgs, topology: Topology) -> ExitCode {
    if args.persist.persist.is_some() {
        eprintln!("error: {NO_PERSISTENCE}; drop `--persist`");
        return ExitCode::from(2);
    }
    if let Some(unknown) = args
        .containers
        .iter()
        .find(|name| topology.container_named(name).is_none())
    {
        let known: Vec<&str> = topology
            .containers
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        eprintln!(
            "error: the file has no container `{unknown}`{}; its containers: {}",
            crate::suggest::did_you_mean(unknown, known.iter().copied()),
            known.join(", ")
        );
        return ExitCode::from(2);
    }
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    let mut prepared = match cluster::prepare(members, args.force).await {
        Ok(prepared) => prepared,
        Err(error) => return fail(&error),
    };
    if !args.containers.is_empty() {
        for node in &mut prepared {
            let here: Vec<String> = args
                .containers
                .iter()
                .filter(|name| node.member.topology.container_named(name).is_some())
                .cloned()
                .collect();
            node.plan.restrict(&here);
        }
    }
    crate::out!("{}", cluster::render_human(&prepared));
    let progress = Progress::new(progress_mode(args.progress));
    let wait_timeout = Duration::from_secs(args.wait_timeout);
    let changed: Vec<cluster::Prepared> = prepared
        .into_iter()
        .filter(|node| !node.plan.is_empty())
        .collect();
    if !changed.is_empty() {
        let options = Options {
            parallel: args.parallel,
            keep_on_failure: args.keep_on_failure,
            stop_timeout: args.timeout,
            remove_volumes: false,
            park_removals: true,
            wait_timeout,
        };
        if let Err(error) = cluster::apply(&changed, options, &progress).await {
            return fail(&error);
        }
        for node in &changed {
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
    }
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

/// The file's nodes, read leniently: `down` and `ps` must work on a file
/// that no longer lints (they need only the project and its nodes).
pub fn file_nodes(args: &crate::cli::ProjectArgs) -> Option<Topology> {
    let text = std::fs::read_to_string(&args.file).ok()?;
    let (ast, _) = crate::syntax::parse(&text);
    let (mut topology, _) = crate::model::lower_with(
        &ast,
        &crate::cli::default_project(&args.file),
        args.project.as_deref(),
    );
    topology.spans_hosts().then(|| {
        topology.containers.clear();
        topology.shims.clear();
        topology
    })
}

pub async fn down(args: &DownArgs, topology: Topology) -> ExitCode {
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    if args.dry_run {
        for member in &members {
            let project = &topology.project.name;
            let observed = match member.runtime.observe(project, &[]).await {
                Ok(observed) => observed,
                Err(error) => return fail(&Error::on_node(&member.name)(error)),
            };
            match crate::plan::teardown_with(project, &observed, args.volumes, args.force) {
                Ok(plan) => {
                    for line in crate::plan::render_human(&plan).lines() {
                        crate::outln!("[{}] {line}", member.name);
                    }
                }
                Err(refusals) => {
                    return fail(&Error::on_node(&member.name)(Error::Refused(refusals)));
                }
            }
        }
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
    match cluster::teardown(&members, args.volumes, args.force, options, &progress).await {
        Ok(removed) => {
            crate::outln!(
                "project {}: down on {} nodes ({removed} removed)",
                topology.project.name,
                members.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

pub async fn ps(args: &PsArgs, topology: Topology) -> ExitCode {
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    let project = topology.project.name.clone();
    let observed = futures::future::join_all(members.iter().map(|member| async {
        member
            .runtime
            .observe(&project, &[])
            .await
            .map_err(Error::on_node(&member.name))
    }))
    .await;
    let mut rows = Vec::new();
    for (member, observed) in members.iter().zip(observed) {
        match observed {
            Ok(observed) => rows.extend(
                super::ps::rows(&project, &observed)
                    .into_iter()
                    .map(|row| row.on_node(&member.name)),
            ),
            Err(error) => return fail(&error),
        }
    }
    super::ps::print(&project, &rows, args.format, None);
    ExitCode::SUCCESS
}
