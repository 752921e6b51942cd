//! The Swarm stage of a file with services. Swarm cannot use a network
//! each node made on its own (their IDs and configs differ), so each
//! network a service is on becomes, on every node, a config-only network
//! with that node's parent and range (`<network>-config`), and on the
//! manager one swarm-scoped, attachable network built from them
//! (`--config-from`), under the network's own Docker name; then the
//! services. The nodes' plans treat that network as the Swarm's: their
//! containers only join it.
//!
//! The engine takes no labels on a `--config-from` network: it is known
//! as the project's by the config-only network it is built from, which
//! carries `io.macrame.swarm-project` (not `io.macrame.project`, which
//! would make a node's plan remove it as not the file's).

use super::Member;
use super::service::{self, ServiceWanted};
use crate::apply::{Progress, tracked};
use crate::docker::ObservedService;
use crate::error::{Error, Object, Result};
use crate::model::Topology;
use crate::observed::labels;
use crate::plan::spec::{config_hash, network_spec};
use crate::plan::{Action, Kind, Refusal};
use bollard::models::{ConfigReference, NetworkCreateRequest};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The label that marks a config-only network as the project's.
pub const SWARM_PROJECT: &str = "io.macrame.swarm-project";

pub fn config_name(docker_name: &str) -> String {
    format!("{docker_name}-config")
}

/// A config-only network on one node.
#[derive(Debug, Clone)]
pub struct ConfigStep {
    pub action: Action,
    pub member: usize,
    /// The network's name in the file.
    pub name: String,
    /// The config-only network's Docker name.
    pub config: String,
    pub request: Option<NetworkCreateRequest>,
    /// The one there now: its id.
    pub existing: Option<String>,
    pub cause: String,
}

/// The swarm-scoped network, on the manager.
#[derive(Debug, Clone)]
pub struct NetworkStep {
    pub action: Action,
    pub name: String,
    pub docker_name: String,
    pub driver: String,
    pub internal: bool,
    pub existing: Option<String>,
    pub cause: String,
}

#[derive(Debug, Clone)]
pub struct ServiceStep {
    /// `Recreate` is an update in place, unless its network is rebuilt.
    pub action: Action,
    pub in_place: bool,
    pub name: String,
    pub wanted: Option<ServiceWanted>,
    pub existing: Option<ObservedService>,
    pub cause: String,
}

#[derive(Debug, Clone, Default)]
pub struct SwarmPlan {
    /// The manager's index among the members.
    pub manager: usize,
    pub configs: Vec<ConfigStep>,
    pub networks: Vec<NetworkStep>,
    pub services: Vec<ServiceStep>,
    /// Each member's Swarm node id, for naming tasks' nodes.
    pub node_ids: HashMap<String, usize>,
    /// What `ps` and verification wait for: each wanted service.
    pub wanted: Vec<ServiceWanted>,
}

impl SwarmPlan {
    pub fn is_empty(&self) -> bool {
        self.configs.is_empty() && self.networks.is_empty() && self.services.is_empty()
    }
}

fn refusal(object: Object, problem: String, fix: &str) -> Refusal {
    Refusal {
        object,
        problem,
        fix: fix.to_string(),
    }
}

/// The manager among `members`, with every member's Swarm node id; the
/// refusals when there is none, or a member is in no Swarm or another.
pub async fn membership(
    members: &[&Member],
) -> Result<(Option<usize>, HashMap<String, usize>, Vec<Refusal>)> {
    let mut states = Vec::new();
    for member in members {
        let object = Object::Node {
            name: member.name.clone(),
            engine: member.address.clone(),
        };
        states.push(member.runtime.engine.swarm(&object).await?);
    }
    let manager = states
        .iter()
        .position(|s| s.as_ref().is_some_and(|s| s.manager));
    let mut refusals = Vec::new();
    let Some(manager) = manager else {
        refusals.push(refusal(
            Object::Services,
            "none of the file's nodes is a Swarm manager".into(),
            "make one a manager (`docker swarm init` there) and join the others (`docker swarm join`)",
        ));
        return Ok((None, HashMap::new(), refusals));
    };
    let cluster = states[manager].as_ref().and_then(|s| s.cluster_id.clone());
    let mut ids = HashMap::new();
    for (index, (member, state)) in members.iter().zip(&states).enumerate() {
        match state {
            None => refusals.push(refusal(
                Object::Member(member.name.clone()),
                "its engine is in no Swarm, so the services' tasks could not run there".into(),
                "join it to the Swarm (`docker swarm join` with the manager's token), or remove the node from the file",
            )),
            Some(state) => {
                // Workers do not see the cluster's id; a manager does.
                if state.manager && state.cluster_id != cluster {
                    refusals.push(refusal(
                        Object::Member(member.name.clone()),
                        "it manages another Swarm than the file's first manager".into(),
                        "put the file's nodes in one Swarm",
                    ));
                }
                ids.insert(state.node_id.clone(), index);
            }
        }
    }
    Ok((Some(manager), ids, refusals))
}

/// The config-only network of a file network on one node: what to send
/// and its hash.
fn config_request(member: &Member, network: &str) -> Option<(NetworkCreateRequest, String)> {
    let topology = &member.topology;
    let id = topology.network_named(network)?;
    let mut spec = network_spec(&topology.project.name, &topology.networks[id]);
    spec.docker_name = config_name(&spec.docker_name);
    spec.labels.remove(labels::PROJECT);
    spec.labels
        .insert(SWARM_PROJECT.to_string(), topology.project.name.clone());
    let hash = config_hash(&spec);
    let mut request = member.runtime.engine.network_create_request(&spec, &hash);
    request.config_only = Some(true);
    // A config-only network holds settings (IPAM, options, IPv6), not a
    // driver; `internal` belongs to the swarm network made from it.
    request.driver = None;
    request.internal = None;
    Some((request, hash))
}

/// What the Swarm needs changed for `topology` (`None`: the file has no
/// services and the project none on the Swarm).
pub async fn plan(
    members: &[&Member],
    topology: &Topology,
    force_refusals: &mut Vec<Refusal>,
) -> Result<Option<SwarmPlan>> {
    let project = &topology.project.name;
    let wanted: Vec<ServiceWanted> = topology
        .services
        .iter()
        .map(|s| service::wanted(topology, s))
        .collect();
    let serviced: Vec<(String, String, String)> = topology
        .networks
        .iter()
        .enumerate()
        .filter(|(id, _)| topology.serviced(*id))
        .map(|(_, n)| {
            (
                n.name.value.clone(),
                n.docker_name.value.clone(),
                n.driver.as_str().to_string(),
            )
        })
        .collect();
    let internal = |name: &str| {
        topology
            .network_named(name)
            .is_some_and(|id| topology.networks[id].internal)
    };
    // Whether the project has anything on any node's Swarm side.
    let mut owned_configs: Vec<Vec<(String, String)>> = Vec::new();
    for member in members {
        owned_configs.push(
            member
                .runtime
                .engine
                .config_networks_labelled(SWARM_PROJECT, project)
                .await?,
        );
    }
    if wanted.is_empty() && owned_configs.iter().all(Vec::is_empty) {
        return Ok(None);
    }
    let (manager, node_ids, refusals) = membership(members).await?;
    let Some(manager) = manager else {
        if wanted.is_empty() {
            // Nothing to run, and no Swarm to ask: leftovers only.
            return Ok(None);
        }
        force_refusals.extend(refusals);
        return Ok(None);
    };
    force_refusals.extend(refusals);
    let engine = &members[manager].runtime.engine;
    let mut plan = SwarmPlan {
        manager,
        node_ids,
        wanted: wanted.clone(),
        ..SwarmPlan::default()
    };

    // Config-only networks, node by node.
    let mut rebuilt: Vec<String> = Vec::new();
    for (index, member) in members.iter().enumerate() {
        for (name, docker_name, _) in &serviced {
            let config = config_name(docker_name);
            let (request, hash) =
                config_request(member, name).expect("a serviced network is on every node");
            let seen = member.runtime.engine.network_named(&config).await?;
            let step = match seen {
                None => Some((Action::Create, None, "missing".to_string())),
                Some(seen) => {
                    let labels = seen.labels.unwrap_or_default();
                    if labels.get(SWARM_PROJECT) != Some(project) {
                        force_refusals.push(refusal(
                            Object::OnNode {
                                node: member.name.clone(),
                                object: Box::new(Object::network(name.clone())),
                            },
                            format!("a network `{config}` exists there and is not this project's"),
                            "remove it, or give the network another `name`",
                        ));
                        None
                    } else if labels.get(labels::CONFIG_HASH) != Some(&hash) {
                        Some((
                            Action::Recreate,
                            seen.id,
                            "its settings on this node changed".to_string(),
                        ))
                    } else {
                        None
                    }
                }
            };
            if let Some((action, existing, cause)) = step {
                if action == Action::Recreate && !rebuilt.contains(name) {
                    rebuilt.push(name.clone());
                }
                plan.configs.push(ConfigStep {
                    action,
                    member: index,
                    name: name.clone(),
                    config: config.clone(),
                    request: Some(request),
                    existing,
                    cause,
                });
            }
        }
        for (config, id) in &owned_configs[index] {
            let wanted_here = serviced
                .iter()
                .any(|(_, docker_name, _)| &config_name(docker_name) == config);
            if !wanted_here {
                plan.configs.push(ConfigStep {
                    action: Action::Remove,
                    member: index,
                    name: config.clone(),
                    config: config.clone(),
                    request: None,
                    existing: Some(id.clone()),
                    cause: "not in the file".into(),
                });
            }
        }
    }

    // The swarm networks, on the manager.
    for (name, docker_name, driver) in &serviced {
        let seen = engine.network_named(docker_name).await?;
        let ours = |seen: &bollard::models::NetworkInspect| {
            seen.config_from.as_ref().and_then(|c| c.network.as_deref())
                == Some(config_name(docker_name).as_str())
        };
        let step = match &seen {
            None => Some((Action::Create, None, "missing")),
            Some(seen) if !ours(seen) => {
                force_refusals.push(refusal(
                    Object::network(name.clone()),
                    format!(
                        "a network `{docker_name}` exists on the Swarm and is not built from this project's config-only networks"
                    ),
                    "remove it, or give the network another `name`",
                ));
                None
            }
            Some(seen) if rebuilt.contains(name) => Some((
                Action::Recreate,
                seen.id.clone(),
                "a node's config-only network changed",
            )),
            Some(_) => None,
        };
        if let Some((action, existing, cause)) = step {
            plan.networks.push(NetworkStep {
                action,
                name: name.clone(),
                docker_name: docker_name.clone(),
                driver: driver.clone(),
                internal: internal(name),
                existing,
                cause: cause.to_string(),
            });
        }
    }
    let stale: Vec<String> = owned_configs[manager]
        .iter()
        .filter_map(|(config, _)| config.strip_suffix("-config"))
        .map(str::to_string)
        .filter(|docker_name| !serviced.iter().any(|(_, d, _)| d == docker_name))
        .collect();
    for docker_name in stale {
        let Some(seen) = engine.network_named(&docker_name).await? else {
            continue;
        };
        // Only the swarm network built from the project's config-only one.
        let built_from_ours = seen.config_from.as_ref().and_then(|c| c.network.as_deref())
            == Some(config_name(&docker_name).as_str());
        if built_from_ours {
            plan.networks.push(NetworkStep {
                action: Action::Remove,
                name: docker_name.clone(),
                docker_name,
                driver: seen.driver.unwrap_or_default(),
                internal: seen.internal.unwrap_or(false),
                existing: seen.id,
                cause: "not in the file".into(),
            });
        }
    }

    // A plain container on a swarm network to rebuild would hold it: the
    // nodes' plans do not recreate what is on the Swarm's networks.
    for step in plan.networks.iter().filter(|s| s.action != Action::Create) {
        let on_it: Vec<String> = members
            .iter()
            .flat_map(|m| {
                m.topology.containers.iter().filter(|c| {
                    c.attachments.iter().any(|a| {
                        m.topology.networks[a.network.value].docker_name.value == step.docker_name
                    })
                })
            })
            .map(|c| c.name.value.clone())
            .collect();
        if !on_it.is_empty() {
            force_refusals.push(refusal(
                Object::network(step.name.clone()),
                format!(
                    "the Swarm's network must be rebuilt ({}), and containers {} are on it",
                    step.cause,
                    on_it.join(", ")
                ),
                "`macrame down` first and `up` again, or undo the change to the network",
            ));
        }
    }

    // The services.
    let observed = engine.services(project).await?;
    for want in &wanted {
        let seen = observed.iter().find(|s| s.name == want.docker_name);
        let on_rebuilt = want.spec.task_template.as_ref().is_some_and(|t| {
            t.networks.iter().flatten().any(|n| {
                plan.networks.iter().any(|step| {
                    step.action == Action::Recreate
                        && n.target.as_deref() == Some(&step.docker_name)
                })
            })
        });
        let step = match seen {
            None => Some((Action::Create, false, "missing".to_string())),
            Some(_) if on_rebuilt => Some((
                Action::Recreate,
                false,
                "its network is rebuilt".to_string(),
            )),
            Some(seen) if seen.hash.as_deref() != Some(want.hash.as_str()) => Some((
                Action::Recreate,
                true,
                "its settings changed: updated in place".to_string(),
            )),
            Some(_) => None,
        };
        if let Some((action, in_place, cause)) = step {
            plan.services.push(ServiceStep {
                action,
                in_place,
                name: want.name.clone(),
                wanted: Some(want.clone()),
                existing: seen.cloned(),
                cause,
            });
        }
    }
    for seen in &observed {
        if !wanted.iter().any(|w| w.docker_name == seen.name) {
            plan.services.push(ServiceStep {
                action: Action::Remove,
                in_place: false,
                name: seen.name.clone(),
                wanted: None,
                existing: Some(seen.clone()),
                cause: "not in the file".into(),
            });
        }
    }
    Ok(Some(plan))
}

/// The Swarm's changes, as a node's plan lists its own, each line naming
/// where it happens.
pub fn render_human(plan: &SwarmPlan, members: &[&Member]) -> String {
    let mut out = String::new();
    let sign = |action: Action| match action {
        Action::Create => "+ create  ",
        Action::Recreate => "~ recreate",
        Action::Remove => "- remove  ",
    };
    for step in &plan.configs {
        out.push_str(&format!(
            "[{}] {} config-only network {}  ({})\n",
            members[step.member].name,
            sign(step.action),
            step.name,
            step.cause
        ));
    }
    let manager = &members[plan.manager].name;
    for step in &plan.networks {
        out.push_str(&format!(
            "[swarm@{manager}] {} swarm network {}  ({})\n",
            sign(step.action),
            step.name,
            step.cause
        ));
    }
    for step in &plan.services {
        let action = if step.in_place {
            "~ update  "
        } else {
            sign(step.action)
        };
        out.push_str(&format!(
            "[swarm@{manager}] {action} service {}  ({})\n",
            step.name, step.cause
        ));
    }
    if plan.is_empty() {
        out.push_str(&format!("[swarm@{manager}] services: nothing to do\n"));
    }
    out
}

/// What undoes the Swarm stage: in reverse order.
#[derive(Debug)]
enum Undo {
    /// A network this run made: removed again.
    Network {
        member: usize,
        name: String,
        id: String,
    },
    /// A network this run removed: made again.
    Restore {
        member: usize,
        request: Box<NetworkCreateRequest>,
    },
    Service {
        name: String,
        id: String,
    },
    /// A service this run updated or removed: its spec as it was.
    ServiceBack {
        name: String,
        old: Box<ObservedService>,
    },
}

#[derive(Default)]
pub struct Journal {
    undo: Vec<Undo>,
}

/// How long a removed swarm network takes to let go of its config-only
/// networks on the workers, which learn of the removal on their own time.
const SETTLE: Duration = Duration::from_secs(30);

async fn remove_network_settling(member: &Member, name: &str, id: &str) -> Result<()> {
    let started = Instant::now();
    loop {
        match member.runtime.engine.remove_network(name, id).await {
            Err(error)
                if error.to_string().contains("in use")
                    || error.to_string().contains("active endpoints") =>
            {
                if started.elapsed() > SETTLE {
                    return Err(error);
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            other => return other,
        }
    }
}

/// The first half of `up`'s Swarm stage, before the nodes: what goes
/// away (services replaced, networks rebuilt), then the networks.
pub async fn networks(
    plan: &SwarmPlan,
    members: &[&Member],
    base: &Progress,
    journal: &mut Journal,
) -> Result<()> {
    let manager = &members[plan.manager];
    let engine = &manager.runtime.engine;
    let progress = &base.on_node(&format!("swarm@{}", manager.name));
    for step in plan
        .services
        .iter()
        .filter(|s| !s.in_place && s.action != Action::Create)
    {
        let existing = step.existing.as_ref().expect("a service to remove exists");
        let line = progress.begin(Action::Remove, Kind::Service, &step.name, None);
        let done = tracked(
            line,
            remove_service_settled(members, plan.manager, &existing.name, &existing.id),
        )
        .await;
        done?;
        journal.undo.push(Undo::ServiceBack {
            name: existing.name.clone(),
            old: Box::new(existing.clone()),
        });
    }
    // Each removal's undo is journaled as soon as it is done; undone
    // newest first, the config-only networks come back before the swarm
    // network built from them, and that before its services.
    for step in plan.networks.iter().filter(|s| s.action != Action::Create) {
        let id = step.existing.as_deref().unwrap_or(&step.docker_name);
        let seen = engine.network_named(id).await?;
        let line = progress.begin(
            Action::Remove,
            Kind::Network,
            &format!("{} (swarm)", step.name),
            None,
        );
        let done = tracked(
            line,
            remove_network_settling(manager, &step.docker_name, id),
        )
        .await;
        done?;
        if let Some(seen) = seen {
            journal.undo.push(Undo::Restore {
                member: plan.manager,
                request: Box::new(swarm_request(
                    &step.docker_name,
                    &seen.driver.unwrap_or_default(),
                    seen.internal.unwrap_or(false),
                )),
            });
        }
    }
    for step in plan.configs.iter().filter(|s| s.action != Action::Create) {
        let member = &members[step.member];
        let id = step.existing.as_deref().unwrap_or_default();
        let request = member
            .runtime
            .engine
            .network_request(&step.config, id)
            .await?;
        let here = member_progress(base, member);
        let line = here.begin(
            Action::Remove,
            Kind::Network,
            &format!("{} (config-only)", step.name),
            None,
        );
        let done = tracked(line, remove_network_settling(member, &step.config, id)).await;
        done?;
        if let Some(request) = request {
            journal.undo.push(Undo::Restore {
                member: step.member,
                request: Box::new(request),
            });
        }
    }
    for step in plan.configs.iter().filter(|s| s.action != Action::Remove) {
        let member = &members[step.member];
        let request = step.request.clone().expect("a config-only network to make");
        let name = request.name.clone();
        let here = member_progress(base, member);
        let line = here.begin(
            Action::Create,
            Kind::Network,
            &format!("{} (config-only)", step.name),
            None,
        );
        let done = tracked(line, member.runtime.engine.create_network_from(request)).await;
        journal.undo.push(Undo::Network {
            member: step.member,
            name,
            id: done?,
        });
    }
    for step in plan.networks.iter().filter(|s| s.action != Action::Remove) {
        let request = swarm_request(&step.docker_name, &step.driver, step.internal);
        let line = progress.begin(
            Action::Create,
            Kind::Network,
            &format!("{} (swarm)", step.name),
            None,
        );
        let done = tracked(line, engine.create_network_from(request)).await;
        journal.undo.push(Undo::Network {
            member: plan.manager,
            name: step.docker_name.clone(),
            id: done?,
        });
    }
    Ok(())
}

/// The swarm network: settings of its own only where the engine takes
/// them beside `--config-from` (scope, attachable, internal; no labels).
fn swarm_request(docker_name: &str, driver: &str, internal: bool) -> NetworkCreateRequest {
    NetworkCreateRequest {
        name: docker_name.to_string(),
        driver: Some(driver.to_string()),
        scope: Some("swarm".into()),
        attachable: Some(true),
        internal: internal.then_some(true),
        config_from: Some(ConfigReference {
            network: Some(config_name(docker_name)),
        }),
        ..Default::default()
    }
}

fn member_progress(progress: &Progress, member: &Member) -> Progress {
    progress.on_node(&member.name)
}

/// Removes a service and waits until every node has removed its task
/// containers: until then they hold the network, and `down` would leave
/// them behind.
async fn remove_service_settled(
    members: &[&Member],
    manager: usize,
    name: &str,
    id: &str,
) -> Result<()> {
    members[manager]
        .runtime
        .engine
        .remove_service(name, id)
        .await?;
    let started = Instant::now();
    for member in members {
        while member.runtime.engine.task_containers(id).await? > 0 {
            if started.elapsed() > SETTLE {
                return Err(Error::State {
                    object: Object::Service(name.to_string()),
                    problem: format!(
                        "removed, but node {} still has its tasks' containers after {} s",
                        member.name,
                        SETTLE.as_secs()
                    ),
                });
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    Ok(())
}

/// The second half of `up`'s Swarm stage, after the nodes: the services,
/// made or updated, then waited for until their tasks run.
pub async fn services(
    plan: &SwarmPlan,
    members: &[&Member],
    base: &Progress,
    timeout: Duration,
    journal: &mut Journal,
) -> Result<()> {
    let manager = &members[plan.manager];
    let engine = &manager.runtime.engine;
    let progress = &base.on_node(&format!("swarm@{}", manager.name));
    // Tasks from before this run: their failures are not this run's.
    let mut earlier = std::collections::HashSet::new();
    for step in plan.services.iter().filter(|s| s.in_place) {
        if let Some(existing) = &step.existing {
            earlier.extend(engine.tasks(&existing.id).await?.into_iter().map(|t| t.id));
        }
    }
    for step in plan.services.iter().filter(|s| s.action != Action::Remove) {
        let want = step.wanted.as_ref().expect("a service to make");
        if step.in_place {
            let existing = step.existing.as_ref().expect("a service to update exists");
            let line = progress.begin(
                Action::Recreate,
                Kind::Service,
                &step.name,
                Some("updating"),
            );
            let done = tracked(
                line,
                engine.update_service(
                    &want.docker_name,
                    &existing.id,
                    existing.version,
                    want.spec.clone(),
                ),
            )
            .await;
            done?;
            journal.undo.push(Undo::ServiceBack {
                name: want.docker_name.clone(),
                old: Box::new(existing.clone()),
            });
        } else {
            let line = progress.begin(Action::Create, Kind::Service, &step.name, None);
            let done = tracked(
                line,
                engine.create_service(&want.docker_name, want.spec.clone()),
            )
            .await;
            journal.undo.push(Undo::Service {
                name: want.docker_name.clone(),
                id: done?,
            });
        }
    }
    for step in plan.services.iter().filter(|s| s.action != Action::Remove) {
        let want = step.wanted.as_ref().expect("a service to make");
        let line = progress.begin(
            Action::Create,
            Kind::Service,
            &step.name,
            Some("starting the tasks of"),
        );
        let done = tracked(line, converge(manager, want, timeout, &earlier)).await;
        done?;
    }
    for step in plan.services.iter().filter(|s| s.action == Action::Remove) {
        let existing = step.existing.as_ref().expect("a service to remove exists");
        let line = progress.begin(Action::Remove, Kind::Service, &step.name, None);
        let done = tracked(
            line,
            remove_service_settled(members, plan.manager, &existing.name, &existing.id),
        )
        .await;
        done?;
    }
    Ok(())
}

/// Waits until the service runs as many tasks as it should, each on its
/// latest spec; a task that fails is the service's failure.
async fn converge(
    manager: &Member,
    want: &ServiceWanted,
    timeout: Duration,
    earlier: &std::collections::HashSet<String>,
) -> Result<()> {
    let engine = &manager.runtime.engine;
    let started = Instant::now();
    let object = Object::Service(want.name.to_string());
    loop {
        let tasks = engine.tasks(&want.docker_name).await?;
        let running = tasks
            .iter()
            .filter(|t| t.desired == "running" && t.state == "running")
            .count();
        let wanted_running = tasks.iter().filter(|t| t.desired == "running").count();
        let pending = tasks
            .iter()
            .any(|t| t.desired == "running" && t.state != "running");
        let enough = match want.replicas {
            Some(count) => running as u64 >= count,
            None => running > 0 && running == wanted_running,
        };
        let update = engine.update_state(&want.docker_name).await?;
        match update.as_deref() {
            Some("paused" | "rollback_started" | "rollback_paused" | "rollback_completed") => {
                return Err(Error::State {
                    object,
                    problem: format!(
                        "its update stopped ({}): the new tasks did not run",
                        update.unwrap_or_default()
                    ),
                });
            }
            Some("updating") => {}
            _ if enough && !pending => return Ok(()),
            _ => {}
        }
        // A task of this run that failed: the Swarm would retry it in a
        // new task, and fail the same way.
        if let Some(failed) = tasks
            .iter()
            .find(|t| !earlier.contains(&t.id) && matches!(t.state.as_str(), "failed" | "rejected"))
        {
            return Err(Error::State {
                object,
                problem: format!(
                    "a task {}: {}",
                    failed.state,
                    failed.error.as_deref().unwrap_or("no reason given")
                ),
            });
        }
        if started.elapsed() > timeout {
            return Err(Error::State {
                object,
                problem: format!("{running} of its tasks run after {} s", timeout.as_secs()),
            });
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Undoes the Swarm stage, newest first; what the undo fails at.
pub async fn undo(journal: Journal, members: &[&Member], manager: usize) -> Vec<Error> {
    let mut errors = Vec::new();
    for step in journal.undo.into_iter().rev() {
        let result = match step {
            Undo::Network { member, name, id } => {
                remove_network_settling(members[member], &name, &id).await
            }
            Undo::Restore { member, request } => members[member]
                .runtime
                .engine
                .create_network_from(*request)
                .await
                .map(drop),
            Undo::Service { name, id } => {
                remove_service_settled(members, manager, &name, &id).await
            }
            Undo::ServiceBack { name, old } => {
                let engine = &members[manager].runtime.engine;
                match engine.services(&old_project(&old)).await {
                    Ok(now) => match now.iter().find(|s| s.name == name) {
                        Some(current) => {
                            engine
                                .update_service(
                                    &name,
                                    &current.id,
                                    current.version,
                                    old.spec.clone(),
                                )
                                .await
                        }
                        None => engine
                            .create_service(&name, old.spec.clone())
                            .await
                            .map(drop),
                    },
                    Err(error) => Err(error),
                }
            }
        };
        if let Err(error) = result {
            errors.push(error);
        }
    }
    errors
}

fn old_project(service: &ObservedService) -> String {
    service
        .spec
        .labels
        .as_ref()
        .and_then(|l| l.get(labels::PROJECT).cloned())
        .unwrap_or_default()
}

/// `down`'s Swarm stage, before the nodes: the services, and their tasks
/// gone.
pub async fn remove_services(members: &[&Member], project: &str, base: &Progress) -> Result<usize> {
    let (manager, _, _) = membership(members).await?;
    let Some(manager) = manager else {
        return Ok(0);
    };
    let progress = &base.on_node(&format!("swarm@{}", members[manager].name));
    let services = members[manager].runtime.engine.services(project).await?;
    for service in &services {
        let line = progress.begin(Action::Remove, Kind::Service, &service.name, None);
        let done = tracked(
            line,
            remove_service_settled(members, manager, &service.name, &service.id),
        )
        .await;
        done?;
    }
    Ok(services.len())
}

/// `down`'s Swarm stage, after the nodes: the swarm networks, then every
/// node's config-only networks.
pub async fn remove_networks(members: &[&Member], project: &str, base: &Progress) -> Result<usize> {
    let mut removed = 0;
    let (manager, _, _) = membership(members).await?;
    if let Some(manager) = manager {
        let progress = &base.on_node(&format!("swarm@{}", members[manager].name));
        let configs = members[manager]
            .runtime
            .engine
            .config_networks_labelled(SWARM_PROJECT, project)
            .await?;
        for (config, _) in configs {
            let Some(docker_name) = config.strip_suffix("-config") else {
                continue;
            };
            if let Some(seen) = members[manager]
                .runtime
                .engine
                .network_named(docker_name)
                .await?
            {
                let built_from_ours = seen.config_from.as_ref().and_then(|c| c.network.as_deref())
                    == Some(config.as_str());
                if built_from_ours {
                    let id = seen.id.unwrap_or_default();
                    let line = progress.begin(
                        Action::Remove,
                        Kind::Network,
                        &format!("{docker_name} (swarm)"),
                        None,
                    );
                    let done = tracked(
                        line,
                        remove_network_settling(members[manager], docker_name, &id),
                    )
                    .await;
                    done?;
                    removed += 1;
                }
            }
        }
    }
    for member in members {
        for (config, id) in member
            .runtime
            .engine
            .config_networks_labelled(SWARM_PROJECT, project)
            .await?
        {
            let here = base.on_node(&member.name);
            let line = here.begin(
                Action::Remove,
                Kind::Network,
                &format!("{config} (config-only)"),
                None,
            );
            let done = tracked(line, remove_network_settling(member, &config, &id)).await;
            done?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// What `down` would remove from the Swarm, as plan lines.
pub async fn leftovers(members: &[&Member], project: &str) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    let (manager, _, _) = membership(members).await?;
    if let Some(manager) = manager {
        let engine = &members[manager].runtime.engine;
        let at = &members[manager].name;
        for service in engine.services(project).await? {
            lines.push(format!(
                "[swarm@{at}] - remove   service {}  (macrame down)",
                service.name
            ));
        }
        for (config, _) in engine
            .config_networks_labelled(SWARM_PROJECT, project)
            .await?
        {
            if let Some(docker_name) = config.strip_suffix("-config")
                && engine.network_named(docker_name).await?.is_some()
            {
                lines.push(format!(
                    "[swarm@{at}] - remove   swarm network {docker_name}  (macrame down)"
                ));
            }
        }
    }
    for member in members {
        for (config, _) in member
            .runtime
            .engine
            .config_networks_labelled(SWARM_PROJECT, project)
            .await?
        {
            lines.push(format!(
                "[{}] - remove   config-only network {config}  (macrame down)",
                member.name
            ));
        }
    }
    Ok(lines)
}
