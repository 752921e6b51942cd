//! Undoing a run: its creations removed, last first; the links and
//! networks it removed made again; the containers it parked given their
//! names back and started. The same whether the run failed here, another
//! node failed, or the run was killed and the next one found its journal.

use super::journal::{Dropped, Journal, Parked, Record, Undo, fault};
use super::{Options, Progress, Runtime, tracked};
use crate::error::{Error, Object, Operation, Result};
use crate::host::{self, LinkRecord};
use crate::plan::{Action, Kind, Plan};
use std::collections::BTreeSet;
use std::net::IpAddr;

impl Runtime {
    /// Undoes everything `journal` holds; returns the failures, and what
    /// the run removed for good (not to be had back).
    pub(super) async fn undo(&self, journal: &Journal, progress: &Progress) -> Vec<Error> {
        fn take<T>(all: &std::sync::Mutex<Vec<T>>) -> Vec<T> {
            std::mem::take(&mut *all.lock().expect("not poisoned"))
        }
        // This run's creations go first: a restored network's subnet
        // would overlap its successor's.
        let mut errors = self.rollback(take(&journal.undo), progress).await;
        let (lost, failed) = self.relink(take(&journal.unlinked), progress).await;
        errors.extend(failed);
        let (mut restored, failed) = self.restore(take(&journal.dropped), &lost, progress).await;
        errors.extend(failed);
        restored.extend(std::mem::take(
            &mut *journal.restored.lock().expect("not poisoned"),
        ));
        errors.extend(
            self.unpark(take(&journal.parked), &restored, progress)
                .await,
        );
        errors
    }

    /// Past the point of no return: the parked containers go, each on its
    /// own; returns the failures.
    pub(super) async fn discard_parked(
        &self,
        parked: Vec<Parked>,
        remove_volumes: bool,
        progress: &Progress,
    ) -> Vec<Error> {
        let mut errors = Vec::new();
        for old in parked {
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
            if let Err(error) = tracked(step, self.discard(&old, remove_volumes)).await {
                errors.push(error);
            }
        }
        errors
    }

    async fn rollback(&self, undo: Vec<Undo>, progress: &Progress) -> Vec<Error> {
        let mut errors = Vec::new();
        for entry in undo.into_iter().rev() {
            let (kind, name) = match &entry {
                Undo::Directory(path, top) => {
                    let mut current = path.as_path();
                    while std::fs::remove_dir(current).is_ok() && current != top {
                        let Some(parent) = current.parent() else {
                            break;
                        };
                        current = parent;
                    }
                    continue;
                }
                Undo::Link { kind, name } => (*kind, name),
                Undo::Network { name, .. } => (Kind::Network, name),
                Undo::Container { name, .. } => (Kind::Container, name),
                Undo::Volume { name, .. } => (Kind::Volume, name),
            };
            let step = progress.begin(Action::Remove, kind, name, Some("undoing"));
            let object = Object::of_kind(kind, name);
            let result = match &entry {
                Undo::Link { name, .. } => self.host.delete_link(&object, name).await,
                Undo::Network { name, id } => self.engine.remove_network(name, id).await,
                Undo::Container { name, id } => self.engine.remove_container(name, id, false).await,
                Undo::Volume { docker_name, .. } => {
                    self.engine.remove_volume(&object, docker_name).await
                }
                Undo::Directory(..) => Ok(()),
            };
            if let Err(error) = tracked(step, async { result }).await {
                errors.push(error);
            }
            fault::point();
        }
        errors
    }

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
            fault::point();
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
                errors.push(Error::cannot(
                    Object::network(&network.name),
                    Operation::Restore,
                    format!("its parent vlan {parent} was removed"),
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
            fault::point();
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
            // Stopped, and a stop still under way waited for, before it
            // moves networks and starts: else it would run on, or stop
            // after its start.
            if old.stop_first
                && let Err(error) = self.engine.stop(&old.name, &old.id, old.stop_timeout).await
            {
                errors.push(error);
                continue;
            }
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
                // By what the engine says now: a rename still under way,
                // sent by a run that was killed, may land after a listing.
                self.engine
                    .rename_back(&old.name, &old.id, &old.docker_name)
                    .await?;
                if old.running {
                    self.engine.start_by_id(&old.name, &old.id).await?;
                }
                Ok(())
            };
            let restarted = tracked(step, restarted).await;
            fault::point();
            if let Err(error) = restarted {
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
    pub(super) async fn gateways_before_park(
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
        let object = Object::container(&old.name);
        host::set_default_route(pid, &object, address, gateway4, gateway6).await
    }

    /// A container put back on a restored network runs with the MAC the
    /// engine gives it there on engines from API 1.44 to 1.53 (connect
    /// ignores one): where the file gives it a MAC, that is not an exact
    /// undo, so it is said, with the way out. (The engine does not tell a
    /// MAC it was given from one it made up: others go unremarked.)
    async fn lost_macs(&self, old: &Parked, restored: &BTreeSet<String>) -> Vec<Error> {
        let object = Object::container(&old.name);
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
                    Error::cannot(&object, Operation::RestoreMac, format!(
                        "back on network {network} with MAC {after}, not {before}: engine API {}.{} sets no MAC on connect (1.54 does); `macrame up` recreates it",
                        self.engine.info.api.0, self.engine.info.api.1
                    ))
                })
            })
            .collect()
    }
}

/// A run applied but not finished (see `Runtime::apply_pending`).
pub struct Pending<'r> {
    pub(super) runtime: &'r Runtime,
    pub(super) plan: &'r Plan,
    pub(super) options: Options,
    pub(super) progress: &'r Progress,
    pub(super) journal: Journal,
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
        // The new containers run: the old ones can go.
        journal.write(&Record::Commit)?;
        let parked = std::mem::take(&mut *journal.parked.lock().expect("not poisoned"));
        let errors = runtime
            .discard_parked(parked, options.remove_volumes, progress)
            .await;
        if !errors.is_empty() {
            // Kept: the next run removes what is left of them.
            return Err(Error::Several(errors));
        }
        journal.close();
        runtime.verify(plan).await
    }

    /// Undoes the run, which succeeded here, because of `cause` elsewhere.
    pub async fn abort(self, cause: Error) -> Error {
        self.undo(cause).await
    }

    pub(super) async fn undo(self, cause: Error) -> Error {
        let Pending {
            runtime,
            options,
            progress,
            journal,
            ..
        } = self;
        let removed = journal.removed.lock().expect("not poisoned").clone();
        if options.keep_on_failure {
            // The journal stays too: the next run undoes what was kept.
            return Error::Failed {
                cause: Box::new(cause),
                undo: Vec::new(),
                removed,
                kept: true,
            };
        }
        // Best effort: without it, the next run looks for the failed
        // creation by name, as it would after a crash mid-step.
        let _ = journal.write(&Record::Undoing);
        let errors = runtime.undo(&journal, progress).await;
        if errors.is_empty() {
            journal.close();
        }
        Error::Failed {
            cause: Box::new(cause),
            undo: errors,
            removed,
            kept: false,
        }
    }
}
