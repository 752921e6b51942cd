//! Applying a plan: removals, then creations, independent steps in
//! parallel; on failure, undo what this run did, in reverse order; after
//! success, observe again and verify. Each concern has its file: the
//! order of steps (`schedule`), the steps (`steps`), what they did
//! (`journal`), undoing it (`undo`), a dead run's journal (`recover`),
//! and Ctrl-C (`interrupt`).

mod images;
pub mod interrupt;
pub mod journal;
mod progress;
mod recover;
mod schedule;
mod steps;
mod undo;
pub mod wait;

pub use images::Force;
pub use progress::{Mode, Progress, Step};
pub use undo::Pending;

use crate::docker::Engine;
use crate::error::{Error, Object, Operation, Result};
use crate::host::{self, Host};
use crate::observed::Observed;
use crate::plan::Plan;
use crate::plan::spec::ContainerSpec;
use journal::{Journal, Record};
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::PathBuf;

/// The engine and the kernel: everything the runtime touches.
#[derive(Clone)]
pub struct Runtime {
    pub engine: Engine,
    pub host: Host,
    /// Whether `host` is the engine's own host. A node reached over tcp://
    /// or ssh:// is another machine: its links are not seen, and plan
    /// refuses vlans and shims there.
    pub host_seen: bool,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// At most this many steps at once.
    pub parallel: usize,
    /// On failure, leave what was done for inspection.
    pub keep_on_failure: bool,
    /// Seconds a container gets to stop after SIGTERM before SIGKILL.
    pub stop_timeout: u32,
    /// Remove the volumes of the containers removed (`down --volumes`).
    pub remove_volumes: bool,
    /// Set removed containers and networks aside until the run succeeds,
    /// so that a failure restores them (`up`); `down` removes at once and
    /// goes no way back.
    pub park_removals: bool,
    /// How long a container may take to become what another waits for
    /// (`depends-on X healthy`).
    pub wait_timeout: std::time::Duration,
    /// Where the run keeps its journal on disk (`journal::path`); none
    /// keeps it in memory only.
    pub journal: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            parallel: 64,
            keep_on_failure: false,
            stop_timeout: 10,
            remove_volumes: false,
            park_removals: true,
            wait_timeout: std::time::Duration::from_secs(300),
            journal: None,
        }
    }
}

impl Options {
    /// These options for one node of a file of several hosts: its own
    /// journal, beside the project's.
    pub fn for_node(&self, node: &str) -> Options {
        Options {
            journal: self
                .journal
                .as_deref()
                .map(|path| journal::node_path(path, node)),
            ..self.clone()
        }
    }
}

impl Runtime {
    /// Must be called inside a tokio runtime.
    pub async fn connect() -> Result<Runtime> {
        Ok(Runtime {
            engine: Engine::connect().await?,
            host: Host::connect()?,
            host_seen: true,
        })
    }

    /// The runtime of one node of a file of several hosts: its engine,
    /// and for an engine on this machine (a unix:// socket), its host's
    /// network namespace, found through the process serving the socket.
    pub async fn connect_node(node: &crate::model::Node) -> Result<Runtime> {
        let engine = Engine::connect_node(node).await?;
        let object = Object::Node {
            name: node.name.value.clone(),
            engine: node.docker.value.to_string(),
        };
        let (host, host_seen) = match &node.docker.value {
            // Pid 0: the engine is in another pid namespace (macrame in a
            // container with the socket mounted), its host out of sight.
            crate::model::Endpoint::Unix(path) => match crate::docker::socket_peer(path) {
                Ok(pid) if pid > 0 => (Host::of_process(i64::from(pid), &object).await?, true),
                Ok(_) => (Host::connect()?, false),
                Err(error) => {
                    return Err(Error::io(object, Operation::FindEngineProcess)(error));
                }
            },
            _ => (Host::connect()?, false),
        };
        Ok(Runtime {
            engine,
            host,
            host_seen,
        })
    }

    /// Everything planning needs, observed once.
    pub async fn observe(&self, project: &str, images: &[String]) -> Result<Observed> {
        // One netlink socket runs one dump at a time (EBUSY otherwise):
        // the host's side is read in sequence, beside the engine's.
        let host = async {
            if !self.host_seen {
                return Ok((Vec::new(), Vec::new()));
            }
            Ok::<_, Error>((self.host.links().await?, self.host.routes().await?))
        };
        let ((links, routes), networks, containers, volumes) = tokio::try_join!(
            host,
            self.engine.networks(project),
            self.engine.containers(),
            self.engine.volume_list()
        )?;
        let mut states = std::collections::BTreeMap::new();
        for image in images.iter().collect::<BTreeSet<_>>() {
            states.insert(image.clone(), self.engine.image_state(image).await);
        }
        Ok(Observed {
            engine: Some(self.engine.info.clone()),
            links,
            routes,
            networks,
            containers,
            images: states,
            vlan_support: host::vlan_support(),
            default_gateways: Default::default(),
            missing_paths: Default::default(),
            volumes,
            session_address: host::session_address(),
            hypervisor: host::under_hypervisor(),
            host_unseen: !self.host_seen,
        })
    }

    /// Reads the default gateways inside the named containers. On every
    /// engine: before API 1.48 a restart puts the engine's choice back, and
    /// a container made by such an engine keeps that weakness after the
    /// engine is upgraded (it has no `gw_priority`).
    pub async fn observe_routes(
        &self,
        observed: &mut Observed,
        containers: &[String],
    ) -> Result<()> {
        for container in observed
            .containers
            .iter()
            .filter(|c| c.running && containers.contains(&c.name))
        {
            if let Some((_, gateways)) = self.gateways_in(&container.name, &container.id).await? {
                observed
                    .default_gateways
                    .insert(container.name.clone(), gateways);
            }
        }
        Ok(())
    }

    /// The process of a container and the default gateways in its
    /// namespace; `None` when it does not run.
    pub(super) async fn gateways_in(
        &self,
        name: &str,
        id: &str,
    ) -> Result<Option<(i64, Vec<IpAddr>)>> {
        let (pid, _) = self.engine.inspect(name, id).await?;
        if pid == 0 {
            return Ok(None);
        }
        let gateways = host::default_gateways(pid, &Object::container(name)).await?;
        Ok(Some((pid, gateways)))
    }

    /// Applies `plan`; on success, verifies the host against it.
    pub async fn apply(&self, plan: &Plan, options: Options, progress: &Progress) -> Result<()> {
        let pending = self.apply_pending(plan, options, progress).await?;
        match interrupt::finishing() {
            Ok(()) => {
                let committed = pending.commit().await;
                interrupt::finished();
                committed
            }
            // The signal came during the last steps, when no step was
            // left to refuse to start.
            Err(interrupted) => Err(pending.undo(interrupted).await),
        }
    }

    /// Applies `plan` up to the point of no return: what it replaces is
    /// set aside, not yet removed, so that `Pending::abort` can still put
    /// everything back (another node failed), and `Pending::commit`
    /// finishes the run. A failure here undoes this run at once.
    pub async fn apply_pending<'r>(
        &'r self,
        plan: &'r Plan,
        options: Options,
        progress: &'r Progress,
    ) -> Result<Pending<'r>> {
        let journal = Journal::open(
            options.journal.as_deref(),
            Record::Begin {
                command: if options.park_removals { "up" } else { "down" }.to_string(),
                pid: std::process::id(),
                remove_volumes: options.remove_volumes,
            },
        )?;
        let result = self.run(plan, &options, progress, &journal).await;
        let pending = Pending {
            runtime: self,
            plan,
            options,
            progress,
            journal,
        };
        match result {
            Ok(()) => Ok(pending),
            Err(cause) => Err(pending.undo(cause).await),
        }
    }

    /// Where macrame, not the engine, sets the default route (see
    /// `ContainerSpec::routes_in_namespace`): after every start, since
    /// the engine puts its own choice back then.
    pub async fn route_after_start(&self, spec: &ContainerSpec, id: &str) -> Result<()> {
        let Some(route) = &spec.default_route else {
            return Ok(());
        };
        if !spec.routes_in_namespace(&self.engine.info) {
            return Ok(());
        }
        let object = Object::container(&spec.name);
        let (pid, endpoints) = self.engine.inspect(&spec.name, id).await?;
        let address = endpoints
            .get(&route.network)
            .and_then(|e| e.ip.or(e.ip6))
            .ok_or_else(|| {
                Error::cannot(
                    &object,
                    Operation::SetDefaultRoute,
                    format!("no address on network {}", route.network),
                )
            })?;
        host::set_default_route(pid, &object, address, route.gateway4, route.gateway6).await
    }

    /// Observes again: the host must now match the plan exactly.
    pub(super) async fn verify(&self, plan: &Plan) -> Result<()> {
        let mut observed = self.observe(&plan.project, &[]).await?;
        // The default route, read inside the container on every engine
        // (`gw_priority` is the engine's word, the route is the fact), and
        // judged by the planner as any other drift.
        let routed: Vec<String> = plan
            .specs
            .containers
            .iter()
            .filter(|spec| spec.default_route.is_some())
            .map(|spec| spec.docker_name.clone())
            .collect();
        self.observe_routes(&mut observed, &routed).await?;
        let mismatches: Vec<String> = crate::plan::drift(&plan.specs, &observed)
            .into_iter()
            .filter(|change| plan.covers(change))
            .map(|c| format!("{} {}: {}", c.kind.as_str(), c.name, c.cause))
            .collect();
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(Error::Mismatch(mismatches))
        }
    }
}

/// Runs `work` as `step`: done or failed, as it ends.
pub(crate) async fn tracked<T>(
    step: progress::Step<'_>,
    work: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    let result = work.await;
    match &result {
        Ok(_) => step.done(),
        Err(error) => step.failed(error),
    }
    result
}
