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
use crate::error::{Error, Object, Operation, Result};
use crate::plan::spec::ShimSpec;
use ipnetwork::IpNetwork;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub const NETWORK_DIR: &str = "/etc/systemd/network";

/// Every networkd file of the project, in `dir`. `parent_files` names,
/// for each NIC a vlan or shim hangs from, the `.network` file networkd
/// configures it with.
pub fn files(
    snapshot: &super::Snapshot,
    parent_files: &BTreeMap<String, String>,
    dir: &Path,
) -> Result<Vec<FileSpec>> {
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
    // First, so that no file of the user's matches the project's links
    // before these (networkd and udev use the first file that matches);
    // these match one exact name each. A colon parts the project from the
    // link: neither a Docker project nor an interface name has one.
    let base =
        |name: &str, extension: &str| dir.join(format!("00-macrame-{project}:{name}.{extension}"));
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
            network(project, &vlan.name, on, Link::Vlan(vlan.mtu)),
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
            network(project, &shim.name, &[], Link::Shim(shim)),
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
        let file = parent_files.get(*parent).ok_or_else(|| {
            Error::cannot(
                Object::Interface(parent.to_string()),
                Operation::FindNetworkdFile,
                "it was not looked up: a fault of macrame's, please report it",
            )
        })?;
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
    Ok(files)
}

/// The `.network` of a link the project makes: up whatever its carrier,
/// with IPv6 as the kernel leaves a link `up` makes (a link-local address;
/// router advertisements taken on a vlan, never on a shim: a shim would
/// hand the host a second default route through the containers' LAN).
fn network(project: &str, name: &str, children: &[String], link: Link) -> String {
    let mut text = format!(
        "[Match]\n{}\nName={name}\n\n[Network]\nConfigureWithoutCarrier=yes\n",
        mark(project)
    );
    if let Link::Shim(_) = link {
        let _ = writeln!(text, "IPv6AcceptRA=no");
    }
    for child in children {
        let _ = writeln!(text, "{child}");
    }
    match link {
        Link::Vlan(mtu) => {
            // Carrier is all a vlan reaches before its link-local address
            // is done: without this, systemd-networkd-wait-online would
            // hold network-online.target (and Docker) for that too.
            let _ = write!(text, "\n[Link]\nRequiredForOnline=carrier\n");
            // Here as well as in the .netdev: networkd keeps an existing
            // link's settings from its .netdev (Docker may have made the
            // vlan first), but applies these.
            if let Some(mtu) = mtu {
                let _ = writeln!(text, "MTUBytes={mtu}");
            }
        }
        Link::Shim(shim) => {
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
    }
    text
}

/// What a `.network` is for: a vlan (with its MTU), or a shim.
enum Link<'a> {
    Vlan(Option<u32>),
    Shim(&'a ShimSpec),
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
/// fix when networkd does not manage it, or when that file would carry the
/// drop-in's vlans and shims to other links too.
pub fn network_file_of(interface: &str) -> Result<String> {
    let object = Object::Interface(interface.to_string());
    let refuse = |why: String| Error::cannot(&object, Operation::FindNetworkdFile, why);
    let own_file = format!(
        "give it a .network file of its own (`[Match]` `Name={interface}`; a drop-in beside it \
         carries the vlans and shims), or use --persist systemd"
    );
    let index =
        std::fs::read_to_string(format!("/sys/class/net/{interface}/ifindex")).map_err(|_| {
            refuse("it is not on this host: connect it, or correct its name in the file".into())
        })?;
    let links = Path::new("/run/systemd/netif/links");
    let file_of = |index: &str| -> Option<String> {
        std::fs::read_to_string(links.join(index))
            .ok()?
            .lines()
            .find_map(|l| l.strip_prefix("NETWORK_FILE="))
            .filter(|f| !f.is_empty())
            .map(str::to_string)
    };
    let index = index.trim();
    if !links.join(index).exists() {
        return Err(refuse(format!(
            "systemd-networkd does not run here, or does not know it: {own_file}"
        )));
    }
    let file = file_of(index).ok_or_else(|| {
        refuse(format!(
            "systemd-networkd does not manage it (no .network file matches it): {own_file}"
        ))
    })?;
    let text = std::fs::read_to_string(&file).map_err(|_| {
        refuse(format!(
            "networkd configured it from {file}, which is no longer there: \
             run `networkctl reload` so that networkd reads its files again, then this command"
        ))
    })?;
    if let Err(why) = matches_only(&text, interface) {
        return Err(refuse(format!(
            "its file {file} {why}, so the vlans and shims of a drop-in beside it would be made on other links too: {own_file}"
        )));
    }
    let others: Vec<String> = std::fs::read_dir(links)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|i| i != index && file_of(i).as_deref() == Some(file.as_str()))
        .collect();
    if !others.is_empty() {
        return Err(refuse(format!(
            "its file {file} configures other links too (index {}): {own_file}",
            others.join(", ")
        )));
    }
    Path::new(&file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| refuse(format!("networkd names {file} as its file: {own_file}")))
}

/// Whether a `.network` file's `[Match]` names `interface` alone: only
/// `Name=` keys, each exactly it (no glob, no list).
fn matches_only(text: &str, interface: &str) -> std::result::Result<(), String> {
    let mut section = "";
    let mut named = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            section = line;
            continue;
        }
        if section != "[Match]" {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        match key.trim() {
            "Name" if value.trim() == interface => named = true,
            "Name" => return Err(format!("matches by `Name={}`", value.trim())),
            other => return Err(format!("matches by `{other}=`")),
        }
    }
    if named {
        Ok(())
    } else {
        Err("does not match by `Name=` alone".into())
    }
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
        let files = files(&snapshot(), &parents, dir).unwrap();
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
            text("00-macrame-lab:nic0.10.netdev"),
            format!("[NetDev]\n{mark}\nName=nic0.10\nKind=vlan\nMTUBytes=1400\n\n[VLAN]\nId=10\n")
        );
        assert_eq!(
            text("00-macrame-lab:nic0.10.network"),
            format!(
                "[Match]\n{mark}\nName=nic0.10\n\n[Network]\nConfigureWithoutCarrier=yes\nMACVLAN=lab-shim\n\n[Link]\nRequiredForOnline=carrier\nMTUBytes=1400\n"
            )
        );
        assert_eq!(
            text("00-macrame-lab:nic0.10.link"),
            format!(
                "[Match]\n{mark}\nOriginalName=nic0.10\n\n[Link]\nAlias=macrame:lab:vlan:nic0.10\n"
            )
        );
        assert_eq!(
            text("00-macrame-lab:lab-shim.netdev"),
            format!("[NetDev]\n{mark}\nName=lab-shim\nKind=macvlan\n\n[MACVLAN]\nMode=bridge\n")
        );
        assert_eq!(
            text("00-macrame-lab:lab-shim.network"),
            format!(
                "[Match]\n{mark}\nName=lab-shim\n\n[Network]\nConfigureWithoutCarrier=yes\nIPv6AcceptRA=no\n\
                 Address=10.10.0.250/24\n\n[Route]\nDestination=10.10.0.128/25\nScope=link\n"
            )
        );
        assert_eq!(
            text("00-macrame-lab:lab-flat.netdev"),
            format!("[NetDev]\n{mark}\nName=lab-flat\nKind=ipvlan\n\n[IPVLAN]\nMode=L2\n")
        );
        assert_eq!(
            text("50-nic0.network.d/macrame-lab.conf"),
            format!("[Network]\n{mark}\nVLAN=nic0.10\nIPVLAN=lab-flat\n")
        );
        assert_eq!(files.len(), 10);
        assert!(super::files(&snapshot(), &BTreeMap::new(), dir).is_err());
    }

    #[test]
    fn a_nic_file_is_its_own_only_when_it_matches_its_name_alone() {
        let file = "[Match]\n# mine\nName=nic0\n\n[Network]\nName=other\nAddress=10.0.0.2/24\n";
        assert_eq!(matches_only(file, "nic0"), Ok(()));
        assert_eq!(
            matches_only("[Match]\nName=en*\n", "enp3s0"),
            Err("matches by `Name=en*`".into())
        );
        assert_eq!(
            matches_only("[Match]\nName=nic0\nType=ether\n", "nic0"),
            Err("matches by `Type=`".into())
        );
        assert_eq!(
            matches_only("[Match]\nMACAddress=52:54:00:12:34:56\n", "nic0"),
            Err("matches by `MACAddress=`".into())
        );
        assert_eq!(
            matches_only("[Network]\nDHCP=yes\n", "nic0"),
            Err("does not match by `Name=` alone".into())
        );
    }
}
