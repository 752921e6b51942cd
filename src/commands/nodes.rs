//! `plan`, `up`, `down` and `ps` over a file of several hosts: the same
//! commands, over every node's engine at once (see `cluster`).

use super::args::Format;
use super::down::DownArgs;
use super::fail;
use super::plan::PlanArgs;
use super::ps::PsArgs;
use super::up::UpArgs;
use crate::apply::{Progress, wait};
use crate::cluster::{self, Member};
use crate::error::{Error, Object};
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
            object: Object::Project(topology.project.name.to_string()),
            problem: "its services need a Swarm, and the file names no `node` to reach its engines: add `node NAME { docker \"unix:///var/run/docker.sock\" }` for each".into(),
        }));
    }
    cluster::connect(topology).await.map_err(|e| fail(&e))
}

pub async fn plan(args: &PlanArgs, topology: Topology) -> ExitCode {
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

/// Repairs, on each node, what the project's last run left there if it
/// did not finish (each node keeps its own journal).
async fn recover(
    members: &[Member],
    journal: &std::path::Path,
    project: &str,
    progress: &Progress,
) -> Result<(), ExitCode> {
    for member in members {
        let path = crate::apply::journal::node_path(journal, &member.name);
        let progress = progress.on_node(&member.name);
        if let Err(error) = member.runtime.recover(&path, project, &progress).await {
            return Err(fail(&Error::on_node(&member.name)(error)));
        }
    }
    Ok(())
}

pub async fn up(
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
        let options = super::up::options(args, journal.to_path_buf());
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

/// The file's nodes, read leniently: `down` and `ps` must work on a file
/// that no longer lints (they need only the project and its nodes).
pub fn file_nodes(args: &super::args::ProjectArgs) -> Option<Topology> {
    let text = std::fs::read_to_string(&args.file).ok()?;
    let (ast, _) = crate::syntax::parse(&text);
    let (mut topology, _) = crate::model::lower_with(
        &ast,
        &crate::model::names::default_project(&args.file),
        args.project.as_deref(),
    );
    topology.spans_hosts().then(|| {
        topology.containers.clear();
        topology.shims.clear();
        topology
    })
}

pub async fn down(
    args: &DownArgs,
    topology: Topology,
    journal: &std::path::Path,
    progress: &Progress,
) -> ExitCode {
    let members = match members(&topology).await {
        Ok(members) => members,
        Err(code) => return code,
    };
    if !args.dry_run
        && let Err(code) = recover(&members, journal, &topology.project.name, progress).await
    {
        return code;
    }
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
        let refs: Vec<&Member> = members.iter().collect();
        match cluster::swarm::leftovers(&refs, &topology.project.name).await {
            Ok(lines) => {
                for line in lines {
                    crate::outln!("{line}");
                }
            }
            Err(error) => return fail(&error),
        }
        return ExitCode::SUCCESS;
    }
    let options = super::down::options(args, journal.to_path_buf());
    match cluster::teardown(&members, args.volumes, args.force, options, progress).await {
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
    match tasks(&members, &project).await {
        Ok(tasks) => rows.extend(tasks),
        Err(error) => return fail(&error),
    }
    super::ps::print(&project, &rows, args.format, None);
    ExitCode::SUCCESS
}

/// The tasks of the project's services, each on its node with the
/// addresses its container has there.
async fn tasks(members: &[Member], project: &str) -> Result<Vec<super::ps::Row>, Error> {
    let refs: Vec<&Member> = members.iter().collect();
    let (manager, node_ids, _) = cluster::swarm::membership(&refs).await?;
    let Some(manager) = manager else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for service in members[manager].runtime.engine.services(project).await? {
        let file_name = service
            .name
            .strip_prefix(&format!("{project}_"))
            .unwrap_or(&service.name)
            .to_string();
        let mut tasks = members[manager].runtime.engine.tasks(&service.id).await?;
        tasks.retain(|t| t.desired == "running");
        tasks.sort_by_key(|t| t.slot);
        for task in tasks {
            let Some(&index) = node_ids.get(&task.node_id) else {
                continue;
            };
            let member = &members[index];
            let (addresses, networks) = match &task.container {
                Some(id) => match member.runtime.engine.inspect(&service.name, id).await {
                    Ok((_, endpoints)) => (
                        endpoints
                            .values()
                            .flat_map(|e| e.ip.iter().chain(e.ip6.iter()).map(|ip| ip.to_string()))
                            .collect(),
                        endpoints.keys().cloned().collect::<Vec<_>>().join(","),
                    ),
                    Err(_) => (Vec::new(), String::new()),
                },
                None => (Vec::new(), String::new()),
            };
            let name = match task.slot {
                Some(slot) => format!("{file_name}.{slot}"),
                None => file_name.clone(),
            };
            rows.push(super::ps::Row::task(
                &member.name,
                name,
                task.state,
                addresses,
                networks,
            ));
        }
    }
    Ok(rows)
}
