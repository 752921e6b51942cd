//! `up --persist networkd` on a host whose NIC systemd-networkd manages,
//! across real reboots in the VM bed with systemd as pid 1 (`scripts/vm
//! run --systemd`): networkd, not a unit of macrame's, makes the vlans and
//! the shim at boot, marked through their `.link` files; the containers'
//! unit converges the rest. The user's own `.network` is never edited.

mod common;

use common::bed::{ok, sh};
use common::vm::{
    assert_running_with, assert_verified, default_route, host_ping, host_state, inside_vm, link,
    macrame_in, reboots, walk,
};
use std::path::Path;

const FILE: &str = "project mtnd
parent nic0
vlan 10 on nic0
vlan nic0.20 { parent nic0; id 20; mtu 1400 }
network lan { parent nic0.10; subnet 10.48.0.0/24 gateway 10.48.0.1 }
network dmz { parent nic0.20; subnet 10.49.0.0/24 gateway 10.49.0.1 }
shim mtnd-shim { network lan; address 10.48.0.250/32; route 10.48.0.0/28 }
network flat { parent nic0; subnet 10.50.0.0/24 gateway 10.50.0.1 }
shim mtnd-flat { network flat; address 10.50.0.250/32; route 10.50.0.0/28 }
container onflat { image \"macrame-test/busybox:latest\"; command \"sleep\" \"3600\"; network flat ip 10.50.0.10; restart always }
container always { image \"macrame-test/busybox:latest\"; command \"sleep\" \"3600\"; network lan ip 10.48.0.10; restart always }
container plain { image \"macrame-test/busybox:latest\"; command \"sleep\" \"3600\"; network lan ip 10.48.0.11 }
container both {
  image \"macrame-test/busybox:latest\"
  command \"sleep\" \"3600\"
  network dmz ip 10.49.0.12
  network lan ip 10.48.0.12
  gateway lan
  restart unless-stopped
}
";

/// The host's own networkd configuration of its NIC, as a user wrote it.
const NIC: &str = "[Match]
Name=nic0

[Network]
Address=192.168.60.2/24
LinkLocalAddressing=no
IPv6AcceptRA=no
";

const DIR: &str = "/var/lib/macrame-test-networkd";
const NIC_FILE: &str = "/etc/systemd/network/50-mtnd-nic0.network";
const NETWORK_DIR: &str = "/etc/systemd/network";

fn file() -> String {
    format!("{DIR}/macrame.mcr")
}

/// Every file of the project's persistence on this host.
fn persistence() -> Vec<String> {
    let mut found: Vec<String> = ["/etc/systemd/system", NETWORK_DIR, "/var/lib/macrame"]
        .iter()
        .flat_map(|dir| walk(Path::new(dir)))
        .filter(|f| f.contains("macrame-mtnd") || f.ends_with("/mtnd.json"))
        .collect();
    found.sort();
    found
}

/// The `.network` file networkd configures `name` with, from its state.
fn network_file(name: &str) -> Option<String> {
    let index = std::fs::read_to_string(format!("/sys/class/net/{name}/ifindex")).ok()?;
    let state =
        std::fs::read_to_string(format!("/run/systemd/netif/links/{}", index.trim())).ok()?;
    state
        .lines()
        .find_map(|l| l.strip_prefix("NETWORK_FILE="))
        .map(str::to_string)
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!(
        "{what} within 60 s:\n{}",
        String::from_utf8_lossy(
            &sh(
                "journalctl",
                &["-b", "-u", "systemd-networkd", "--no-pager"]
            )
            .stdout
        )
    );
}

#[test]
fn networkd_brings_the_project_back_after_a_reboot_and_down_leaves_the_users_files() {
    reboots(&[
        "inner_networkd_up",
        "inner_networkd_back",
        "inner_networkd_gone",
    ]);
}

#[test]
#[ignore = "runs inside the VM, booted by networkd_brings_the_project_back_after_a_reboot_and_down_leaves_the_users_files"]
fn inner_networkd_up() {
    inside_vm();
    assert_eq!(ok("ps", &["-p", "1", "-o", "comm="]).trim(), "systemd");
    // The host as its owner set it up: networkd manages nic0, and is
    // enabled for the next boots (with its wait-online, so that Docker
    // starts once the links are there).
    std::fs::create_dir_all(NETWORK_DIR).unwrap();
    std::fs::write(NIC_FILE, NIC).unwrap();
    ok(
        "systemctl",
        &[
            "enable",
            "--now",
            "systemd-networkd.service",
            "systemd-networkd-wait-online.service",
        ],
    );
    wait_for("networkd manages nic0", || {
        network_file("nic0").as_deref() == Some(NIC_FILE)
    });
    std::fs::create_dir_all(DIR).unwrap();
    std::fs::write(file(), FILE).unwrap();
    std::fs::write(format!("{DIR}/before"), host_state().join("\n")).unwrap();

    let up = macrame_in(
        &file(),
        &[
            "up",
            "--persist",
            "networkd",
            "--timeout",
            "1",
            "--progress",
            "plain",
        ],
    );
    for written in [
        "/etc/systemd/network/00-macrame-mtnd:nic0.10.netdev",
        "/etc/systemd/network/00-macrame-mtnd:nic0.20.network",
        "/etc/systemd/network/00-macrame-mtnd:mtnd-shim.link",
        "/etc/systemd/network/50-mtnd-nic0.network.d/macrame-mtnd.conf",
        "/etc/systemd/system/macrame-mtnd-containers.service",
    ] {
        assert!(
            up.contains(&format!("+ write    file {written}")),
            "{written}: {up}"
        );
    }
    assert!(
        !up.contains("/etc/systemd/system/macrame-mtnd.service"),
        "networkd makes the host side, not a unit of macrame's: {up}"
    );
    assert_verified("/etc/systemd/system/macrame-mtnd-containers.service");
    assert_eq!(
        std::fs::read_to_string(NIC_FILE).unwrap(),
        NIC,
        "the user's file is never edited"
    );
    let drop_in =
        std::fs::read_to_string("/etc/systemd/network/50-mtnd-nic0.network.d/macrame-mtnd.conf")
            .unwrap();
    assert!(
        drop_in.ends_with("\nVLAN=nic0.10\nVLAN=nic0.20\nMACVLAN=mtnd-flat\n"),
        "{drop_in}"
    );
    let ps = macrame_in(&file(), &["ps"]);
    assert!(ps.contains("project mtnd: persistent"), "{ps}");
    // The mode is remembered: a plain plan keeps it, with nothing to do.
    assert_eq!(
        macrame_in(&file(), &["plan"]),
        "project mtnd: nothing to do\n"
    );
}

#[test]
#[ignore = "runs inside the VM, booted by networkd_brings_the_project_back_after_a_reboot_and_down_leaves_the_users_files"]
fn inner_networkd_back() {
    inside_vm();
    assert!(
        !Path::new("/etc/systemd/system/macrame-mtnd.service").exists(),
        "nothing of macrame's made the links"
    );
    // networkd made them, with their files, and the `.link` marked them.
    for name in ["nic0.10", "nic0.20", "mtnd-shim", "mtnd-flat"] {
        wait_for(&format!("networkd makes {name}"), || link(name).is_some());
        assert_eq!(
            network_file(name).as_deref(),
            Some(format!("{NETWORK_DIR}/00-macrame-mtnd:{name}.network").as_str()),
            "{name}"
        );
        let shown = link(name).unwrap();
        assert!(shown.contains("alias macrame:mtnd:"), "{shown}");
    }
    assert!(link("nic0.20").unwrap().contains("mtu 1400 "));
    let address = ok("ip", &["-o", "addr", "show", "dev", "mtnd-shim"]);
    assert!(address.contains("10.48.0.250/32"), "{address}");
    let route = ok("ip", &["route", "get", "10.48.0.10"]);
    assert!(route.contains("dev mtnd-shim "), "{route}");
    let nic = ok("ip", &["-o", "addr", "show", "dev", "nic0"]);
    assert!(
        nic.contains("192.168.60.2/24"),
        "the user's own configuration still applies: {nic}"
    );

    let unit = "macrame-mtnd-containers.service";
    let shown = ok("systemctl", &["show", "-p", "Result,ActiveState", unit]);
    assert!(
        shown.contains("Result=success") && shown.contains("ActiveState=active"),
        "{shown}\n{}",
        ok("journalctl", &["-b", "-u", unit, "--no-pager"])
    );
    for (shim, address) in [("mtnd-shim", "10.48.0.10"), ("mtnd-flat", "10.50.0.10")] {
        let ping = host_ping(shim, address, "3", "3");
        assert!(
            ping.status.success(),
            "{shim}: {}",
            String::from_utf8_lossy(&ping.stdout)
        );
    }
    assert_running_with(&[
        ("mtnd-always", &["10.48.0.10"]),
        ("mtnd-plain", &["10.48.0.11"]),
        ("mtnd-both", &["10.48.0.12", "10.49.0.12"]),
        ("mtnd-onflat", &["10.50.0.10"]),
    ]);
    let route = default_route("mtnd-both");
    assert!(route.contains("via 10.48.0.1 "), "{route}");
    assert_eq!(
        macrame_in(&file(), &["plan"]),
        "project mtnd: nothing to do\n"
    );

    let down = macrame_in(&file(), &["down", "--timeout", "1", "--progress", "plain"]);
    assert!(
        down.contains(
            "- remove   file /etc/systemd/network/50-mtnd-nic0.network.d/macrame-mtnd.conf"
        ),
        "{down}"
    );
    assert_eq!(persistence(), Vec::<String>::new());
    assert!(!Path::new("/etc/systemd/network/50-mtnd-nic0.network.d").exists());
    assert_eq!(std::fs::read_to_string(NIC_FILE).unwrap(), NIC);
}

#[test]
#[ignore = "runs inside the VM, booted by networkd_brings_the_project_back_after_a_reboot_and_down_leaves_the_users_files"]
fn inner_networkd_gone() {
    inside_vm();
    assert_eq!(persistence(), Vec::<String>::new());
    wait_for("networkd manages nic0", || {
        network_file("nic0").as_deref() == Some(NIC_FILE)
    });
    let before = std::fs::read_to_string(format!("{DIR}/before")).unwrap();
    assert_eq!(
        host_state().join("\n"),
        before,
        "the host is not as before the project"
    );
    assert_eq!(std::fs::read_to_string(NIC_FILE).unwrap(), NIC);
    let nic = ok("ip", &["-o", "addr", "show", "dev", "nic0"]);
    assert!(nic.contains("192.168.60.2/24"), "{nic}");
}
