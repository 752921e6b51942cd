//! Applying a plan: removals, then creations, independent steps in
//! parallel; on failure, undo what this run did, in reverse order; after
//! success, observe again and verify.

mod images;
mod progress;
pub mod wait;

pub use images::Force;

pub use progress::{Mode, Progress, Step};

use crate::docker::Engine;
use crate::error::{Error, Result};
use crate::host::{self, Host, LinkRecord};
use crate::observed::Observed;
use crate::plan::options::MountKind;
use crate::plan::spec::ContainerSpec;
use crate::plan::{Action, Change, Desired, Existing, Kind, Plan};
use bollard::models::{EndpointSettings, NetworkCreateRequest};
use futures::StreamExt;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::sync::Mutex;

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

#[derive(Debug, Clone, Copy)]
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
        }
    }
}

/// A container being recreated or removed, stopped and renamed out of the
/// way rather than removed: if the run fails it gets its name back and
/// runs again; if it succeeds, it is removed at the end. (Stopped, it
/// holds no address, so a successor can take it.)
#[derive(Debug, Clone)]
struct Parked {
    name: String,
    id: String,
    /// Its project: only that project's volumes go with it.
    project: String,
    docker_name: String,
    running: bool,
    /// Renamed aside (a failure before that leaves the name as it was).
    renamed: bool,
    /// A successor takes its place (and its volumes); else it goes.
    replaced: bool,
    /// Its volumes, which its successor takes over.
    volumes: Vec<(String, String)>,
    /// Its settings on each network, by Docker network name: what puts
    /// it back on a network the run removed and the undo restored.
    endpoints: BTreeMap<String, EndpointSettings>,
    /// The Docker networks on which the file gives it a MAC.
    declared_macs: BTreeSet<String>,
    /// Its default gateways as it ran, on engines before API 1.48 (where
    /// a restart puts the engine's choice back).
    gateways: Vec<IpAddr>,
}

/// A Docker network this run removed, and what recreates it as it was.
#[derive(Debug, Clone)]
struct Dropped {
    name: String,
    docker_name: String,
    request: NetworkCreateRequest,
}

/// What a run has done that a failure must undo: its creations, the
/// containers it set aside, the networks and links it removed (with what
/// recreates them), and what it removed for good.
#[derive(Default)]
struct Journal {
    undo: Mutex<Vec<Undo>>,
    parked: Mutex<Vec<Parked>>,
    dropped: Mutex<Vec<Dropped>>,
    /// Records of the links the plan removes, taken before any is.
    records: Mutex<HashMap<String, LinkRecord>>,
    unlinked: Mutex<Vec<LinkRecord>>,
    removed: Mutex<Vec<String>>,
}

/// What undoes one completed step.
#[derive(Debug, Clone)]
enum Undo {
    Link {
        object: String,
        name: String,
    },
    Network {
        name: String,
        id: String,
    },
    Container {
        name: String,
        id: String,
    },
    Volume {
        name: String,
        docker_name: String,
    },
    /// A bind mount's source this run made (the path, and the topmost
    /// directory made for it): removed again while empty.
    Directory(std::path::PathBuf, std::path::PathBuf),
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
        let object = format!("node {} ({})", node.name.value, node.docker.value);
        let (host, host_seen) = match &node.docker.value {
            // Pid 0: the engine is in another pid namespace (macrame in a
            // container with the socket mounted), its host out of sight.
            crate::model::Endpoint::Unix(path) => match crate::docker::socket_peer(path) {
                Ok(pid) if pid > 0 => (Host::of_process(i64::from(pid), &object).await?, true),
                Ok(_) => (Host::connect()?, false),
                Err(error) => {
                    return Err(Error::io(object, "find the engine's process")(error));
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
    async fn gateways_in(&self, name: &str, id: &str) -> Result<Option<(i64, Vec<IpAddr>)>> {
        let (pid, _) = self.engine.inspect(name, id).await?;
        if pid == 0 {
            return Ok(None);
        }
        let gateways = host::default_gateways(pid, &format!("container {name}")).await?;
        Ok(Some((pid, gateways)))
    }

    /// Applies `plan`; on success, verifies the host against it.
    pub async fn apply(&self, plan: &Plan, options: Options, progress: &Progress) -> Result<()> {
        self.apply_pending(plan, options, progress)
            .await?
            .commit()
            .await
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
        let journal = Journal::default();
        let result = self.run(plan, options, progress, &journal).await;
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

    /// Removes a parked container for good; one that no successor
    /// replaces takes its volumes along if asked (`down --volumes`).
    async fn discard(&self, old: &Parked, options: Options) -> Result<()> {
        let with_volumes = options.remove_volumes && !old.replaced;
        self.remove_for_good(&old.project, &old.name, &old.id, &old.volumes, with_volumes)
            .await
    }

    /// Removes a container, and with `with_volumes` its `volumes` too:
    /// inherited volumes are mounted by name, which the engine's own `v`
    /// leaves, so they are removed by name after the container: those
    /// that are anonymous or `project`'s, never an external one.
    async fn remove_for_good(
        &self,
        project: &str,
        name: &str,
        id: &str,
        volumes: &[(String, String)],
        with_volumes: bool,
    ) -> Result<()> {
        self.engine.remove_container(name, id, with_volumes).await?;
        if with_volumes {
            for (volume, _) in volumes {
                if self.engine.owned_volume(project, volume).await {
                    self.engine.remove_volume(name, volume).await?;
                }
            }
        }
        Ok(())
    }

    /// Recreates the networks this run removed, last removed first;
    /// returns the Docker names of those restored, and the failures.
    /// Recreates the links this run removed, each after the link it sits
    /// on (the order of removal does not tell: deleting a vlan deletes the
    /// vlans stacked on it, which then count as removed after it); returns
    /// the names of those that could not be, and the failures.
    async fn relink(
        &self,
        unlinked: Vec<LinkRecord>,
        progress: &Progress,
    ) -> (BTreeSet<String>, Vec<Error>) {
        let mut lost = BTreeSet::new();
        let mut errors = Vec::new();
        for record in LinkRecord::parents_first(unlinked) {
            let kind = match record {
                LinkRecord::Vlan(_) => Kind::Vlan,
                LinkRecord::Shim(_) => Kind::Shim,
            };
            let step = progress.begin(Action::Create, kind, record.name(), Some("restoring"));
            if let Err(error) = tracked(step, self.host.restore_link(&record)).await {
                lost.insert(record.name().to_string());
                errors.push(error);
            }
        }
        (lost, errors)
    }

    /// Recreates the networks this run removed, last removed first, but
    /// none on a vlan that is gone; returns the Docker names of those
    /// restored, and the failures.
    async fn restore(
        &self,
        dropped: Vec<Dropped>,
        lost_links: &BTreeSet<String>,
        progress: &Progress,
    ) -> (BTreeSet<String>, Vec<Error>) {
        let mut restored = BTreeSet::new();
        let mut errors = Vec::new();
        for network in dropped.into_iter().rev() {
            // On a vlan this run removed and could not restore, the engine
            // would make a dotted parent of its own: one macrame has not
            // marked, and deletes.
            let parent = network
                .request
                .options
                .as_ref()
                .and_then(|options| options.get("parent"));
            if let Some(parent) = parent.filter(|p| lost_links.contains(*p)) {
                errors.push(Error::io(format!("network {}", network.name), "restore")(
                    std::io::Error::other(format!("its parent vlan {parent} was removed")),
                ));
                continue;
            }
            let step = progress.begin(
                Action::Create,
                Kind::Network,
                &network.name,
                Some("restoring"),
            );
            match tracked(
                step,
                self.engine.restore_network(&network.name, network.request),
            )
            .await
            {
                Ok(()) => {
                    restored.insert(network.docker_name);
                }
                Err(error) => errors.push(error),
            }
        }
        (restored, errors)
    }

    /// Gives parked containers their names back, puts them back on the
    /// networks that were removed and restored, and restarts them.
    async fn unpark(
        &self,
        parked: Vec<Parked>,
        restored: &BTreeSet<String>,
        progress: &Progress,
    ) -> Vec<Error> {
        let mut errors = Vec::new();
        for old in parked.into_iter().rev() {
            let step = progress.begin(
                Action::Recreate,
                Kind::Container,
                &old.name,
                Some("restoring"),
            );
            for (network, settings) in &old.endpoints {
                if restored.contains(network)
                    && let Err(error) = self
                        .engine
                        .reattach(&old.name, &old.id, network, settings)
                        .await
                {
                    errors.push(error);
                }
            }
            let restarted = async {
                if old.renamed {
                    self.engine
                        .rename(&old.name, &old.id, &old.docker_name)
                        .await?;
                }
                if old.running {
                    self.engine.start_by_id(&old.name, &old.id).await?;
                }
                Ok(())
            };
            if let Err(error) = tracked(step, restarted).await {
                errors.push(error);
                continue;
            }
            if old.running {
                errors.extend(self.lost_macs(&old, restored).await);
                if let Err(error) = self.restore_route(&old).await {
                    errors.push(error);
                }
            }
        }
        errors
    }

    /// A running container's default gateways, which a restart loses where
    /// macrame set them itself (before API 1.48, or for a container that
    /// publishes ports): what `restore_route` puts back.
    async fn gateways_before_park(
        &self,
        name: &str,
        container: &crate::observed::DockerContainer,
    ) -> Result<Vec<IpAddr>> {
        if !container.running {
            return Ok(Vec::new());
        }
        let found = self.gateways_in(name, &container.id).await?;
        Ok(found.map(|(_, gateways)| gateways).unwrap_or_default())
    }

    /// Puts a restarted container's default route back where it was
    /// (macrame had set it from the file's `gateway`; the restart gave it
    /// the engine's choice again).
    async fn restore_route(&self, old: &Parked) -> Result<()> {
        if old.gateways.is_empty() {
            return Ok(());
        }
        let Some((pid, now)) = self.gateways_in(&old.name, &old.id).await? else {
            return Ok(());
        };
        if now == old.gateways {
            return Ok(());
        }
        let gateway4 = old.gateways.iter().copied().find(IpAddr::is_ipv4);
        let gateway6 = old.gateways.iter().copied().find(IpAddr::is_ipv6);
        // The endpoint whose network has that gateway carries the route.
        let address = old.endpoints.values().find_map(|settings| {
            let on = |gateway: &Option<String>, wanted: Option<IpAddr>| {
                wanted.is_some() && gateway.as_deref().and_then(|g| g.parse().ok()) == wanted
            };
            if on(&settings.gateway, gateway4) {
                settings.ip_address.as_deref()?.parse::<IpAddr>().ok()
            } else if on(&settings.ipv6_gateway, gateway6) {
                settings
                    .global_ipv6_address
                    .as_deref()?
                    .parse::<IpAddr>()
                    .ok()
            } else {
                None
            }
        });
        let Some(address) = address else {
            return Ok(());
        };
        let object = format!("container {}", old.name);
        host::set_default_route(pid, &object, address, gateway4, gateway6).await
    }

    /// A container put back on a restored network runs with the MAC the
    /// engine gives it there on engines from API 1.44 to 1.53 (connect
    /// ignores one): where the file gives it a MAC, that is not an exact
    /// undo, so it is said, with the way out. (The engine does not tell a
    /// MAC it was given from one it made up: others go unremarked.)
    async fn lost_macs(&self, old: &Parked, restored: &BTreeSet<String>) -> Vec<Error> {
        let object = format!("container {}", old.name);
        let now = match self.engine.inspect(&old.name, &old.id).await {
            Ok((_, endpoints)) => endpoints,
            Err(error) => return vec![error],
        };
        old.endpoints
            .iter()
            .filter(|(network, _)| {
                restored.contains(*network) && old.declared_macs.contains(*network)
            })
            .filter_map(|(network, settings)| {
                let before = settings.mac_address.as_deref().filter(|m| !m.is_empty())?;
                let after = now.get(network)?.mac.as_deref()?;
                (!before.eq_ignore_ascii_case(after)).then(|| {
                    Error::io(&object, "restore its MAC")(std::io::Error::other(format!(
                        "back on network {network} with MAC {after}, not {before}: engine API {}.{} sets no MAC on connect (1.54 does); `macrame up` recreates it",
                        self.engine.info.api.0, self.engine.info.api.1
                    )))
                })
            })
            .collect()
    }

    async fn run(
        &self,
        plan: &Plan,
        options: Options,
        progress: &Progress,
        journal: &Journal,
    ) -> Result<()> {
        // The links to remove, recorded while all are there, in one
        // netlink dump (one socket runs one dump at a time: not inside the
        // parallel removals).
        let unlinks: Vec<&str> = plan
            .changes
            .iter()
            .filter_map(|c| match &c.existing {
                Some(Existing::Link(link)) if options.park_removals => Some(link.name.as_str()),
                _ => None,
            })
            .collect();
        if !unlinks.is_empty() {
            let (links, routes) = (self.host.links().await?, self.host.routes().await?);
            let mut records = journal.records.lock().expect("not poisoned");
            for name in unlinks {
                if let Some(record) = LinkRecord::of(&links, &routes, name) {
                    records.insert(name.to_string(), record);
                }
            }
        }
        // Images first, one step each, before anything is stopped or
        // removed: a container is never down, or half made, for want of
        // its image (a pull or a build can take minutes).
        let mut images: Vec<&ContainerSpec> = Vec::new();
        for (_, spec) in container_levels(plan).into_iter().flatten() {
            if !images.iter().any(|s| s.image == spec.image) {
                images.push(spec);
            }
        }
        self.each(images, options.parallel, |spec| async move {
            self.acquire(spec, Force::Policy, progress).await.map(drop)
        })
        .await?;
        // Children before parents: containers, shims, networks, vlans;
        // volumes once no container holds them.
        for kind in [
            Kind::Container,
            Kind::Shim,
            Kind::Network,
            Kind::Vlan,
            Kind::Volume,
        ] {
            let batch: Vec<&Change> = plan
                .changes
                .iter()
                .filter(|c| c.kind == kind && c.action != Action::Create)
                .collect();
            self.each(batch, options.parallel, |change| {
                let step = progress.begin(Action::Remove, change.kind, &change.name, None);
                tracked(step, self.remove(change, options, journal))
            })
            .await?;
        }
        // Parents before children: vlans, networks, shims, volumes, containers.
        for kind in [Kind::Vlan, Kind::Network, Kind::Shim, Kind::Volume] {
            let batch: Vec<&Change> = plan
                .changes
                .iter()
                .filter(|c| c.kind == kind && c.action != Action::Remove)
                .collect();
            for wave in parents_first(batch) {
                self.each(wave, options.parallel, |change| {
                    let step = progress.begin(change.action, change.kind, &change.name, None);
                    tracked(step, self.create(change, &journal.undo))
                })
                .await?;
            }
        }
        for level in container_levels(plan) {
            self.each(level, options.parallel, |(change, spec)| async move {
                wait::wait_for_dependencies(
                    &self.engine,
                    progress,
                    &plan.specs,
                    spec,
                    options.wait_timeout,
                )
                .await?;
                let step = progress.begin(change.action, Kind::Container, &change.name, None);
                tracked(
                    step,
                    self.create_container(spec, &journal.undo, &journal.parked),
                )
                .await
            })
            .await?;
        }
        Ok(())
    }

    /// Runs `step` over `items`, `parallel` at a time; all of them run to
    /// the end (a half-done step is worse than a finished one), then the
    /// first failure is returned.
    async fn each<T, F, Fut>(&self, items: Vec<T>, parallel: usize, step: F) -> Result<()>
    where
        F: Fn(T) -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        let results: Vec<Result<()>> = futures::stream::iter(items)
            .map(step)
            .buffer_unordered(parallel.max(1))
            .collect()
            .await;
        results.into_iter().collect()
    }

    /// Removes what a change replaces or drops. With `park_removals`, so
    /// that a failed run can bring it back: a container is parked (stopped
    /// and renamed aside), a network's create request is kept. Links go
    /// for good, and so does everything in `down`.
    async fn remove(&self, change: &Change, options: Options, journal: &Journal) -> Result<()> {
        let object = format!("{} {}", change.kind.as_str(), change.name);
        let replaced = change.action == Action::Recreate;
        match &change.existing {
            Some(Existing::Container(container)) if options.park_removals || replaced => {
                // Recorded first: whatever step fails, a rollback knows to
                // start it again. Gone already: nothing to set aside.
                let Some(endpoints) = self
                    .engine
                    .endpoint_settings(&change.name, &container.id)
                    .await?
                else {
                    return Ok(());
                };
                let volumes = self.engine.volumes(&change.name, &container.id).await?;
                let declared_macs = match &change.desired {
                    Some(Desired::Container(spec)) => spec
                        .endpoints
                        .iter()
                        .filter(|e| e.mac.is_some())
                        .map(|e| e.network.clone())
                        .collect(),
                    _ => BTreeSet::new(),
                };
                let gateways = self.gateways_before_park(&change.name, container).await?;
                let index = {
                    let mut parked = journal.parked.lock().expect("not poisoned");
                    parked.push(Parked {
                        name: change.name.clone(),
                        id: container.id.clone(),
                        project: container.project().unwrap_or_default().to_string(),
                        docker_name: container.name.clone(),
                        running: container.running,
                        renamed: false,
                        replaced,
                        volumes,
                        endpoints,
                        declared_macs,
                        gateways,
                    });
                    parked.len() - 1
                };
                self.engine
                    .stop(&change.name, &container.id, options.stop_timeout)
                    .await?;
                let short: String = container.id.chars().take(12).collect();
                let aside = format!("{}-old-{short}", container.name);
                self.engine
                    .rename(&change.name, &container.id, &aside)
                    .await?;
                journal.parked.lock().expect("not poisoned")[index].renamed = true;
                Ok(())
            }
            Some(Existing::Container(container)) => {
                // Listed before the container goes.
                let volumes = if options.remove_volumes {
                    self.engine.volumes(&change.name, &container.id).await?
                } else {
                    Vec::new()
                };
                self.engine
                    .stop(&change.name, &container.id, options.stop_timeout)
                    .await?;
                self.remove_for_good(
                    container.project().unwrap_or_default(),
                    &change.name,
                    &container.id,
                    &volumes,
                    options.remove_volumes,
                )
                .await?;
                journal.removed.lock().expect("not poisoned").push(object);
                Ok(())
            }
            Some(Existing::Network(network)) => {
                let request = if options.park_removals || replaced {
                    match self
                        .engine
                        .network_request(&change.name, &network.id)
                        .await?
                    {
                        Some(request) => Some(request),
                        // Gone already: nothing to remove or restore.
                        None => return Ok(()),
                    }
                } else {
                    None
                };
                self.engine
                    .remove_network(&change.name, &network.id)
                    .await?;
                match request {
                    Some(request) => journal.dropped.lock().expect("not poisoned").push(Dropped {
                        name: change.name.clone(),
                        docker_name: network.name.clone(),
                        request,
                    }),
                    None => journal.removed.lock().expect("not poisoned").push(object),
                }
                Ok(())
            }
            Some(Existing::Link(link)) => {
                self.host.delete_link(&object, &link.name).await?;
                let record = journal
                    .records
                    .lock()
                    .expect("not poisoned")
                    .remove(&link.name);
                match record {
                    Some(record) => journal.unlinked.lock().expect("not poisoned").push(record),
                    None => journal.removed.lock().expect("not poisoned").push(object),
                }
                Ok(())
            }
            Some(Existing::Volume(volume)) => {
                self.engine.remove_volume(&object, &volume.name).await?;
                journal.removed.lock().expect("not poisoned").push(object);
                Ok(())
            }
            None => Ok(()),
        }
    }

    async fn create(&self, change: &Change, undo: &Mutex<Vec<Undo>>) -> Result<()> {
        let record = |entry: Undo| undo.lock().expect("not poisoned").push(entry);
        match &change.desired {
            Some(Desired::Vlan(spec)) => {
                self.host.create_vlan(spec).await?;
                record(Undo::Link {
                    object: format!("vlan {}", spec.name),
                    name: spec.name.clone(),
                });
            }
            Some(Desired::Shim(spec)) => {
                self.host.create_shim(spec).await?;
                record(Undo::Link {
                    object: format!("shim {}", spec.name),
                    name: spec.name.clone(),
                });
            }
            Some(Desired::Network(spec)) => {
                let id = self
                    .engine
                    .create_network(spec, &crate::plan::spec::config_hash(spec))
                    .await?;
                record(Undo::Network {
                    name: spec.name.clone(),
                    id,
                });
            }
            Some(Desired::Volume(spec)) => {
                self.engine.create_volume(spec).await?;
                record(Undo::Volume {
                    name: spec.name.clone(),
                    docker_name: spec.docker_name.clone(),
                });
            }
            Some(Desired::Container(_)) | None => {}
        }
        Ok(())
    }

    /// Create, connect, start, and on old engines the default route: the
    /// container is recorded for undo as soon as it exists, so a failure
    /// at start (where the engine reports address problems) removes it.
    async fn create_container(
        &self,
        spec: &ContainerSpec,
        undo: &Mutex<Vec<Undo>>,
        parked: &Mutex<Vec<Parked>>,
    ) -> Result<()> {
        // As Compose does, a bind source that is not there is made empty
        // (plan warns of it); the engine's mount API would refuse it.
        for mount in &spec.options.mounts {
            if let (MountKind::Bind, Some(source)) = (&mount.kind, &mount.source) {
                let path = std::path::Path::new(source);
                if !path.exists() {
                    let object = format!("container {} (bind source {source})", spec.name);
                    let mut created = path.to_path_buf();
                    while let Some(parent) = created.parent().filter(|p| !p.exists()) {
                        created = parent.to_path_buf();
                    }
                    std::fs::create_dir_all(path).map_err(Error::io(&object, "create"))?;
                    undo.lock()
                        .expect("not poisoned")
                        .push(Undo::Directory(path.to_path_buf(), created));
                }
            }
        }
        let hash = crate::plan::spec::config_hash(spec);
        let volumes = parked
            .lock()
            .expect("not poisoned")
            .iter()
            .find(|old| old.replaced && old.docker_name == spec.docker_name)
            .map(|old| old.volumes.clone())
            .unwrap_or_default();
        let id = self.engine.create_container(spec, &hash, &volumes).await?;
        undo.lock().expect("not poisoned").push(Undo::Container {
            name: spec.name.clone(),
            id: id.clone(),
        });
        self.engine.connect_rest(spec, &id).await?;
        self.engine.start(spec, &id).await?;
        self.route_after_start(spec, &id).await
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
        let object = format!("container {}", spec.name);
        let (pid, endpoints) = self.engine.inspect(&spec.name, id).await?;
        let address = endpoints
            .get(&route.network)
            .and_then(|e| e.ip.or(e.ip6))
            .ok_or_else(|| {
                Error::io(&object, "set default route")(std::io::Error::other(format!(
                    "no address on network {}",
                    route.network
                )))
            })?;
        host::set_default_route(pid, &object, address, route.gateway4, route.gateway6).await
    }

    async fn rollback(&self, undo: Vec<Undo>, progress: &Progress) -> Vec<Error> {
        let mut errors = Vec::new();
        for entry in undo.into_iter().rev() {
            if let Undo::Directory(path, top) = &entry {
                let mut current = path.as_path();
                while std::fs::remove_dir(current).is_ok() && current != top {
                    let Some(parent) = current.parent() else {
                        break;
                    };
                    current = parent;
                }
                continue;
            }
            let (kind, name) = match &entry {
                Undo::Link { object, .. } => (
                    if object.starts_with("vlan") {
                        Kind::Vlan
                    } else {
                        Kind::Shim
                    },
                    object
                        .split_once(' ')
                        .map_or(object.as_str(), |(_, n)| n)
                        .to_string(),
                ),
                Undo::Network { name, .. } => (Kind::Network, name.clone()),
                Undo::Container { name, .. } => (Kind::Container, name.clone()),
                Undo::Volume { name, .. } => (Kind::Volume, name.clone()),
                Undo::Directory(..) => unreachable!("handled above"),
            };
            let step = progress.begin(Action::Remove, kind, &name, Some("undoing"));
            let result = match &entry {
                Undo::Link { object, name } => self.host.delete_link(object, name).await,
                Undo::Network { name, id } => self.engine.remove_network(name, id).await,
                Undo::Container { name, id } => self.engine.remove_container(name, id, false).await,
                Undo::Volume { name, docker_name } => {
                    self.engine
                        .remove_volume(&format!("volume {name}"), docker_name)
                        .await
                }
                Undo::Directory(..) => unreachable!("handled above"),
            };
            match result {
                Ok(()) => step.done(),
                Err(error) => {
                    step.failed(&error);
                    errors.push(error);
                }
            }
        }
        errors
    }

    /// Observes again: the host must now match the plan exactly.
    async fn verify(&self, plan: &Plan) -> Result<()> {
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

/// Runs one step, showing it start and end.
/// A run applied but not finished (see `Runtime::apply_pending`).
pub struct Pending<'r> {
    runtime: &'r Runtime,
    plan: &'r Plan,
    options: Options,
    progress: &'r Progress,
    journal: Journal,
}

impl Pending<'_> {
    /// Removes what the run replaced, then verifies the host.
    pub async fn commit(self) -> Result<()> {
        let Pending {
            runtime,
            plan,
            options,
            progress,
            journal,
        } = self;
        // The new containers run: the old ones can go, each on its own.
        let mut errors = Vec::new();
        for old in journal.parked.into_inner().expect("not poisoned") {
            let step = progress.begin(
                Action::Remove,
                Kind::Container,
                &old.name,
                Some(if old.replaced {
                    "removing the old"
                } else {
                    "removing"
                }),
            );
            if let Err(error) = tracked(step, runtime.discard(&old, options)).await {
                errors.push(error);
            }
        }
        if !errors.is_empty() {
            return Err(Error::Several(errors));
        }
        runtime.verify(plan).await
    }

    /// Undoes the run, which succeeded here, because of `cause` elsewhere.
    pub async fn abort(self, cause: Error) -> Error {
        self.undo(cause).await
    }

    async fn undo(self, cause: Error) -> Error {
        let Pending {
            runtime,
            options,
            progress,
            journal,
            ..
        } = self;
        let Journal {
            undo,
            parked,
            dropped,
            unlinked,
            removed,
            ..
        } = journal;
        let removed = removed.into_inner().expect("not poisoned");
        if options.keep_on_failure {
            return Error::Failed {
                cause: Box::new(cause),
                undo: Vec::new(),
                removed,
                kept: true,
            };
        }
        // This run's creations go first: a restored network's subnet
        // would overlap its successor's.
        let mut errors = runtime
            .rollback(undo.into_inner().expect("not poisoned"), progress)
            .await;
        let (lost, failed) = runtime
            .relink(unlinked.into_inner().expect("not poisoned"), progress)
            .await;
        errors.extend(failed);
        let (restored, failed) = runtime
            .restore(dropped.into_inner().expect("not poisoned"), &lost, progress)
            .await;
        errors.extend(failed);
        errors.extend(
            runtime
                .unpark(
                    parked.into_inner().expect("not poisoned"),
                    &restored,
                    progress,
                )
                .await,
        );
        Error::Failed {
            cause: Box::new(cause),
            undo: errors,
            removed,
            kept: false,
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

/// Links in waves: a vlan on another of the plan's vlans waits for it.
fn parents_first(mut batch: Vec<&Change>) -> Vec<Vec<&Change>> {
    let parent = |change: &Change| match &change.desired {
        Some(Desired::Vlan(spec)) => Some(spec.parent.clone()),
        _ => None,
    };
    let mut waves = Vec::new();
    while !batch.is_empty() {
        let names: Vec<String> = batch.iter().map(|c| c.name.clone()).collect();
        let (ready, waiting): (Vec<&Change>, Vec<&Change>) = batch
            .into_iter()
            .partition(|c| parent(c).is_none_or(|p| !names.contains(&p)));
        if ready.is_empty() {
            // A cycle the linter would have refused; do not spin.
            waves.push(waiting);
            break;
        }
        waves.push(ready);
        batch = waiting;
    }
    waves
}

/// The containers to create, in waves: each after everything it depends
/// on that this plan also creates.
fn container_levels(plan: &Plan) -> Vec<Vec<(&Change, &ContainerSpec)>> {
    let creating: Vec<(&Change, &ContainerSpec)> = plan
        .changes
        .iter()
        .filter_map(|c| match &c.desired {
            Some(Desired::Container(spec)) => Some((c, spec)),
            _ => None,
        })
        .collect();
    // The plan lists them in start order, so one pass assigns levels.
    let mut level_of: HashMap<&str, usize> = HashMap::new();
    let mut levels: Vec<Vec<(&Change, &ContainerSpec)>> = Vec::new();
    for (change, spec) in creating {
        let level = spec
            .depends_on
            .iter()
            .filter_map(|d| level_of.get(d.as_str()))
            .map(|l| l + 1)
            .max()
            .unwrap_or(0);
        level_of.insert(&spec.name, level);
        if levels.len() <= level {
            levels.resize_with(level + 1, Vec::new);
        }
        levels[level].push((change, spec));
    }
    levels
}
