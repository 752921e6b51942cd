//! `macrame restore`: the snapshot applied again, at boot. First the host
//! side, before Docker starts (vlans, then shims with their addresses and
//! routes, each with its mark, so that `plan` afterwards sees them as the
//! project's and unchanged); then, once Docker runs, the containers.

use super::Snapshot;
use crate::apply::Runtime;
use crate::error::{Error, Result};
use crate::host::{Host, LinkRecord};
use crate::plan::spec::ShimSpec;
use std::time::{Duration, Instant};

/// Makes the snapshot's vlans and shims, leaving those already as it
/// says; a link of the project's that differs is made again. Returns what
/// it made.
pub async fn host_side(snapshot: &Snapshot, host: &Host) -> Result<Vec<String>> {
    let mut made = Vec::new();
    let wanted = snapshot
        .vlans
        .iter()
        .map(|v| LinkRecord::Vlan(v.clone()))
        .chain(snapshot.shims.iter().map(|s| {
            LinkRecord::Shim(ShimSpec {
                network: String::new(),
                ..s.clone()
            })
        }));
    for record in wanted {
        let (kind, name, mark) = match &record {
            LinkRecord::Vlan(v) => ("vlan", &v.name, &v.mark),
            LinkRecord::Shim(s) => ("shim", &s.name, &s.mark),
        };
        let object = format!("{kind} {name}");
        // Read anew for each: a vlan made just now is a shim's parent.
        let links = host.links().await?;
        let routes = host.routes().await?;
        if let Some(link) = links.iter().find(|l| &l.name == name) {
            if LinkRecord::of(&links, &routes, name).as_ref() == Some(&record) {
                continue;
            }
            if link.alias.as_deref() != Some(mark.as_str()) {
                return Err(Error::State {
                    object,
                    problem: format!(
                        "a link named {name} is there and is not project {}'s; remove or rename it, then run `macrame restore {}` again",
                        snapshot.project, snapshot.project
                    ),
                });
            }
            host.delete_link(&object, name).await?;
        }
        match &record {
            LinkRecord::Vlan(spec) => host.create_vlan(spec).await?,
            LinkRecord::Shim(spec) => host.create_shim(spec).await?,
        }
        made.push(object);
    }
    Ok(made)
}

/// What the containers step did.
#[derive(Debug, Default)]
pub struct Converged {
    pub started: Vec<String>,
    pub routed: Vec<String>,
    /// Left as they are, with why (a container with `unless-stopped`
    /// that someone stopped).
    pub notes: Vec<String>,
}

/// After Docker has started: starts the containers without a restart
/// policy (the engine leaves them stopped), waits up to `timeout` for the
/// engine to restart the others, sets the default routes macrame owns,
/// and verifies every container's addresses.
pub async fn containers(
    snapshot: &Snapshot,
    runtime: &Runtime,
    timeout: Duration,
) -> Result<Converged> {
    let mut done = Converged::default();
    let deadline = Instant::now() + timeout;
    let mut problems: Vec<Error> = Vec::new();
    for state in &snapshot.containers {
        let object = format!("container {}", state.name);
        let Some(mut seen) = find(runtime, &state.docker_name).await? else {
            problems.push(problem(
                &object,
                format!(
                    "there is no container {}; run `macrame up` to make it again",
                    state.docker_name
                ),
            ));
            continue;
        };
        // The engine restarts `always` and `unless-stopped` containers
        // itself as it starts; the others it leaves stopped.
        let engine_restarts = state.restart == "always" || state.restart == "unless-stopped";
        if !seen.running && !engine_restarts {
            runtime.engine.start_by_id(&state.name, &seen.id).await?;
            done.started.push(object.clone());
            seen = refreshed(runtime, &state.docker_name, &object).await?;
        }
        while !seen.running && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
            seen = refreshed(runtime, &state.docker_name, &object).await?;
        }
        if !seen.running {
            if state.restart == "unless-stopped" {
                done.notes.push(format!(
                    "{object}: not running, and left so: its restart policy is unless-stopped, and it was stopped by hand"
                ));
            } else {
                problems.push(problem(
                    &object,
                    format!(
                        "not running {} s after Docker started (restart {}); see `docker logs {}`",
                        timeout.as_secs(),
                        state.restart,
                        state.docker_name
                    ),
                ));
            }
            continue;
        }
        let (pid, endpoints) = runtime.engine.inspect(&state.name, &seen.id).await?;
        for (network, address) in &state.addresses {
            let has = endpoints
                .get(network)
                .is_some_and(|e| e.ip == Some(*address) || e.ip6 == Some(*address));
            if !has {
                problems.push(problem(
                    &object,
                    format!(
                        "it has no address {address} on network {network}; run `macrame up` to make it again"
                    ),
                ));
            }
        }
        if let Some(route) = &state.default_route {
            let address = state
                .addresses
                .iter()
                .find(|(network, _)| *network == route.network)
                .map(|(_, ip)| *ip)
                .or_else(|| {
                    let endpoint = endpoints.get(&route.network)?;
                    endpoint.ip.or(endpoint.ip6)
                });
            match address {
                Some(address) => {
                    crate::host::set_default_route(
                        pid,
                        &object,
                        address,
                        route.gateway4,
                        route.gateway6,
                    )
                    .await?;
                    done.routed.push(object.clone());
                }
                None => problems.push(problem(
                    &object,
                    format!(
                        "it has no address on network {} to take its default route from",
                        route.network
                    ),
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(done)
    } else {
        Err(Error::Several(problems))
    }
}

fn problem(object: &str, problem: String) -> Error {
    Error::State {
        object: object.to_string(),
        problem,
    }
}

async fn refreshed(
    runtime: &Runtime,
    docker_name: &str,
    object: &str,
) -> Result<crate::observed::DockerContainer> {
    find(runtime, docker_name)
        .await?
        .ok_or_else(|| Error::State {
            object: object.to_string(),
            problem: "it was removed while macrame restored it".to_string(),
        })
}

async fn find(
    runtime: &Runtime,
    docker_name: &str,
) -> Result<Option<crate::observed::DockerContainer>> {
    Ok(runtime
        .engine
        .containers()
        .await?
        .into_iter()
        .find(|c| c.name == docker_name))
}
