//! What is on the host, as observed once before planning: the engine, the
//! Docker networks and containers, the host's links. Plain data, so the
//! planner can be tested with fixtures.

use crate::engine::EngineInfo;
use ipnetwork::IpNetwork;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// The labels macrame puts on every Docker object it creates.
pub mod labels {
    pub const PROJECT: &str = "io.macrame.project";
    pub const RESOURCE: &str = "io.macrame.resource";
    pub const CONFIG_HASH: &str = "io.macrame.config-hash";

    /// Whether a label is one of macrame's own marks (not the user's).
    pub fn is_own(key: &str) -> bool {
        [PROJECT, RESOURCE, CONFIG_HASH].contains(&key)
    }
}

/// The interface alias that marks a link as macrame's:
/// `macrame:<project>:<kind>:<name>`.
pub fn link_mark(project: &str, kind: &str, name: &str) -> String {
    format!("macrame:{project}:{kind}:{name}")
}

/// The kind and name a mark says, if it is this project's.
pub fn parse_link_mark<'a>(alias: &'a str, project: &str) -> Option<(&'a str, &'a str)> {
    let rest = alias
        .strip_prefix("macrame:")?
        .strip_prefix(project)?
        .strip_prefix(':')?;
    rest.split_once(':')
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Observed {
    pub engine: Option<EngineInfo>,
    pub links: Vec<HostLink>,
    pub routes: Vec<HostRoute>,
    pub networks: Vec<DockerNetwork>,
    pub containers: Vec<DockerContainer>,
    /// Images, by reference as written in the file: present locally, or
    /// pullable (the registry knows them), or neither (with the reason).
    pub images: BTreeMap<String, ImageState>,
    /// Whether the kernel can make 802.1q links (8021q loaded or loadable).
    pub vlan_support: bool,
    /// On engines that cannot choose a default route (before API 1.48):
    /// the default gateways inside the running containers that have a
    /// `gateway` line, by container name. The engine puts its own choice
    /// back whenever it restarts one.
    pub default_gateways: BTreeMap<String, Vec<IpAddr>>,
    /// Host paths the file bind-mounts that do not exist (apply makes
    /// them empty, as Compose does; plan warns).
    #[serde(default)]
    pub missing_paths: std::collections::BTreeSet<String>,
    /// Every volume on the engine.
    #[serde(default)]
    pub volumes: Vec<DockerVolume>,
    /// The host's address the command's session runs over (the server
    /// side of `SSH_CONNECTION`).
    pub session_address: Option<IpAddr>,
    /// The host runs under a hypervisor (its CPU says so).
    pub hypervisor: bool,
    /// The engine is on another machine (a node reached over tcp:// or
    /// ssh://): its host's links are not known.
    #[serde(default)]
    pub host_unseen: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageState {
    Present,
    Pullable,
    Unavailable(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HostLink {
    pub index: u32,
    pub name: String,
    /// `vlan`, `macvlan`, `veth`, `bridge`, ... (none for plain NICs).
    pub kind: Option<String>,
    pub up: bool,
    /// Enslaved to a bridge or bond.
    pub master: Option<u32>,
    /// The lower link of a vlan or macvlan.
    pub parent: Option<u32>,
    pub alias: Option<String>,
    pub vlan_id: Option<u16>,
    pub macvlan_mode: Option<String>,
    /// `l2`, `l3` or `l3s`, for an ipvlan.
    #[serde(default)]
    pub ipvlan_mode: Option<String>,
    pub mtu: Option<u32>,
    pub wireless: bool,
    pub addresses: Vec<IpNetwork>,
    /// The kernel driver of a NIC (`virtio_net`, `e1000e`, ...).
    #[serde(default)]
    pub driver: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostRoute {
    pub destination: IpNetwork,
    pub interface: u32,
    /// Installed by the kernel itself (an address's connected prefix, a
    /// link-local route), not by anyone's request.
    #[serde(default)]
    pub kernel: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerNetwork {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub labels: BTreeMap<String, String>,
    pub options: BTreeMap<String, String>,
    pub subnets: Vec<String>,
    /// IPAM auxiliary addresses, key → address, over all subnets.
    pub reserved: BTreeMap<String, String>,
    pub internal: bool,
    /// Containers attached now, by name.
    pub containers: Vec<String>,
}

/// A Docker volume: the project's (by label), or one the file declares
/// external.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerVolume {
    pub name: String,
    pub driver: String,
    pub labels: BTreeMap<String, String>,
}

impl DockerVolume {
    pub fn project(&self) -> Option<&str> {
        self.labels.get(labels::PROJECT).map(String::as_str)
    }

    /// Its name in the file.
    pub fn file_name(&self) -> String {
        resource_name(&self.labels, &self.name)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerContainer {
    pub id: String,
    /// Without Docker's leading `/`.
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub running: bool,
    /// `running`, `exited`, `created`, ...
    pub state: String,
    /// Exited with status 0: done, for one that others wait to complete.
    pub exited_ok: bool,
    /// Docker network name → its addresses there.
    pub endpoints: BTreeMap<String, Endpoint>,
    pub image: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Endpoint {
    pub ip: Option<IpAddr>,
    pub ip6: Option<IpAddr>,
    pub mac: Option<String>,
}

/// An object's name in the file, from its `io.macrame.resource` label
/// (`network:lan` → `lan`), else `fallback`.
fn resource_name(labels_: &BTreeMap<String, String>, fallback: &str) -> String {
    labels_
        .get(labels::RESOURCE)
        .and_then(|r| r.split_once(':'))
        .map_or_else(|| fallback.to_string(), |(_, name)| name.to_string())
}

impl DockerNetwork {
    pub fn project(&self) -> Option<&str> {
        self.labels.get(labels::PROJECT).map(String::as_str)
    }

    /// Its name in the file.
    pub fn file_name(&self) -> String {
        resource_name(&self.labels, &self.name)
    }
}

impl DockerContainer {
    pub fn project(&self) -> Option<&str> {
        self.labels.get(labels::PROJECT).map(String::as_str)
    }

    /// Its name in the file.
    pub fn file_name(&self) -> String {
        resource_name(&self.labels, &self.name)
    }
}

impl Observed {
    pub fn link(&self, name: &str) -> Option<&HostLink> {
        self.links.iter().find(|link| link.name == name)
    }

    pub fn link_by_index(&self, index: u32) -> Option<&HostLink> {
        self.links.iter().find(|link| link.index == index)
    }

    /// The link's mark, if it is `project`'s: (kind, name).
    pub fn owned_links<'a>(
        &'a self,
        project: &'a str,
    ) -> impl Iterator<Item = (&'a HostLink, &'a str)> + 'a {
        self.links.iter().filter_map(move |link| {
            let (kind, _) = parse_link_mark(link.alias.as_deref()?, project)?;
            Some((link, kind))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks() {
        let mark = link_mark("lab", "vlan", "eth0.50");
        assert_eq!(mark, "macrame:lab:vlan:eth0.50");
        assert_eq!(parse_link_mark(&mark, "lab"), Some(("vlan", "eth0.50")));
        assert_eq!(parse_link_mark(&mark, "la"), None);
        assert_eq!(parse_link_mark("something else", "lab"), None);
    }
}
