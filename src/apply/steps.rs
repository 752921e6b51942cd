//! Running a plan's steps: images first, then removals (children before
//! parents), then creations (parents before children), each journaled
//! before it is taken.

use super::journal::{Dropped, Journal, Parked, Undo};
use super::schedule::{container_levels, each, parents_first};
use super::{Force, Options, Progress, Runtime, interrupt, tracked, wait};
use crate::error::{Error, Object, Operation, Part, Result};
use crate::host::LinkRecord;
use crate::plan::options::MountKind;
use crate::plan::spec::ContainerSpec;
use crate::plan::{Action, Change, Desired, Existing, Kind, Plan};
use std::collections::BTreeSet;

impl Runtime {
    pub(super) async fn run(
        &self,
        plan: &Plan,
        options: &Options,
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
        // its image (a pull or a build can take minutes, so an interrupt
        // cuts it short: nothing depends on half an image).
        let mut images: Vec<&ContainerSpec> = Vec::new();
        for (_, spec) in container_levels(plan).into_iter().flatten() {
            if !images.iter().any(|s| s.image == spec.image) {
                images.push(spec);
            }
        }
        each(images, options.parallel, |spec| async move {
            tokio::select! {
                acquired = self.acquire(spec, Force::Policy, progress) => acquired.map(drop),
                interrupted = interrupt::interrupted() => Err(interrupted),
            }
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
            each(batch, options.parallel, |change| {
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
                each(wave, options.parallel, |change| {
                    let step = progress.begin(change.action, change.kind, &change.name, None);
                    tracked(step, self.create(change, journal))
                })
                .await?;
            }
        }
        for level in container_levels(plan) {
            each(level, options.parallel, |(change, spec)| async move {
                wait::wait_for_dependencies(
                    &self.engine,
                    progress,
                    &plan.specs,
                    spec,
                    options.wait_timeout,
                )
                .await?;
                let step = progress.begin(change.action, Kind::Container, &change.name, None);
                tracked(step, self.create_container(spec, journal)).await
            })
            .await?;
        }
        Ok(())
    }

    /// Removes what a change replaces or drops. With `park_removals`, so
    /// that a failed run can bring it back: a container is parked (stopped
    /// and renamed aside), a network's create request is kept. Links go
    /// for good, and so does everything in `down`.
    async fn remove(&self, change: &Change, options: &Options, journal: &Journal) -> Result<()> {
        let object = Object::of_kind(change.kind, &change.name);
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
                let index = journal.parking(Parked {
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
                    stop_timeout: options.stop_timeout,
                    stop_first: false,
                })?;
                self.engine
                    .stop(&change.name, &container.id, options.stop_timeout)
                    .await?;
                self.engine
                    .rename(&change.name, &container.id, &Parked::aside(container))
                    .await?;
                journal.renamed(index);
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
                journal.removed(object.to_string())
            }
            Some(Existing::Network(network)) => {
                if !(options.park_removals || replaced) {
                    self.engine
                        .remove_network(&change.name, &network.id)
                        .await?;
                    return journal.removed(object.to_string());
                }
                let Some(request) = self
                    .engine
                    .network_request(&change.name, &network.id)
                    .await?
                else {
                    // Gone already: nothing to remove or restore.
                    return Ok(());
                };
                let dropped = Dropped {
                    name: change.name.clone(),
                    docker_name: network.name.clone(),
                    request,
                };
                journal.dropping(&network.id, &dropped)?;
                self.engine
                    .remove_network(&change.name, &network.id)
                    .await?;
                journal.dropped(dropped);
                Ok(())
            }
            Some(Existing::Link(link)) => {
                let record = journal.unlinking(&link.name)?;
                self.host.delete_link(&object, &link.name).await?;
                match record {
                    Some(record) => {
                        journal.unlinked(record);
                        Ok(())
                    }
                    None => journal.removed(object.to_string()),
                }
            }
            Some(Existing::Volume(volume)) => {
                self.engine.remove_volume(&object, &volume.name).await?;
                journal.removed(object.to_string())
            }
            None => Ok(()),
        }
    }

    async fn create(&self, change: &Change, journal: &Journal) -> Result<()> {
        match &change.desired {
            Some(Desired::Vlan(spec)) => {
                journal.creating(Kind::Vlan, &spec.name, &spec.name)?;
                self.host.create_vlan(spec).await?;
                journal.created(Undo::Link {
                    kind: Kind::Vlan,
                    name: spec.name.clone(),
                })?;
            }
            Some(Desired::Shim(spec)) => {
                journal.creating(Kind::Shim, &spec.name, &spec.name)?;
                self.host.create_shim(spec).await?;
                journal.created(Undo::Link {
                    kind: Kind::Shim,
                    name: spec.name.clone(),
                })?;
            }
            Some(Desired::Network(spec)) => {
                journal.creating(Kind::Network, &spec.name, &spec.docker_name)?;
                let id = self
                    .engine
                    .create_network(spec, &crate::plan::spec::config_hash(spec))
                    .await?;
                journal.created(Undo::Network {
                    name: spec.name.clone(),
                    id,
                })?;
            }
            Some(Desired::Volume(spec)) => {
                journal.creating(Kind::Volume, &spec.name, &spec.docker_name)?;
                self.engine.create_volume(spec).await?;
                journal.created(Undo::Volume {
                    name: spec.name.clone(),
                    docker_name: spec.docker_name.clone(),
                })?;
            }
            Some(Desired::Container(_)) | None => {}
        }
        Ok(())
    }

    /// Create, connect, start, and on old engines the default route: the
    /// container is recorded for undo as soon as it exists, so a failure
    /// at start (where the engine reports address problems) removes it.
    async fn create_container(&self, spec: &ContainerSpec, journal: &Journal) -> Result<()> {
        // As Compose does, a bind source that is not there is made empty
        // (plan warns of it); the engine's mount API would refuse it.
        for mount in &spec.options.mounts {
            if let (MountKind::Bind, Some(source)) = (&mount.kind, &mount.source) {
                let path = std::path::Path::new(source);
                if !path.exists() {
                    let object =
                        Object::of_container(&spec.name, Part::BindSource(source.to_string()));
                    let mut created = path.to_path_buf();
                    while let Some(parent) = created.parent().filter(|p| !p.exists()) {
                        created = parent.to_path_buf();
                    }
                    // Journaled before: its undo removes only what is
                    // there and empty.
                    journal.created(Undo::Directory(path.to_path_buf(), created))?;
                    std::fs::create_dir_all(path).map_err(Error::io(&object, Operation::Create))?;
                }
            }
        }
        let hash = crate::plan::spec::config_hash(spec);
        let volumes = journal.inherited_volumes(&spec.docker_name);
        journal.creating(Kind::Container, &spec.name, &spec.docker_name)?;
        let id = self.engine.create_container(spec, &hash, &volumes).await?;
        journal.created(Undo::Container {
            name: spec.name.clone(),
            id: id.clone(),
        })?;
        self.engine.connect_rest(spec, &id).await?;
        self.engine.start(spec, &id).await?;
        self.route_after_start(spec, &id).await
    }

    /// Removes a parked container for good; one that no successor
    /// replaces takes its volumes along if asked (`down --volumes`).
    pub(super) async fn discard(&self, old: &Parked, remove_volumes: bool) -> Result<()> {
        let with_volumes = remove_volumes && !old.replaced;
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
                    self.engine
                        .remove_volume(
                            &Object::of_container(name, Part::Volume(volume.clone())),
                            volume,
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }
}

impl Parked {
    /// The name a parked container is renamed to.
    pub(super) fn aside(container: &crate::observed::DockerContainer) -> String {
        let short: String = container.id.chars().take(12).collect();
        format!("{}-old-{short}", container.name)
    }

    /// What a journal without `stop_timeout` meant: the default `--timeout`.
    pub(super) fn default_stop_timeout() -> u32 {
        super::Options::default().stop_timeout
    }
}
