//! `--persist networkd`: on a host where systemd-networkd manages the
//! parents, the vlans and shims are networkd's to make at boot, as the
//! rest of the host's links are, instead of a unit of macrame's racing it.
//!
//! For each vlan and shim: a `.netdev` (the link), a `.network` (up, its
//! address and routes, no IPv6 autoconfiguration, the vlans and shims on
//! it) and a `.link` whose only setting is the alias that marks it as the
//! project's (networkd sets none; udev applies `.link` files to every new
//! interface, whoever made it). A NIC under them gets a drop-in beside its
//! own `.network` (`50-enp3s0.network.d/macrame-PROJECT.conf`) naming the
//! vlans and shims on it: never an edit of the user's file. The files take
//! effect at the next boot: networkd is not reloaded, since reloading
//! reconfigures the parent (the link the host may be reached over) only
//! to find the links `up` has just made.

use super::FileSpec;
use super::systemd::mark;
use crate::error::{Error, Result};
use crate::plan::spec::ShimSpec;
use ipnetwork::IpNetwork;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const NETWORK_DIR: &str = "/etc/systemd/network";

/// Every networkd file of the project, in `dir`. `parent_files` names,
/// for each NIC a vlan or shim hangs from, the `.network` file networkd
/// configures it with.
pub fn files(
    snapshot: &super::Snapshot,
    parent_files: &BTreeMap<String, String>,
    dir: &Path,
) -> Vec<FileSpec> {
    let project = &snapshot.project;
    let own = |name: &str| snapshot.vlans.iter().any(|v| v.name == name);
    // What hangs from each interface: `VLAN=`, `MACVLAN=`, `IPVLAN=`.
    let mut children: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for vlan in &snapshot.vlans {
        children
            .entry(&vlan.parent)
            .or_default()
            .push(format!("VLAN={}", vlan.name));
    }
    for shim in &snapshot.shims {
        let kind = if shim.ipvlan_mode.is_some() {
            "IPVLAN"
        } else {
            "MACVLAN"
        };
        children
            .entry(&shim.parent)
            .or_default()
            .push(format!("{kind}={}", shim.name));
    }
    let base =
        |name: &str, extension: &str| dir.join(format!("10-macrame-{project}-{name}.{extension}"));
    let mut files = Vec::new();
    for vlan in &snapshot.vlans {
        let mut netdev = format!(
            "[NetDev]\n{}\nName={}\nKind=vlan\n",
            mark(project),
            vlan.name
        );
        if let Some(mtu) = vlan.mtu {
            let _ = writeln!(netdev, "MTUBytes={mtu}");
        }
        let _ = write!(netdev, "\n[VLAN]\nId={}\n", vlan.id);
        files.push(FileSpec::text(base(&vlan.name, "netdev"), netdev));
        let on = children
            .get(vlan.name.as_str())
            .map_or(&[][..], |c| c.as_slice());
        files.push(FileSpec::text(
            base(&vlan.name, "network"),
            network(project, &vlan.name, on, None),
        ));
        files.push(FileSpec::text(
            base(&vlan.name, "link"),
            link(project, &vlan.name, &vlan.mark),
        ));
    }
    for shim in &snapshot.shims {
        let (kind, section, mode) = match shim.ipvlan_mode.as_deref() {
            Some(mode) => ("ipvlan", "IPVLAN", mode.to_uppercase()),
            None => ("macvlan", "MACVLAN", "bridge".to_string()),
        };
        let netdev = format!(
            "[NetDev]\n{}\nName={}\nKind={kind}\n\n[{section}]\nMode={mode}\n",
            mark(project),
            shim.name
        );
        files.push(FileSpec::text(base(&shim.name, "netdev"), netdev));
        files.push(FileSpec::text(
            base(&shim.name, "network"),
            network(project, &shim.name, &[], Some(shim)),
        ));
        files.push(FileSpec::text(
            base(&shim.name, "link"),
            link(project, &shim.name, &shim.mark),
        ));
    }
    for (parent, on) in &children {
        if own(parent) {
            continue;
        }
        let Some(file) = parent_files.get(*parent) else {
            continue;
        };
        let mut text = format!("[Network]\n{}\n", mark(project));
        for line in on {
            let _ = writeln!(text, "{line}");
        }
        files.push(FileSpec::text(
            dir.join(format!("{file}.d"))
                .join(format!("macrame-{project}.conf")),
            text,
        ));
    }
    files
}

/// The `.network` of a link the project makes: brought up whatever its
/// carrier, with no address of networkd's choosing and no router
/// advertisements taken (a shim would hand the host a second default
/// route through the containers' LAN).
fn network(project: &str, name: &str, children: &[String], shim: Option<&ShimSpec>) -> String {
    let mut text = format!(
        "[Match]\n{}\nName={name}\n\n[Network]\nLinkLocalAddressing=no\nIPv6AcceptRA=no\nConfigureWithoutCarrier=yes\n",
        mark(project)
    );
    for child in children {
        let _ = writeln!(text, "{child}");
    }
    if shim.is_none() {
        // A vlan has no address of its own, so it never gets past
        // "carrier": without this, systemd-networkd-wait-online would
        // hold network-online.target (and Docker) for its whole timeout.
        let _ = write!(text, "\n[Link]\nRequiredForOnline=carrier\n");
    }
    if let Some(shim) = shim {
        let _ = writeln!(text, "Address={}", shim.address);
        for route in &shim.routes {
            // The address's own subnet is the kernel's connected route.
            if let (IpNetwork::V4(a), IpNetwork::V4(r)) = (shim.address, route)
                && a.network() == r.network()
                && a.prefix() == r.prefix()
            {
                continue;
            }
            let _ = write!(text, "\n[Route]\nDestination={route}\n");
            if route.is_ipv4() {
                let _ = writeln!(text, "Scope=link");
            }
        }
    }
    text
}

/// The `.link` that marks a link as the project's, as `up` marks those it
/// makes through netlink.
fn link(project: &str, name: &str, alias: &str) -> String {
    format!(
        "[Match]\n{}\nOriginalName={name}\n\n[Link]\nAlias={alias}\n",
        mark(project)
    )
}

/// The `.network` file networkd configures `interface` with, by name
/// (`50-enp3s0.network`), from networkd's own state; an error naming the
/// fix when networkd does not manage it.
pub fn network_file_of(interface: &str) -> Result<String> {
    let object = format!("interface {interface}");
    let unmanaged = |why: String| {
        Error::io(&object, "find its systemd-networkd file")(std::io::Error::other(format!(
            "{why}: give it a .network file of its own (a drop-in beside it carries its vlans and shims), or use --persist systemd"
        )))
    };
    let index = std::fs::read_to_string(format!("/sys/class/net/{interface}/ifindex"))
        .map_err(|_| unmanaged("it is not on this host".to_string()))?;
    let state = PathBuf::from("/run/systemd/netif/links").join(index.trim());
    let text = std::fs::read_to_string(&state).map_err(|_| {
        unmanaged("systemd-networkd does not run here, or does not know it".to_string())
    })?;
    let file = text
        .lines()
        .find_map(|l| l.strip_prefix("NETWORK_FILE="))
        .filter(|f| !f.is_empty())
        .ok_or_else(|| {
            unmanaged(
                "systemd-networkd does not manage it (no .network file matches it)".to_string(),
            )
        })?;
    Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| unmanaged(format!("networkd names {file} as its file")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::Snapshot;
    use crate::plan::spec::{ShimSpec, VlanSpec};

    fn snapshot() -> Snapshot {
        let mut snapshot = Snapshot::of(&crate::plan::spec::Specs::default(), |_| false);
        snapshot.project = "lab".into();
        snapshot.vlans = vec![VlanSpec {
            name: "nic0.10".into(),
            parent: "nic0".into(),
            id: 10,
            mtu: Some(1400),
            mark: "macrame:lab:vlan:nic0.10".into(),
        }];
        snapshot.shims = vec![
            ShimSpec {
                name: "lab-shim".into(),
                network: "lan".into(),
                ipvlan_mode: None,
                parent: "nic0.10".into(),
                address: "10.10.0.250/24".parse().unwrap(),
                routes: vec![
                    "10.10.0.0/24".parse().unwrap(),
                    "10.10.0.128/25".parse().unwrap(),
                ],
                mark: "macrame:lab:shim:lab-shim".into(),
            },
            ShimSpec {
                name: "lab-flat".into(),
                network: "flat".into(),
                ipvlan_mode: Some("l2".into()),
                parent: "nic0".into(),
                address: "10.20.0.250/24".parse().unwrap(),
                routes: vec![],
                mark: "macrame:lab:shim:lab-flat".into(),
            },
        ];
        snapshot
    }

    #[test]
    fn vlans_and_shims_are_netdevs_networks_and_marking_links_and_the_nic_gets_a_drop_in() {
        let dir = Path::new("/etc/systemd/network");
        let parents = BTreeMap::from([("nic0".to_string(), "50-nic0.network".to_string())]);
        let files = files(&snapshot(), &parents, dir);
        let text = |name: &str| match &files
            .iter()
            .find(|f| f.path == dir.join(name))
            .unwrap_or_else(|| panic!("{name}"))
            .body
        {
            super::super::Body::Text(text) => text.clone(),
            other => panic!("{other:?}"),
        };
        let mark = mark("lab");
        assert_eq!(
            text("10-macrame-lab-nic0.10.netdev"),
            format!("[NetDev]\n{mark}\nName=nic0.10\nKind=vlan\nMTUBytes=1400\n\n[VLAN]\nId=10\n")
        );
        assert_eq!(
            text("10-macrame-lab-nic0.10.network"),
            format!(
                "[Match]\n{mark}\nName=nic0.10\n\n[Network]\nLinkLocalAddressing=no\nIPv6AcceptRA=no\nConfigureWithoutCarrier=yes\nMACVLAN=lab-shim\n\n[Link]\nRequiredForOnline=carrier\n"
            )
        );
        assert_eq!(
            text("10-macrame-lab-nic0.10.link"),
            format!(
                "[Match]\n{mark}\nOriginalName=nic0.10\n\n[Link]\nAlias=macrame:lab:vlan:nic0.10\n"
            )
        );
        assert_eq!(
            text("10-macrame-lab-lab-shim.netdev"),
            format!("[NetDev]\n{mark}\nName=lab-shim\nKind=macvlan\n\n[MACVLAN]\nMode=bridge\n")
        );
        assert_eq!(
            text("10-macrame-lab-lab-shim.network"),
            format!(
                "[Match]\n{mark}\nName=lab-shim\n\n[Network]\nLinkLocalAddressing=no\nIPv6AcceptRA=no\nConfigureWithoutCarrier=yes\n\
                 Address=10.10.0.250/24\n\n[Route]\nDestination=10.10.0.128/25\nScope=link\n"
            )
        );
        assert_eq!(
            text("10-macrame-lab-lab-flat.netdev"),
            format!("[NetDev]\n{mark}\nName=lab-flat\nKind=ipvlan\n\n[IPVLAN]\nMode=L2\n")
        );
        assert_eq!(
            text("50-nic0.network.d/macrame-lab.conf"),
            format!("[Network]\n{mark}\nVLAN=nic0.10\nIPVLAN=lab-flat\n")
        );
        assert_eq!(files.len(), 10);
    }
}
