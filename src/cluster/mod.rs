//! A file of several hosts: one engine per node. Each node gets the
//! one-host topology that is its share of the file (`Topology::for_node`),
//! and is observed, planned and applied by the same planner and runtime
//! as a single host, all nodes at once. Nothing is applied anywhere until
//! every node is reached and planned; a failure on one node undoes the
//! run on all.

use crate::apply::{Options, Progress, Runtime, interrupt};
use crate::error::{Error, Object, Result};
use crate::model::Topology;
use crate::observed::Observed;
use crate::plan::{self, Action, Plan, Refusal};
use futures::future::join_all;

mod service;
pub mod swarm;

/// One node, reached.
pub struct Member {
    pub name: String,
    /// Its engine's address, as the file gives it.
    pub address: String,
    /// Its share of the file.
    pub topology: Topology,
    pub runtime: Runtime,
}

/// A node, observed and planned.
pub struct Prepared {
    pub member: Member,
    pub observed: Observed,
    pub plan: Plan,
}

/// Reaches every node at once; any that cannot be reached fails the
/// whole, naming each such node and its address.
pub async fn connect(topology: &Topology) -> Result<Vec<Member>> {
    let reached = join_all(
        topology
            .nodes
            .iter()
            .enumerate()
            .map(|(id, node)| async move {
                let runtime = Runtime::connect_node(node).await?;
                Ok::<_, Error>(Member {
                    name: node.name.value.clone(),
                    address: node.docker.value.to_string(),
                    topology: topology.for_node(id),
                    runtime,
                })
            }),
    )
    .await;
    all(reached)
}

/// Every result's value, or every error.
fn all<T>(results: Vec<Result<T>>) -> Result<Vec<T>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    match errors.len() {
        0 => Ok(values),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Several(errors)),
    }
}

/// Every node's plan, and the Swarm's.
pub struct Planned {
    pub nodes: Vec<Prepared>,
    pub swarm: Option<swarm::SwarmPlan>,
}

impl Planned {
    pub fn members(&self) -> Vec<&Member> {
        self.nodes.iter().map(|node| &node.member).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.iter().all(|node| node.plan.is_empty())
            && self.swarm.as_ref().is_none_or(swarm::SwarmPlan::is_empty)
    }
}

/// Observes and plans every node of `members`, and the Swarm for the
/// file's services. Refusals of all nodes are gathered into one, each
/// naming its node.
pub async fn prepare(members: Vec<Member>, topology: &Topology, force: bool) -> Result<Planned> {
    let planned = join_all(members.into_iter().map(|member| async move {
        let topology = &member.topology;
        let mut observed = member
            .runtime
            .observe(&topology.project.name, &crate::commands::images(topology))
            .await
            .map_err(Error::on_node(&member.name))?;
        observed.missing_paths = crate::commands::missing_bind_sources(topology);
        let routed: Vec<String> = topology
            .containers
            .iter()
            .filter(|c| c.gateway.is_some())
            .map(|c| c.docker_name.clone())
            .collect();
        // A container's routes are read in its namespace, through its
        // process: only on a host this machine is.
        if member.runtime.host_seen {
            member
                .runtime
                .observe_routes(&mut observed, &routed)
                .await
                .map_err(Error::on_node(&member.name))?;
        }
        let plan = plan::plan_with(topology, &observed, force).map_err(|refusals| {
            Error::Refused(
                refusals
                    .into_iter()
                    .map(|refusal| named(&member.name, refusal))
                    .collect(),
            )
        })?;
        Ok(Prepared {
            member,
            observed,
            plan,
        })
    }))
    .await;
    let mut prepared = Vec::new();
    let mut refusals = Vec::new();
    let mut errors = Vec::new();
    for result in planned {
        match result {
            Ok(node) => prepared.push(node),
            Err(Error::Refused(some)) => refusals.extend(some),
            Err(error) => errors.push(error),
        }
    }
    // A node refused or unreachable may be the manager: the Swarm is
    // planned only over all of them.
    let swarm = if errors.is_empty() && refusals.is_empty() {
        let members: Vec<&Member> = prepared.iter().map(|node| &node.member).collect();
        swarm::plan(&members, topology, &mut refusals).await?
    } else {
        None
    };
    if !refusals.is_empty() {
        errors.insert(0, Error::Refused(refusals));
    }
    all(errors.into_iter().map(Err).collect::<Vec<Result<()>>>())?;
    Ok(Planned {
        nodes: prepared,
        swarm,
    })
}

fn named(node: &str, refusal: Refusal) -> Refusal {
    Refusal {
        object: Object::OnNode {
            node: node.to_string(),
            object: Box::new(refusal.object),
        },
        ..refusal
    }
}

/// Each node's plan, every line naming its node, then the Swarm's.
pub fn render_human(planned: &Planned) -> String {
    let mut out = String::new();
    for node in &planned.nodes {
        for line in plan::render_human(&node.plan).lines() {
            out.push_str(&format!("[{}] {line}\n", node.member.name));
        }
    }
    if let Some(swarm) = &planned.swarm {
        out.push_str(&swarm::render_human(swarm, &planned.members()));
    }
    out
}

pub fn render_json(planned: &Planned) -> String {
    let prepared = &planned.nodes;
    let nodes: Vec<serde_json::Value> = prepared
        .iter()
        .map(|node| {
            let plan: serde_json::Value =
                serde_json::from_str(&plan::render_json(&node.plan, &[], None))
                    .unwrap_or(serde_json::Value::Null);
            serde_json::json!({
                "node": node.member.name,
                "docker": node.member.address,
                "plan": plan,
            })
        })
        .collect();
    let project = prepared
        .first()
        .map(|node| node.plan.project.clone())
        .unwrap_or_default();
    let swarm = planned.swarm.as_ref().map(|swarm| {
        let members = planned.members();
        let step = |action: Action, kind: &str, name: &str, node: &str, cause: &str| {
            serde_json::json!({
                "action": action.as_str(), "kind": kind, "name": name,
                "node": node, "cause": cause,
            })
        };
        let manager = members[swarm.manager].name.as_str();
        let mut steps: Vec<serde_json::Value> = swarm
            .configs
            .iter()
            .map(|c| {
                step(
                    c.action,
                    "config-only network",
                    &c.name,
                    &members[c.member].name,
                    &c.cause,
                )
            })
            .collect();
        steps.extend(
            swarm
                .networks
                .iter()
                .map(|n| step(n.action, "swarm network", &n.name, manager, &n.cause)),
        );
        steps.extend(swarm.services.iter().map(|s| {
            let action = if s.in_place {
                "update"
            } else {
                s.action.as_str()
            };
            serde_json::json!({
                "action": action, "kind": "service", "name": s.name,
                "node": manager, "cause": s.cause,
            })
        }));
        serde_json::json!({ "manager": manager, "changes": steps })
    });
    format!(
        "{}\n",
        serde_json::json!({ "project": project, "nodes": nodes, "swarm": swarm })
    )
}

/// Applies every node's plan at once, between the two halves of the
/// Swarm's (its networks before, its services after). Each node runs up
/// to the point of no return; only when all got there, and the services
/// run, does any finish (removing what was replaced, verifying). One
/// failure undoes the run everywhere.
pub async fn apply(planned: &Planned, options: Options, progress: &Progress) -> Result<()> {
    let members = planned.members();
    let mut journal = swarm::Journal::default();
    let swarm_failed = |cause: Error, undo: Vec<Error>| Error::Failed {
        cause: Box::new(cause),
        undo,
        removed: Vec::new(),
        kept: false,
    };
    if let Some(swarm) = &planned.swarm
        && let Err(cause) = swarm::networks(swarm, &members, progress, &mut journal).await
    {
        let undo = swarm::undo(journal, &members, swarm.manager).await;
        return Err(swarm_failed(cause, undo));
    }
    let changed: Vec<&Prepared> = planned
        .nodes
        .iter()
        .filter(|node| !node.plan.is_empty())
        .collect();
    let progresses: Vec<Progress> = changed
        .iter()
        .map(|node| progress.on_node(&node.member.name))
        .collect();
    let pending = join_all(changed.iter().zip(&progresses).map(|(node, progress)| {
        node.member
            .runtime
            .apply_pending(&node.plan, options.for_node(&node.member.name), progress)
    }))
    .await;
    let failed: Vec<&str> = changed
        .iter()
        .zip(&pending)
        .filter(|(_, result)| result.is_err())
        .map(|(node, _)| node.member.name.as_str())
        .collect();
    let mut cause =
        (!failed.is_empty()).then(|| format!("the run failed on node {}", failed.join(", ")));
    if cause.is_none()
        && let Some(swarm) = &planned.swarm
        && let Err(error) = swarm::services(
            swarm,
            &members,
            progress,
            options.wait_timeout,
            &mut journal,
        )
        .await
    {
        cause = Some(format!("the Swarm's services failed: {error}"));
    }
    // A signal during every node's last steps, when none was left to
    // refuse to start.
    let interrupted = cause.is_none() && interrupt::finishing().is_err();
    if interrupted {
        cause = Some("the run was interrupted".to_string());
    }
    let Some(because) = cause else {
        let committed = join_all(pending.into_iter().zip(&changed).map(
            |(pending, node)| async move {
                let pending = pending.expect("every node got there");
                pending
                    .commit()
                    .await
                    .map_err(Error::on_node(&node.member.name))
            },
        ))
        .await;
        interrupt::finished();
        return all(committed).map(|_| ());
    };
    let mut outcomes = join_all(pending.into_iter().zip(&changed).map(|(result, node)| {
        let because = because.clone();
        async move {
            let error = match result {
                Err(error) => error,
                Ok(pending) if interrupted => pending.abort(Error::Interrupted).await,
                Ok(pending) => {
                    pending
                        .abort(Error::State {
                            object: Object::Project(node.plan.project.to_string()),
                            problem: format!("applied here, but {because}"),
                        })
                        .await
                }
            };
            Error::on_node(&node.member.name)(error)
        }
    }))
    .await;
    if let Some(swarm) = &planned.swarm {
        // --keep-on-failure: the nodes' containers stay, on the Swarm's
        // networks, for inspection.
        let undo = if options.keep_on_failure {
            Vec::new()
        } else {
            swarm::undo(journal, &members, swarm.manager).await
        };
        let cause = if interrupted {
            Error::Interrupted
        } else {
            Error::State {
                object: Object::Swarm,
                problem: because,
            }
        };
        outcomes.push(swarm_failed(cause, undo));
    }
    Err(Error::Several(outcomes))
}

/// Removes the project from every node of `members` (`down`), all at once;
/// each node's failure is its own (there is no way back from a removal).
pub async fn teardown(
    members: &[Member],
    volumes: bool,
    force: bool,
    options: Options,
    progress: &Progress,
) -> Result<usize> {
    let refs: Vec<&Member> = members.iter().collect();
    let project = members
        .first()
        .map(|m| m.topology.project.name.clone())
        .unwrap_or_default();
    let services = swarm::remove_services(&refs, &project, progress).await?;
    let progresses: Vec<Progress> = members.iter().map(|m| progress.on_node(&m.name)).collect();
    let done = join_all(members.iter().zip(&progresses).map(|(member, progress)| {
        let options = options.for_node(&member.name);
        async move {
            let on_node = Error::on_node(&member.name);
            let project = &member.topology.project.name;
            let result = async {
                let observed = member.runtime.observe(project, &[]).await?;
                let plan = plan::teardown_with(project, &observed, volumes, force)
                    .map_err(Error::Refused)?;
                for line in plan::render_human(&plan).lines() {
                    crate::outln!("[{}] {line}", member.name);
                }
                if !plan.is_empty() {
                    member.runtime.apply(&plan, options, progress).await?;
                }
                Ok::<_, Error>(plan.changes.len())
            }
            .await;
            result.map_err(on_node)
        }
    }))
    .await;
    let removed: usize = all(done)?.into_iter().sum();
    let networks = swarm::remove_networks(&refs, &project, progress).await?;
    Ok(services + removed + networks)
}
