//! What `plan`, `up`, `down` and `ps` share over a file of several hosts
//! (each command's own path over every node's engine at once is in its
//! file, `on_nodes`; see `cluster`): the nodes reached, a dead run's
//! journal recovered on each.

use super::fail;
use crate::apply::Progress;
use crate::cluster::{self, Member};
use crate::error::{Error, Object};
use crate::model::Topology;
use std::process::ExitCode;

pub(super) async fn members(topology: &Topology) -> Result<Vec<Member>, ExitCode> {
    if topology.nodes.is_empty() {
        return Err(fail(&Error::State {
            object: Object::Project(topology.project.name.to_string()),
            problem: "its services need a Swarm, and the file names no `node` to reach its engines: add `node NAME { docker \"unix:///var/run/docker.sock\" }` for each".into(),
        }));
    }
    cluster::connect(topology).await.map_err(|e| fail(&e))
}

/// Repairs, on each node, what the project's last run left there if it
/// did not finish (each node keeps its own journal).
pub(super) async fn recover(
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
