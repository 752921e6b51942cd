//! The snapshot `up` keeps of a project's host side: the resolved vlans and
//! shims, and what the containers need once Docker has started. Boot
//! restores from it, not from the user's file, which may have moved or
//! changed since (a changed file takes effect at the next `up`, as with
//! Docker itself).

use crate::error::{Error, Object, Operation, Result};
use crate::plan::spec::{RouteSpec, ShimSpec, Specs, VlanSpec};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// Bumped only when an older macrame could not read the new layout.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub project: String,
    /// In creation order: a vlan's parent before it.
    pub vlans: Vec<VlanSpec>,
    pub shims: Vec<ShimSpec>,
    /// In start order.
    pub containers: Vec<ContainerState>,
    /// Every file persistence installed besides this one (units, their
    /// enabling links, networkd files): what `down` removes, and only it.
    #[serde(default)]
    pub files: Vec<PathBuf>,
    /// `false` after `up --no-persist`: nothing restores it.
    #[serde(default = "persistent")]
    pub persistent: bool,
    /// The units' folder, when `up` was given one: the next `up` writes
    /// there too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemd_dir: Option<PathBuf>,
    /// `networkd` after `up --persist networkd`; absent for the units
    /// (as every snapshot before networkd was written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<super::Mode>,
    /// networkd's folder, when `up` was given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_dir: Option<PathBuf>,
}

fn persistent() -> bool {
    true
}

/// What a container must be after boot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerState {
    /// The name in the file.
    pub name: String,
    pub docker_name: String,
    /// Docker's restart policy: `no`, `always`, `unless-stopped`,
    /// `on-failure[:N]`.
    pub restart: String,
    /// Docker network name → the fixed addresses the file gives there.
    pub addresses: Vec<(String, IpAddr)>,
    /// Set by macrame inside the container after each start (engines
    /// before API 1.48 put back their own choice then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_route: Option<RouteSpec>,
}

impl Snapshot {
    /// The snapshot of a plan's specs; `route_in_namespace` tells which
    /// containers macrame routes itself on this engine.
    pub fn of(specs: &Specs, route_in_namespace: impl Fn(&str) -> bool) -> Snapshot {
        let containers = crate::plan::start_order(&specs.containers)
            .into_iter()
            .map(|spec| ContainerState {
                name: spec.name.clone(),
                docker_name: spec.docker_name.clone(),
                restart: spec.restart.to_string(),
                addresses: spec
                    .endpoints
                    .iter()
                    .flat_map(|e| {
                        let v4 = e.ip.map(IpAddr::V4);
                        let v6 = e.ip6.map(IpAddr::V6);
                        [v4, v6]
                            .into_iter()
                            .flatten()
                            .map(|ip| (e.network.clone(), ip))
                    })
                    .collect(),
                default_route: spec
                    .default_route
                    .clone()
                    .filter(|_| route_in_namespace(&spec.name)),
            })
            .collect();
        Snapshot {
            version: VERSION,
            project: specs.project.clone(),
            vlans: vlans_in_order(&specs.vlans),
            shims: specs.shims.clone(),
            containers,
            files: Vec::new(),
            persistent: true,
            systemd_dir: None,
            mode: None,
            network_dir: None,
        }
    }

    /// The interfaces the project's links hang from that the project does
    /// not make: the NICs (or links of someone else's) that must exist
    /// before the host side can be restored.
    pub fn parents(&self) -> Vec<String> {
        let own = |name: &str| self.vlans.iter().any(|v| v.name == name);
        let mut parents: Vec<String> = self
            .vlans
            .iter()
            .map(|v| &v.parent)
            .chain(self.shims.iter().map(|s| &s.parent))
            .filter(|p| !own(p))
            .cloned()
            .collect();
        parents.sort();
        parents.dedup();
        parents
    }

    pub fn path(state_dir: &Path, project: &str) -> PathBuf {
        state_dir.join(format!("{project}.json"))
    }

    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a snapshot serialises");
        json.push('\n');
        json
    }

    /// The project's snapshot in `state_dir`, `None` when it has none.
    pub fn load(state_dir: &Path, project: &str) -> Result<Option<Snapshot>> {
        let path = Snapshot::path(state_dir, project);
        let object = Object::Snapshot(path.to_path_buf());
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(Error::io(object, Operation::Read)(error)),
        };
        let snapshot: Snapshot = serde_json::from_str(&text).map_err(|error| {
            Error::cannot(&object, Operation::Read, format!(
                "{error}; it was not written by this macrame: remove it, then run `macrame up` again"
            ))
        })?;
        if snapshot.version > VERSION || snapshot.project != project {
            return Err(Error::cannot(
                object,
                Operation::Read,
                format!(
                    "it is version {} of project `{}`, and this macrame reads version {VERSION} of `{project}`",
                    snapshot.version, snapshot.project
                ),
            ));
        }
        Ok(Some(snapshot))
    }
}

/// Vlans whose parent is another of the file's vlans come after it.
fn vlans_in_order(vlans: &[VlanSpec]) -> Vec<VlanSpec> {
    let mut pending: Vec<VlanSpec> = vlans.to_vec();
    let mut out: Vec<VlanSpec> = Vec::with_capacity(vlans.len());
    while !pending.is_empty() {
        let ready = |v: &VlanSpec| {
            !pending.iter().any(|p| p.name == v.parent) || out.iter().any(|o| o.name == v.parent)
        };
        let Some(index) = pending.iter().position(ready) else {
            // A cycle cannot lint clean; keep the rest as they are.
            out.append(&mut pending);
            break;
        };
        out.push(pending.remove(index));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vlan(name: &str, parent: &str) -> VlanSpec {
        VlanSpec {
            name: name.into(),
            parent: parent.into(),
            id: 10,
            mtu: None,
            mark: format!("macrame:p:vlan:{name}"),
        }
    }

    #[test]
    fn a_vlans_parent_comes_first_and_only_foreign_parents_are_waited_for() {
        let specs = Specs {
            project: "p".into(),
            vlans: vec![vlan("a.20", "a"), vlan("a", "nic0"), vlan("b", "nic1")],
            ..Specs::default()
        };
        let snapshot = Snapshot::of(&specs, |_| false);
        let names: Vec<_> = snapshot.vlans.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["a", "a.20", "b"]);
        assert_eq!(snapshot.parents(), ["nic0", "nic1"]);
    }

    #[test]
    fn a_snapshot_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let specs = Specs {
            project: "p".into(),
            vlans: vec![vlan("nic0.10", "nic0")],
            ..Specs::default()
        };
        let snapshot = Snapshot::of(&specs, |_| false);
        std::fs::write(Snapshot::path(dir.path(), "p"), snapshot.to_json()).unwrap();
        assert_eq!(Snapshot::load(dir.path(), "p").unwrap(), Some(snapshot));
        assert_eq!(Snapshot::load(dir.path(), "q").unwrap(), None);
        std::fs::write(Snapshot::path(dir.path(), "q"), "{}").unwrap();
        let error = Snapshot::load(dir.path(), "q").unwrap_err().to_string();
        assert!(error.contains("remove it"), "{error}");
    }
}
