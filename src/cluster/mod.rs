//! A file of several hosts: one engine per node. Each node gets the
//! one-host topology that is its share of the file (`Topology::for_node`),
//! and is observed, planned and applied by the same planner and runtime
//! as a single host, all nodes at once. Nothing is applied anywhere until
//! every node is reached and planned; a failure on one node undoes the
//! run on all.

use crate::apply::{Options, Progress, Runtime};
use crate::error::{Error, Result};
use crate::model::Topology;
use crate::observed::Observed;
use crate::plan::{self, Plan, Refusal};
use futures::future::join_all;

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

/// Observes and plans every node of `members`. Refusals of all nodes are
/// gathered into one, each naming its node.
pub async fn prepare(members: Vec<Member>, force: bool) -> Result<Vec<Prepared>> {
    let planned = join_all(members.into_iter().map(|member| async move {
        let topology = &member.topology;
        let on_node = Error::on_node(&member.name);
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
        member
            .runtime
            .observe_routes(&mut observed, &routed)
            .await
            .map_err(on_node)?;
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
    if !refusals.is_empty() {
        errors.insert(0, Error::Refused(refusals));
    }
    all(errors.into_iter().map(Err).collect::<Vec<Result<()>>>())?;
    Ok(prepared)
}

fn named(node: &str, refusal: Refusal) -> Refusal {
    Refusal {
        object: format!("node {node}: {}", refusal.object),
        ..refusal
    }
}

/// Each node's plan, every line naming its node.
pub fn render_human(prepared: &[Prepared]) -> String {
    let mut out = String::new();
    for node in prepared {
        for line in plan::render_human(&node.plan).lines() {
            out.push_str(&format!("[{}] {line}\n", node.member.name));
        }
    }
    out
}

pub fn render_json(prepared: &[Prepared]) -> String {
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
    format!(
        "{}\n",
        serde_json::json!({ "project": project, "nodes": nodes })
    )
}

/// Applies every node's plan at once. Each node runs up to the point of
/// no return; only when all got there does any finish (removing what was
/// replaced, verifying). One failure undoes every node's run.
pub async fn apply(prepared: &[Prepared], options: Options, progress: &Progress) -> Result<()> {
    let progresses: Vec<Progress> = prepared
        .iter()
        .map(|node| progress.on_node(&node.member.name))
        .collect();
    let pending = join_all(prepared.iter().zip(&progresses).map(|(node, progress)| {
        node.member
            .runtime
            .apply_pending(&node.plan, options, progress)
    }))
    .await;
    let failed: Vec<&str> = prepared
        .iter()
        .zip(&pending)
        .filter(|(_, result)| result.is_err())
        .map(|(node, _)| node.member.name.as_str())
        .collect();
    if failed.is_empty() {
        let committed = join_all(pending.into_iter().zip(prepared).map(
            |(pending, node)| async move {
                let pending = pending.expect("every node got there");
                pending
                    .commit()
                    .await
                    .map_err(Error::on_node(&node.member.name))
            },
        ))
        .await;
        return all(committed).map(|_| ());
    }
    let because = failed.join(", ");
    let outcomes = join_all(pending.into_iter().zip(prepared).map(|(result, node)| {
        let because = because.clone();
        async move {
            let error = match result {
                Err(error) => error,
                Ok(pending) => {
                    pending
                        .abort(Error::State {
                            object: format!("project {}", node.plan.project),
                            problem: format!("applied here, but the run failed on node {because}"),
                        })
                        .await
                }
            };
            Error::on_node(&node.member.name)(error)
        }
    }))
    .await;
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
    let progresses: Vec<Progress> = members.iter().map(|m| progress.on_node(&m.name)).collect();
    let done = join_all(
        members
            .iter()
            .zip(&progresses)
            .map(|(member, progress)| async move {
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
            }),
    )
    .await;
    all(done).map(|counts| counts.into_iter().sum())
}
