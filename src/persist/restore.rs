//! `macrame restore`: the snapshot applied again, at boot. First the host
//! side, before Docker starts (vlans, then shims with their addresses and
//! routes, each with its mark, so that `plan` afterwards sees them as the
//! project's and unchanged); then, once Docker runs, the containers.

use super::Snapshot;
use crate::apply::Runtime;
use crate::error::{Error, Object, Result};
use crate::host::{Host, LinkRecord};
use crate::observed::Observed;
use crate::plan::{Action, Desired, Kind, Specs};
use std::time::{Duration, Instant};

/// What the host step did.
#[derive(Debug, Default)]
pub struct Restored {
    pub made: Vec<String>,
    /// Left for when their parent comes (its device unit starts the
    /// unit again).
    pub waiting: Vec<String>,
}

/// Makes the snapshot's vlans and shims that are missing or differ, as
/// the planner judges them (what is already as the snapshot says is left
/// alone, so a second run changes nothing), skipping those whose parent is
/// not there yet. A link of someone else's in the way, or one a remade
/// vlan would take along, is an error; the others are restored still.
pub async fn host_side(snapshot: &Snapshot, host: &Host) -> Result<Restored> {
    let observed = observe(host).await?;
    let mut done = Restored::default();
    let mut errors = Vec::new();
    let mut specs = Specs {
        project: snapshot.project.clone(),
        ..Specs::default()
    };
    let own = |name: &str| snapshot.vlans.iter().any(|v| v.name == name);
    // In parent-first order (vlans, then shims): a link whose parent
    // waits waits too.
    let records = (snapshot.vlans.iter().cloned().map(LinkRecord::Vlan))
        .chain(snapshot.shims.iter().cloned().map(LinkRecord::Shim));
    for record in records {
        let (kind, name, parent) = match &record {
            LinkRecord::Vlan(v) => ("vlan", &v.name, &v.parent),
            LinkRecord::Shim(s) => ("shim", &s.name, &s.parent),
        };
        let taken = specs.vlans.iter().any(|v| &v.name == parent);
        let there = observed.link(parent).is_some();
        let ready = match record {
            LinkRecord::Vlan(_) => there || taken,
            LinkRecord::Shim(_) if own(parent) => taken,
            LinkRecord::Shim(_) => there,
        };
        if !ready {
            done.waiting
                .push(format!("{kind} {name} (parent {parent})"));
            continue;
        }
        match claim(&snapshot.project, host, &observed, &record).await {
            Ok(()) => match record {
                LinkRecord::Vlan(vlan) => specs.vlans.push(vlan),
                LinkRecord::Shim(shim) => specs.shims.push(shim),
            },
            Err(error) => errors.push(error),
        }
    }
    // Observed again: claiming marks links.
    let observed = observe(host).await?;
    let changes: Vec<_> = crate::plan::drift(&specs, &observed)
        .into_iter()
        .filter(|c| matches!(c.kind, Kind::Vlan | Kind::Shim) && c.action != Action::Remove)
        .collect();
    let refusals = crate::plan::consequences(&specs.project, &changes, &observed);
    if !refusals.is_empty() {
        errors.push(Error::Refused(refusals));
    } else {
        for change in &changes {
            let object = Object::of_kind(change.kind, &change.name);
            if change.action == Action::Recreate {
                host.delete_link(&object, &change.name).await?;
            }
            let made = match &change.desired {
                Some(Desired::Vlan(spec)) => host.create_vlan(spec).await,
                Some(Desired::Shim(spec)) => host.create_shim(spec).await,
                _ => continue,
            };
            match made {
                Ok(()) => done.made.push(format!("{object} ({})", change.cause)),
                Err(error) => errors.push(error),
            }
        }
    }
    match errors.len() {
        0 => Ok(done),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Several(errors)),
    }
}

/// The host's links and routes: all the planner's drift needs of it.
async fn observe(host: &Host) -> Result<Observed> {
    Ok(Observed {
        links: host.links().await?,
        routes: host.routes().await?,
        ..Observed::default()
    })
}

/// A link of the snapshot's name that is there but not marked: a vlan
/// the engine made for a network's dotted parent at boot, before macrame
/// could (measured on 20.10), with the snapshot's parent and id, is marked
/// as the project's; anything else is someone else's and an error.
async fn claim(project: &str, host: &Host, observed: &Observed, record: &LinkRecord) -> Result<()> {
    let (name, mark, vlan) = match record {
        LinkRecord::Vlan(v) => (&v.name, &v.mark, Some(v)),
        LinkRecord::Shim(s) => (&s.name, &s.mark, None),
    };
    let Some(link) = observed.link(name) else {
        return Ok(());
    };
    if link.alias.as_deref() == Some(mark.as_str()) {
        return Ok(());
    }
    let object = if vlan.is_some() {
        Object::Vlan(name.to_string())
    } else {
        Object::Shim(name.to_string())
    };
    if let Some(spec) = vlan
        && link.alias.is_none()
        && link.kind.as_deref() == Some("vlan")
        && link.vlan_id == Some(spec.id)
        && link
            .parent
            .and_then(|p| observed.link_by_index(p))
            .is_some_and(|p| p.name == spec.parent)
    {
        return host.adopt(&object, name, mark).await;
    }
    Err(Error::State {
        object,
        problem: format!(
            "a link named {name} is there and is not project {project}'s; remove or rename it, then run `macrame restore {project}` again"
        ),
    })
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
    // Listed once: the engine is asked again only while waiting.
    let listed = runtime.engine.containers().await?;
    for state in &snapshot.containers {
        let seen = listed.iter().find(|c| c.name == state.docker_name);
        if let Err(error) = converge(
            state,
            seen,
            runtime,
            deadline,
            timeout,
            &mut done,
            &mut problems,
        )
        .await
        {
            problems.push(error);
        }
    }
    if problems.is_empty() {
        Ok(done)
    } else {
        Err(Error::Several(problems))
    }
}

/// One container of the containers step: a hard failure is `Err`, what
/// does not match is pushed to `problems`; either way the others go on.
async fn converge(
    state: &super::ContainerState,
    seen: Option<&crate::observed::DockerContainer>,
    runtime: &Runtime,
    deadline: Instant,
    timeout: Duration,
    done: &mut Converged,
    problems: &mut Vec<Error>,
) -> Result<()> {
    let object = Object::container(&state.name);
    let Some(mut seen) = seen.cloned() else {
        problems.push(problem(
            &object,
            format!(
                "there is no container {}; run `macrame up` to make it again",
                state.docker_name
            ),
        ));
        return Ok(());
    };
    // The engine restarts `always` and `unless-stopped` containers
    // itself as it starts; the others it leaves stopped.
    let engine_restarts = state.restart == "always" || state.restart == "unless-stopped";
    if !seen.running && !engine_restarts {
        runtime.engine.start_by_id(&state.name, &seen.id).await?;
        done.started.push(object.to_string());
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
        return Ok(());
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
                done.routed.push(object.to_string());
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
    Ok(())
}

fn problem(object: &Object, problem: String) -> Error {
    Error::State {
        object: object.clone(),
        problem,
    }
}

async fn refreshed(
    runtime: &Runtime,
    docker_name: &str,
    object: &Object,
) -> Result<crate::observed::DockerContainer> {
    find(runtime, docker_name)
        .await?
        .ok_or_else(|| Error::State {
            object: object.clone(),
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
