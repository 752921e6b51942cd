//! A link macrame made, as it is now: what recreates it when a failed run
//! had removed it. The kernel keeps nothing of a deleted link, so the
//! record is taken from the host before the run deletes anything.

use super::Host;
use crate::error::Result;
use crate::observed::{HostLink, HostRoute};
use crate::plan::spec::{ShimSpec, VlanSpec};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkRecord {
    /// Its parent, id, MTU and mark.
    Vlan(VlanSpec),
    /// Its parent, address, routes and mark.
    Shim(ShimSpec),
}

impl LinkRecord {
    /// The record of the link named `name` among `links`, with its routes
    /// from `routes`; `None` for a link that is not a marked vlan or shim.
    pub fn of(links: &[HostLink], routes: &[HostRoute], name: &str) -> Option<LinkRecord> {
        let link = links.iter().find(|l| l.name == name)?;
        let parent = links
            .iter()
            .find(|l| Some(l.index) == link.parent)?
            .name
            .clone();
        let mark = link.alias.clone()?;
        match link.kind.as_deref()? {
            "vlan" => Some(LinkRecord::Vlan(VlanSpec {
                name: name.to_string(),
                parent,
                id: link.vlan_id?,
                mtu: link.mtu,
                mark,
            })),
            "macvlan" | "ipvlan" => {
                // The kernel's own fe80:: address comes back by itself.
                let address = *link.addresses.iter().find(|a| match a {
                    ipnetwork::IpNetwork::V6(v6) => !v6.ip().is_unicast_link_local(),
                    ipnetwork::IpNetwork::V4(_) => true,
                })?;
                let routes = routes
                    .iter()
                    .filter(|r| r.interface == link.index && !r.kernel)
                    .map(|r| r.destination)
                    .collect();
                Some(LinkRecord::Shim(ShimSpec {
                    name: name.to_string(),
                    network: String::new(),
                    ipvlan_mode: link.ipvlan_mode.clone(),
                    parent,
                    address,
                    routes,
                    mark,
                }))
            }
            _ => None,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            LinkRecord::Vlan(spec) => &spec.name,
            LinkRecord::Shim(spec) => &spec.name,
        }
    }

    fn parent(&self) -> &str {
        match self {
            LinkRecord::Vlan(spec) => &spec.parent,
            LinkRecord::Shim(spec) => &spec.parent,
        }
    }

    /// `records` ordered so that each comes after the record of the link
    /// it sits on, if there is one; otherwise in their order.
    pub fn parents_first(mut records: Vec<LinkRecord>) -> Vec<LinkRecord> {
        let mut ordered = Vec::with_capacity(records.len());
        while !records.is_empty() {
            let ready = records
                .iter()
                .position(|r| !records.iter().any(|p| p.name() == r.parent()))
                // A cycle cannot come from the kernel; take the rest as is.
                .unwrap_or(0);
            ordered.push(records.remove(ready));
        }
        ordered
    }
}

impl Host {
    /// Recreates a link as its record says.
    pub async fn restore_link(&self, record: &LinkRecord) -> Result<()> {
        match record {
            LinkRecord::Vlan(spec) => self.create_vlan(spec).await,
            LinkRecord::Shim(spec) => self.create_shim(spec).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(index: u32, name: &str) -> HostLink {
        HostLink {
            index,
            name: name.to_string(),
            up: true,
            ..HostLink::default()
        }
    }

    #[test]
    fn records_of_a_vlan_and_a_shim() {
        let nic = link(2, "eth1");
        let vlan = HostLink {
            kind: Some("vlan".into()),
            parent: Some(2),
            vlan_id: Some(10),
            mtu: Some(1400),
            alias: Some("macrame:lab:vlan:eth1.10".into()),
            ..link(3, "eth1.10")
        };
        let shim = HostLink {
            kind: Some("macvlan".into()),
            parent: Some(3),
            alias: Some("macrame:lab:shim:s0".into()),
            addresses: vec![
                "fe80::1/64".parse().unwrap(),
                "10.1.0.250/32".parse().unwrap(),
            ],
            ..link(4, "s0")
        };
        let links = [nic, vlan, shim];
        let routes = [
            HostRoute {
                destination: "10.1.0.0/28".parse().unwrap(),
                interface: 4,
                kernel: false,
            },
            HostRoute {
                destination: "fe80::/64".parse().unwrap(),
                interface: 4,
                kernel: true,
            },
        ];
        assert_eq!(
            LinkRecord::of(&links, &routes, "eth1.10"),
            Some(LinkRecord::Vlan(VlanSpec {
                name: "eth1.10".into(),
                parent: "eth1".into(),
                id: 10,
                mtu: Some(1400),
                mark: "macrame:lab:vlan:eth1.10".into(),
            }))
        );
        let Some(LinkRecord::Shim(spec)) = LinkRecord::of(&links, &routes, "s0") else {
            panic!("no shim record");
        };
        assert_eq!(
            (
                spec.parent.as_str(),
                spec.address.to_string(),
                spec.routes.len()
            ),
            ("eth1.10", "10.1.0.250/32".to_string(), 1)
        );
        // Not the project's (no mark), or not there: nothing to restore.
        assert_eq!(LinkRecord::of(&links, &routes, "eth1"), None);
        assert_eq!(LinkRecord::of(&links, &routes, "gone"), None);
    }

    #[test]
    fn parents_come_first() {
        let vlan = |name: &str, parent: &str| {
            LinkRecord::Vlan(VlanSpec {
                name: name.into(),
                parent: parent.into(),
                id: 1,
                mtu: None,
                mark: String::new(),
            })
        };
        // As removed: a stacked vlan after the vlan it sat on, a shim
        // first; restored: each after its parent.
        let records = vec![
            vlan("s0", "eth1.10.20"),
            vlan("eth1.10", "eth1"),
            vlan("eth1.10.20", "eth1.10"),
        ];
        let names: Vec<String> = LinkRecord::parents_first(records)
            .iter()
            .map(|r| r.name().to_string())
            .collect();
        assert_eq!(names, ["eth1.10", "eth1.10.20", "s0"]);
    }
}
