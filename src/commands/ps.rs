//! `macrame ps`: the project's objects on this host.

use super::args::Format;
use super::args::{ProjectArgs, StateArgs};
use super::nodes::members;
use super::{fail, observe, project_name};
use crate::cluster::{self, Member};
use crate::error::Error;
use crate::model::Topology;
use crate::observed::Observed;
use crate::persist::Snapshot;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
pub struct Row {
    /// In a file of several hosts: the node it is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<String>,
    kind: &'static str,
    name: String,
    state: String,
    addresses: Vec<String>,
    parent: String,
}

impl Row {
    /// A Swarm task: `api.1` on a node, with its addresses.
    pub fn task(
        node: &str,
        name: String,
        state: String,
        addresses: Vec<String>,
        networks: String,
    ) -> Row {
        Row {
            node: Some(node.to_string()),
            kind: "task",
            name,
            state,
            addresses,
            parent: networks,
        }
    }

    pub fn on_node(self, node: &str) -> Row {
        Row {
            node: Some(node.to_string()),
            ..self
        }
    }
}

pub fn rows(project: &str, observed: &Observed) -> Vec<Row> {
    let mut rows = Vec::new();
    for kind in ["vlan", "shim"] {
        for (link, mark) in observed.owned_links(project) {
            if mark != kind {
                continue;
            }
            rows.push(Row {
                node: None,
                kind: if kind == "vlan" { "vlan" } else { "shim" },
                name: link.name.clone(),
                state: if link.up { "up" } else { "down" }.to_string(),
                // Link-local IPv6 addresses come with every link: noise here.
                addresses: link
                    .addresses
                    .iter()
                    .filter(|a| !matches!(a, ipnetwork::IpNetwork::V6(v6) if v6.ip().segments()[0] & 0xffc0 == 0xfe80))
                    .map(|a| a.to_string())
                    .collect(),
                parent: link
                    .parent
                    .and_then(|p| observed.link_by_index(p))
                    .map_or_else(String::new, |p| p.name.clone()),
            });
        }
    }
    for network in observed
        .networks
        .iter()
        .filter(|n| n.project() == Some(project))
    {
        rows.push(Row {
            node: None,
            kind: "network",
            name: network.file_name(),
            state: format!(
                "{} {}",
                network.driver,
                network
                    .options
                    .get("macvlan_mode")
                    .map_or("bridge", String::as_str)
            ),
            addresses: network.subnets.clone(),
            parent: network.options.get("parent").cloned().unwrap_or_default(),
        });
    }
    for container in observed
        .containers
        .iter()
        .filter(|c| c.project() == Some(project))
    {
        rows.push(Row {
            node: None,
            kind: "container",
            name: container.file_name(),
            state: container.state.clone(),
            addresses: container
                .endpoints
                .values()
                .flat_map(|e| e.ip.iter().chain(e.ip6.iter()).map(|ip| ip.to_string()))
                .collect(),
            parent: container
                .endpoints
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(","),
        });
    }
    rows
}

/// Whether the project comes back after a reboot, and through what.
fn persistence(project: &str, snapshot: Option<&Snapshot>, path: &std::path::Path) -> String {
    let Some(snapshot) = snapshot.filter(|s| s.persistent) else {
        return format!("project {project}: not persistent (a reboot loses its vlans and shims)");
    };
    let units: Vec<String> = snapshot
        .files
        .iter()
        .filter(|f| f.symlink_metadata().is_ok_and(|m| m.is_file()))
        .map(|f| f.display().to_string())
        .collect();
    if units.is_empty() {
        format!(
            "project {project}: snapshot {}, restored at boot only by `macrame restore` (no units installed)",
            path.display()
        )
    } else {
        format!(
            "project {project}: persistent (snapshot {}; {})",
            path.display(),
            units.join(", ")
        )
    }
}

pub async fn run(args: PsArgs) -> ExitCode {
    if let Some(topology) = super::nodes::file_nodes(&args.project) {
        return on_nodes(&args, topology).await;
    }
    let project = project_name(&args.project);
    let (_, observed) = match observe(&project, &[]).await {
        Ok(observed) => observed,
        Err(code) => return code,
    };
    let rows = rows(&project, &observed);
    let snapshot = match Snapshot::load(&args.state.state_dir, &project) {
        Ok(snapshot) => snapshot,
        Err(error) => return fail(&error),
    };
    let snapshot_path = Snapshot::path(&args.state.state_dir, &project);
    print(
        &project,
        &rows,
        args.format,
        Some((snapshot.as_ref(), &snapshot_path)),
    );
    ExitCode::SUCCESS
}

/// The rows as a table (a NODE column first when they name nodes) or
/// JSON, with the project's persistence when there is one host.
pub fn print(
    project: &str,
    rows: &[Row],
    format: Format,
    persisted: Option<(Option<&Snapshot>, &std::path::Path)>,
) {
    match format {
        Format::Json => crate::outln!(
            "{}",
            serde_json::json!({
                "project": project,
                "objects": rows,
                "persistence": persisted.and_then(|(snapshot, path)| snapshot.map(|s| serde_json::json!({
                    "snapshot": path,
                    "files": s.files,
                }))),
            })
        ),
        Format::Human => {
            let nodes = rows.iter().any(|row| row.node.is_some());
            let mut table = vec![vec![
                "NODE".to_string(),
                "KIND".to_string(),
                "NAME".into(),
                "STATE".into(),
                "ADDRESSES".into(),
                "PARENT".into(),
            ]];
            for row in rows {
                table.push(vec![
                    row.node.clone().unwrap_or_default(),
                    row.kind.to_string(),
                    row.name.clone(),
                    row.state.clone(),
                    row.addresses.join(","),
                    row.parent.clone(),
                ]);
            }
            let skip = usize::from(!nodes);
            let widths: Vec<usize> = (0..6)
                .map(|i| table.iter().map(|r| r[i].len()).max().unwrap_or(0))
                .collect();
            for row in table {
                let line: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .skip(skip)
                    .map(|(cell, w)| format!("{cell:<w$}"))
                    .collect();
                crate::outln!("{}", line.join("  ").trim_end());
            }
            if let Some((snapshot, path)) = persisted {
                crate::outln!("{}", persistence(project, snapshot, path));
            }
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct PsArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    #[command(flatten)]
    pub state: StateArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub(super) async fn on_nodes(args: &PsArgs, topology: Topology) -> ExitCode {
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
                self::rows(&project, &observed)
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
    print(&project, &rows, args.format, None);
    ExitCode::SUCCESS
}

/// The tasks of the project's services, each on its node with the
/// addresses its container has there.
async fn tasks(members: &[Member], project: &str) -> Result<Vec<Row>, Error> {
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
            rows.push(Row::task(
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
