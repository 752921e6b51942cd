//! vlans with Docker, for real. This machine's kernel has no 8021q and
//! user-mode Linux runs no Docker, so these tests boot a qemu guest with
//! Debian's own kernel (`scripts/vm run`), with this machine's files as its
//! root and a real dockerd in it, and run this very test binary inside it:
//! each `#[test]` here boots a guest and runs `inner_*` tests there
//! (ignored outside; several in one guest where they share nothing), which
//! drive the `macrame` binary as a user would.
//!
//! tests/uml.rs covers the netlink layer of vlans (creation, marks, undo,
//! down) in a few seconds; it stays, and these add what only a kernel with
//! Docker shows: Docker networks on vlans macrame made, tagged traffic on a
//! wire, parents that exist at boot, a newer engine, a reboot.

mod common;

use common::bed::{Bed, IMAGE, docker_inspect, engine, ok, sh};
use common::vm::{
    assert_running_with, assert_verified, default_route, host_ping, host_state, in_vm, in_vm_all,
    inside_vm, link, macrame_in, reboots, walk,
};
use std::path::Path;

/// Network namespaces a test made, deleted however it ends.
struct Namespaces(Vec<String>);

impl Namespaces {
    fn add(&mut self, name: &str) {
        ok("ip", &["netns", "add", name]);
        self.0.push(name.to_string());
    }
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        for name in &self.0 {
            let _ = sh("ip", &["netns", "del", name]);
        }
    }
}

/// `ip` inside a namespace.
fn ip_in(namespace: &str, args: &[&str]) {
    let mut all = vec!["-n", namespace];
    all.extend_from_slice(args);
    ok("ip", &all);
}

/// Whether one of the bed's containers gets an answer from `address`
/// to any of `count` pings (under emulation a first one may be lost).
fn pings(bed: &Bed, container: &str, address: &str, count: u32) -> bool {
    let count = count.to_string();
    bed.exec(container, &["ping", "-c", &count, "-W", "2", address])
        .status
        .success()
}

fn assert_pings(bed: &Bed, container: &str, address: &str, expected: bool) {
    assert_eq!(
        pings(bed, container, address, 3),
        expected,
        "{container} -> {address}: expected {}",
        if expected { "an answer" } else { "none" }
    );
}

/// The kernel's index of a link: a recreated link gets a new one.
fn ifindex(name: &str) -> String {
    std::fs::read_to_string(format!("/sys/class/net/{name}/ifindex"))
        .unwrap_or_else(|_| panic!("no link {name}"))
        .trim()
        .to_string()
}

fn docker_id(kind: &str, name: &str) -> String {
    ok("docker", &[kind, "inspect", "-f", "{{.Id}}", name])
        .trim()
        .to_string()
}

/// The planned changes as `action kind name` lines, sorted.
fn planned(bed: &Bed) -> Vec<String> {
    let run = bed.macrame(&["plan", "--format", "json"]);
    assert_eq!(run.status, 0, "plan: {}{}", run.stdout, run.stderr);
    let plan: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut changes: Vec<String> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {} {}", c["action"], c["kind"], c["name"]).replace('"', ""))
        .collect();
    changes.sort();
    changes
}

const TWO_VLANS: &str = "project {project}
parent {a}
vlan 10 on {a}
vlan 20 on {a}
network v10 { parent {a}.10; subnet 10.10.0.0/24 gateway 10.10.0.1 }
network v20 { parent {a}.20; subnet 10.20.0.0/24 gateway 10.20.0.1 }
container a1 { image \"{image}\"; command \"sleep\" \"3600\"; network v10 ip 10.10.0.11 }
container a2 { image \"{image}\"; command \"sleep\" \"3600\"; network v10 ip 10.10.0.12 }
container b1 { image \"{image}\"; command \"sleep\" \"3600\"; network v20 ip 10.20.0.11 }
container b2 { image \"{image}\"; command \"sleep\" \"3600\"; network v20 ip 10.20.0.12 }
";

/// A second network on vlan 10: engines from 27.0 take it.
const SHARED_PARENT: &str = "network v11 { parent {a}.10; subnet 10.11.0.0/24 gateway 10.11.0.1 }
container c1 { image \"{image}\"; command \"sleep\" \"3600\"; network v11 ip 10.11.0.11 }
";

/// One guest on the system's engine for the inner tests that share no
/// NIC (a boot costs about a minute here): `inner_vlans` on veths of its
/// own, `inner_stacked` on nic0 (down at boot, as it needs), `inner_ipvlan`
/// on nic1 and nic2.
#[test]
fn vlans_stacked_vlans_and_ipvlan_on_the_systems_engine() {
    in_vm_all(
        &["inner_ipvlan", "inner_stacked", "inner_vlans"],
        &["--nics", "3"],
        &[],
    );
}

#[test]
fn vlans_on_the_newest_engine() {
    let out = in_vm("inner_vlans", &["--engine", "sid"], &[]);
    assert!(
        out.contains("two networks on one parent: taken"),
        "the sid engine took no shared parent:\n{out}"
    );
}

/// Two vlans on one parent, a network on each, two containers on each;
/// the other end of the wire has each vlan in a namespace of its own, so
/// an answer proves the frames left tagged, and silence from the same
/// subnet on the other vlan proves the tags keep them apart.
#[test]
#[ignore = "runs inside the VM, booted by vlans_stacked_vlans_and_ipvlan_on_the_systems_engine"]
fn inner_vlans() {
    inside_vm();
    let version = engine();
    println!("engine {}.{}", version.release.0, version.release.1);
    let shares_parents = version.release >= (27, 0);
    let before = host_state();
    let bed = Bed::new();
    let mut namespaces = Namespaces(Vec::new());
    // The wire's far end: bed.b, its vlans each in a namespace.
    for (id, addresses) in [
        // Each of vlans 10 and 20 also holds an address of the other's
        // subnet, which only a frame with the wrong tag could reach.
        (
            "10",
            &["10.10.0.254/24", "10.11.0.254/24", "10.20.0.253/24"][..],
        ),
        ("20", &["10.20.0.254/24", "10.10.0.253/24"][..]),
        ("30", &["10.20.0.252/24"][..]),
    ] {
        let namespace = format!("{}-{id}", bed.id);
        let vlan = format!("{}.{id}", bed.b);
        namespaces.add(&namespace);
        ok(
            "ip",
            &[
                "link", "add", "link", &bed.b, "name", &vlan, "type", "vlan", "id", id,
            ],
        );
        ok("ip", &["link", "set", &vlan, "netns", &namespace]);
        for address in addresses {
            ip_in(&namespace, &["addr", "add", address, "dev", &vlan]);
        }
        ip_in(&namespace, &["link", "set", &vlan, "up"]);
    }

    let base = TWO_VLANS.to_string();
    let full = if shares_parents {
        println!("two networks on one parent: taken");
        format!("{base}{SHARED_PARENT}")
    } else {
        bed.file(&format!("{base}{SHARED_PARENT}"));
        bed.must_refuse(&["plan"], &["share parent"]);
        base.clone()
    };
    bed.file(&full);
    bed.must(&["up"]);

    // The vlans carry the ids and macrame's mark.
    for id in ["10", "20"] {
        let name = format!("{}.{id}", bed.a);
        let shown = link(&name).unwrap_or_else(|| panic!("{name} not created"));
        assert!(
            shown.contains(&format!("vlan protocol 802.1Q id {id} ")),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("alias macrame:{}:vlan:{name}", bed.project)),
            "{shown}"
        );
    }

    // Within a vlan: the containers (through the macvlan bridge), and the
    // far end of the wire on the same vlan (through the tag).
    assert_pings(&bed, "a1", "10.10.0.12", true);
    assert_pings(&bed, "b1", "10.20.0.12", true);
    assert_pings(&bed, "a1", "10.10.0.254", true);
    assert_pings(&bed, "b2", "10.20.0.254", true);
    // Across: 10.10.0.253 is in a1's subnet but on vlan 20, 10.20.0.253
    // in b1's but on vlan 10.
    assert_pings(&bed, "a1", "10.10.0.253", false);
    assert_pings(&bed, "b1", "10.20.0.253", false);
    if shares_parents {
        assert_pings(&bed, "c1", "10.11.0.254", true);
    }

    // A second up: nothing to do, nothing touched.
    let containers: &[&str] = if shares_parents {
        &["a1", "a2", "b1", "b2", "c1"]
    } else {
        &["a1", "a2", "b1", "b2"]
    };
    let ids =
        |bed: &Bed| -> Vec<String> { containers.iter().map(|c| bed.container_id(c)).collect() };
    let networks = |bed: &Bed, names: &[&str]| -> Vec<String> {
        names
            .iter()
            .map(|n| docker_id("network", &bed.network(n)))
            .collect()
    };
    let first = ids(&bed);
    let vlans = [
        ifindex(&format!("{}.10", bed.a)),
        ifindex(&format!("{}.20", bed.a)),
    ];
    let v20 = networks(&bed, &["v20"]);
    assert_eq!(planned(&bed), Vec::<String>::new());
    let run = bed.must(&["up"]);
    assert!(run.stdout.contains("nothing to do"), "{}", run.stdout);
    assert_eq!(ids(&bed), first);
    assert_eq!(
        [
            ifindex(&format!("{}.10", bed.a)),
            ifindex(&format!("{}.20", bed.a))
        ],
        vlans
    );

    // vlan 20 becomes 30: that vlan, its network and its containers are
    // recreated, and nothing else.
    let kept_networks: &[&str] = if shares_parents {
        &["v10", "v11"]
    } else {
        &["v10"]
    };
    let kept = (vlans[0].clone(), networks(&bed, kept_networks));
    bed.file(
        &full
            .replace("vlan 20 on {a}", "vlan 30 on {a}")
            .replace("parent {a}.20", "parent {a}.30"),
    );
    let a = &bed.a;
    assert_eq!(
        planned(&bed),
        [
            format!("create vlan {a}.30"),
            "recreate container b1".to_string(),
            "recreate container b2".to_string(),
            "recreate network v20".to_string(),
            format!("remove vlan {a}.20"),
        ]
    );
    bed.must(&["up"]);
    assert!(link(&format!("{a}.20")).is_none(), "{a}.20 left behind");
    let shown = link(&format!("{a}.30")).expect("vlan 30 created");
    assert!(shown.contains("vlan protocol 802.1Q id 30 "), "{shown}");
    assert_eq!(
        (ifindex(&format!("{a}.10")), networks(&bed, kept_networks)),
        kept
    );
    assert_ne!(networks(&bed, &["v20"]), v20);
    for (name, (before, after)) in containers.iter().zip(first.iter().zip(ids(&bed))) {
        let recreated = matches!(*name, "b1" | "b2");
        assert_eq!(
            before != &after,
            recreated,
            "container {name}: recreated {}",
            before != &after
        );
    }
    assert_pings(&bed, "b1", "10.20.0.252", true);
    assert_pings(&bed, "b1", "10.20.0.254", false);
    assert_pings(&bed, "a2", "10.10.0.254", true);

    // Down: exactly what macrame made; the bed's veths and the far end's
    // namespaces stay.
    bed.must(&["down"]);
    assert_eq!(bed.marked_links(), Vec::<String>::new());
    let mut expected = before.clone();
    expected.extend([
        format!("link {}@{}:", bed.a, bed.b),
        format!("link {}@{}:", bed.b, bed.a),
    ]);
    expected.sort();
    assert_eq!(host_state(), expected);
    drop(namespaces);
}

/// On the guest's NIC `nic0`, there at boot: a vlan on a vlan, a network
/// and a shim on the inner one, the host reaching its container through
/// the shim; a vlan the file declares that exists unmarked is refused and
/// left as it was.
#[test]
#[ignore = "runs inside the VM, booted by vlans_stacked_vlans_and_ipvlan_on_the_systems_engine"]
fn inner_stacked() {
    inside_vm();
    let bed = Bed::new();
    let shim = format!("{}s", bed.project);
    let text = format!(
        "project {{project}}
parent nic0
vlan 100 on nic0
vlan 200 on nic0.100
network inner {{ parent nic0.100.200; subnet 10.200.0.0/24 gateway 10.200.0.1 }}
shim {shim} {{ network inner; address 10.200.0.250/32; route 10.200.0.0/28 }}
container c1 {{ image \"{IMAGE}\"; command \"sleep\" \"3600\"; network inner ip 10.200.0.10 }}
"
    );
    // A NIC that is down is refused, as on a host.
    bed.file(&text);
    bed.must_refuse(&["up"], &["interface `nic0` is down"]);
    ok("ip", &["link", "set", "nic0", "up"]);

    // nic0.300 made by hand: declaring it is refused, and it is untouched.
    ok(
        "ip",
        &[
            "link", "add", "link", "nic0", "name", "nic0.300", "type", "vlan", "id", "300",
        ],
    );
    let untouched = link("nic0.300").unwrap();
    bed.file(&format!(
        "{text}vlan 300 on nic0
network other {{ parent nic0.300; subnet 10.201.0.0/24 }}
container c2 {{ image \"{IMAGE}\"; command \"sleep\" \"3600\"; network other ip 10.201.0.10 }}
"
    ));
    bed.must_refuse(
        &["up"],
        &["interface `nic0.300` already exists and is not this project's"],
    );
    assert_eq!(link("nic0.300").as_ref(), Some(&untouched));

    bed.file(&text);
    bed.must(&["up"]);
    let outer = link("nic0.100").expect("nic0.100");
    let inner = link("nic0.100.200").expect("nic0.100.200");
    assert!(
        outer.contains("nic0.100@nic0:") && outer.contains("vlan protocol 802.1Q id 100 "),
        "{outer}"
    );
    assert!(
        inner.contains("nic0.100.200@nic0.100:") && inner.contains("vlan protocol 802.1Q id 200 "),
        "{inner}"
    );
    for (name, shown) in [("nic0.100", &outer), ("nic0.100.200", &inner)] {
        assert!(
            shown.contains(&format!("alias macrame:{}:vlan:{name}", bed.project)),
            "{shown}"
        );
    }
    let shim_link = link(&shim).expect("shim created");
    assert!(
        shim_link.contains(&format!("{shim}@nic0.100.200:")),
        "{shim_link}"
    );

    // The host reaches the container through the shim, and only through
    // it (the route is checked before anything is sent).
    let route = ok("ip", &["route", "get", "10.200.0.10"]);
    assert!(route.contains(&format!("dev {shim} ")), "{route}");
    let ping = host_ping(&shim, "10.200.0.10", "1", "3");
    assert!(
        ping.status.success(),
        "{}",
        String::from_utf8_lossy(&ping.stdout)
    );
    assert_eq!(planned(&bed), Vec::<String>::new());

    bed.must(&["down"]);
    for gone in ["nic0.100", "nic0.100.200", shim.as_str()] {
        assert!(link(gone).is_none(), "{gone} left behind");
    }
    assert!(link("nic0").is_some());
    assert_eq!(link("nic0.300").as_ref(), Some(&untouched));
}

/// A Wi-Fi-style ipvlan l2 network on `nic1` and an l3 one on `nic2`, each
/// with a shim: containers reach each other, the host reaches them through
/// the shim, and every endpoint has the parent's MAC. And what this
/// machine's own container cannot start: a privileged container. Then the
/// Wi-Fi example (examples/wifi-ipvlan.mcr) as written, on nic1.
#[test]
#[ignore = "runs inside the VM, booted by vlans_stacked_vlans_and_ipvlan_on_the_systems_engine"]
fn inner_ipvlan() {
    inside_vm();
    ok("ip", &["link", "set", "nic1", "up"]);
    ok("ip", &["link", "set", "nic2", "up"]);
    let bed = Bed::new();
    let (shim2, shim3) = (format!("{}l2", bed.project), format!("{}l3", bed.project));
    bed.file(&format!(
        "project {{project}}
parent nic1
parent nic2
network wifi {{ driver ipvlan; parent nic1; subnet 10.210.0.0/24 gateway 10.210.0.1 }}
network routed {{ driver ipvlan; mode l3; parent nic2; subnet 10.211.0.0/24 }}
shim {shim2} {{ network wifi; address 10.210.0.250/32; route 10.210.0.0/28 }}
shim {shim3} {{ network routed; address 10.211.0.250/32; route 10.211.0.0/28 }}
container a {{ image \"{IMAGE}\"; command \"sleep\" \"3600\"; network wifi ip 10.210.0.10 }}
container b {{ image \"{IMAGE}\"; command \"sleep\" \"3600\"; network wifi ip 10.210.0.11 }}
container c {{ image \"{IMAGE}\"; command \"sleep\" \"3600\"; network routed ip 10.211.0.10 }}
container d {{ image \"{IMAGE}\"; command \"sleep\" \"3600\"; network routed ip 10.211.0.11; privileged }}
"
    ));
    bed.must(&["up"]);
    for (shim, mode) in [(&shim2, "l2"), (&shim3, "l3")] {
        let shown = link(shim).expect("shim made");
        assert!(shown.contains(&format!("ipvlan  mode {mode} ")), "{shown}");
    }
    let mac = std::fs::read_to_string("/sys/class/net/nic1/address").unwrap();
    let inside = bed.stdout_of("a", &["cat", "/sys/class/net/eth0/address"]);
    assert_eq!(
        inside.trim(),
        mac.trim(),
        "an ipvlan endpoint has its parent's MAC"
    );

    assert_pings(&bed, "b", "10.210.0.10", true);
    assert_pings(&bed, "d", "10.211.0.10", true);
    for (shim, address) in [(&shim2, "10.210.0.10"), (&shim3, "10.211.0.10")] {
        let route = ok("ip", &["route", "get", address]);
        assert!(route.contains(&format!("dev {shim} ")), "{route}");
        let ping = host_ping(shim, address, "3", "2");
        assert!(
            ping.status.success(),
            "host -> {address} through {shim}: {}",
            String::from_utf8_lossy(&ping.stdout)
        );
    }
    let privileged = docker_inspect(
        "{{.HostConfig.Privileged}} {{.State.Running}}",
        &bed.container("d"),
    );
    assert_eq!(privileged.trim(), "true true");
    assert_eq!(
        planned(&bed),
        Vec::<String>::new(),
        "a second up changes nothing"
    );

    bed.must(&["down"]);
    for gone in [&shim2, &shim3] {
        assert!(link(gone).is_none(), "{gone} left behind");
    }

    // examples/wifi-ipvlan.mcr, with nic1 as its Wi-Fi NIC.
    let wifi = Bed::new();
    let text = wifi.example(
        "wifi-ipvlan.mcr",
        &[("wlan0", "nic1")],
        &[("192.168.7.", "10.212.0.")],
    );
    wifi.file(&text);
    wifi.must(&["up"]);
    assert_pings(&wifi, "mosquitto", "10.212.0.10", true);
    let ping = host_ping("wifi-host", "10.212.0.11", "3", "2");
    assert!(
        ping.status.success(),
        "host -> mosquitto through the example's shim"
    );
    assert!(link("wifi-host").unwrap().contains("ipvlan  mode l2 "));
    wifi.must(&["down"]);
}

const REBOOT: &str = "project mtreboot
parent nic0
vlan 10 on nic0
network lan { parent nic0.10; subnet 10.30.0.0/24 gateway 10.30.0.1 }
container keeper { image \"macrame-test/busybox-volume:latest\"; command \"sleep\" \"3600\"; network lan ip 10.30.0.10 }
";

/// `up` on a disk, power off, boot again on the same disk: Docker's state
/// is there, with the volume's contents; the kernel's links are not.
#[test]
fn a_reboot_keeps_dockers_state() {
    let dir = tempfile::Builder::new()
        .prefix("macrame-vm-disk")
        .tempdir()
        .unwrap();
    let disk = dir.path().join("disk.img");
    let disk = disk.to_str().unwrap();
    let first = in_vm("inner_before_reboot", &["--disk", disk, "--nics", "1"], &[]);
    let id = first
        .lines()
        // libtest prints `test NAME ... ` before the first line.
        .find_map(|l| l.split_once("keeper: ").map(|(_, id)| id))
        .expect("the first boot names the container")
        .trim()
        .to_string();
    in_vm(
        "inner_after_reboot",
        &["--disk", disk, "--nics", "1"],
        &[("MACRAME_VM_KEEPER", &id)],
    );
}

#[test]
#[ignore = "runs inside the VM, booted by a_reboot_keeps_dockers_state"]
fn inner_before_reboot() {
    inside_vm();
    ok("ip", &["link", "set", "nic0", "up"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("macrame.mcr");
    std::fs::write(&file, REBOOT).unwrap();
    std::fs::write("/etc/macrame-vm-reboot", "kept\n").unwrap();
    let file = file.to_str().unwrap();
    ok(
        env!("CARGO_BIN_EXE_macrame"),
        &["up", "-f", file, "--timeout", "1", "--no-persist"],
    );
    ok(
        "docker",
        &[
            "exec",
            "mtreboot-keeper",
            "sh",
            "-c",
            "echo survived > /data/proof",
        ],
    );
    assert!(link("nic0.10").is_some());
    println!("keeper: {}", docker_id("container", "mtreboot-keeper"));
}

#[test]
#[ignore = "runs inside the VM, booted by a_reboot_keeps_dockers_state"]
fn inner_after_reboot() {
    inside_vm();
    let expected = std::env::var("MACRAME_VM_KEEPER").expect("the first boot's container");
    assert_eq!(docker_id("container", "mtreboot-keeper"), expected);
    assert!(
        ok("docker", &["network", "ls", "--format", "{{.Name}}"])
            .lines()
            .any(|l| l == "mtreboot_lan"),
        "the network is gone"
    );
    let proof = ok(
        "docker",
        &[
            "run",
            "--rm",
            "--volumes-from",
            "mtreboot-keeper",
            "macrame-test/busybox:latest",
            "cat",
            "/data/proof",
        ],
    );
    assert_eq!(proof, "survived\n");
    assert_eq!(
        std::fs::read_to_string("/etc/macrame-vm-reboot").unwrap(),
        "kept\n",
        "/etc lost its change"
    );
    // The kernel's state went with the power, macrame's mark with it:
    // dockerd, restoring the network, made its dotted parent again itself
    // (measured on 20.10), a vlan of the same name without the mark.
    let vlan = link("nic0.10").expect("dockerd makes a missing dotted parent again");
    assert!(!vlan.contains("alias macrame:"), "{vlan}");
}

/// The project the reboot tests bring up: two vlans, a shim with a route,
/// a container with a restart policy, one without, and one on two
/// networks whose default route is not the one the engine picks (20.10
/// picks by network name: `dmz` before `lan`).
const BOOT: &str = "project mtboot
parent nic0
vlan 10 on nic0
vlan 20 on nic0 { mtu 1400 }
network lan { parent nic0.10; subnet 10.40.0.0/24 gateway 10.40.0.1 }
network dmz { parent nic0.20; subnet 10.41.0.0/24 gateway 10.41.0.1 }
shim mtboot-shim { network lan; address 10.40.0.250/32; route 10.40.0.0/28 }
container always { image \"macrame-test/busybox:latest\"; command \"sleep\" \"3600\"; network lan ip 10.40.0.10; restart always }
container plain { image \"macrame-test/busybox:latest\"; command \"sleep\" \"3600\"; network lan ip 10.40.0.11 }
container both {
  image \"macrame-test/busybox:latest\"
  command \"sleep\" \"3600\"
  network dmz ip 10.41.0.12
  network lan ip 10.40.0.12
  gateway lan
  restart unless-stopped
}
";

/// Where the reboot tests keep their file: on the guest's disk.
const BOOT_DIR: &str = "/var/lib/macrame-test-boot";

/// A parent that goes away and comes back: a veth of the test's own,
/// deleted and made again, under systemd.
const REPLUG: &str = "project mtplug
parent mtplug0
vlan 30 on mtplug0
network wire { parent mtplug0.30; subnet 10.42.0.0/24 gateway 10.42.0.1 }
shim mtplug-shim { network wire; address 10.42.0.250/32; route 10.42.0.0/28 }
";

/// `up` with persistence, reboot with systemd as pid 1 (its units run as
/// on a real host: `scripts/vm run --systemd`), and the project is back
/// with no command by hand; `down`, reboot, and nothing of it is left.
#[test]
fn a_reboot_brings_the_project_back_and_down_leaves_nothing() {
    reboots(&["inner_boot_up", "inner_boot_back", "inner_boot_gone"]);
}

/// The host's own network configuration in the test guest: nic0 up at
/// boot, as ifupdown or networkd would bring a real NIC up.
const NIC_UP: &str = "[Unit]
Description=the test host's own network: nic0 up
BindsTo=sys-subsystem-net-devices-nic0.device
After=sys-subsystem-net-devices-nic0.device
Before=network-pre.target
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/sbin/ip link set nic0 up

[Install]
WantedBy=multi-user.target
";

fn boot_file() -> String {
    format!("{BOOT_DIR}/macrame.mcr")
}

/// The units and snapshot of a project on this host.
fn persistence_of(project: &str) -> Vec<String> {
    let mut found = Vec::new();
    for dir in ["/etc/systemd/system", "/var/lib/macrame"] {
        for entry in walk(Path::new(dir)) {
            if entry.contains(&format!("macrame-{project}"))
                || entry.ends_with(&format!("/{project}.json"))
            {
                found.push(entry);
            }
        }
    }
    found.sort();
    found
}

#[test]
#[ignore = "runs inside the VM, booted by a_reboot_brings_the_project_back_and_down_leaves_nothing"]
fn inner_boot_up() {
    inside_vm();
    assert_eq!(ok("ps", &["-p", "1", "-o", "comm="]).trim(), "systemd");
    std::fs::write("/etc/systemd/system/mtboot-nic-up.service", NIC_UP).unwrap();
    std::fs::create_dir_all("/etc/systemd/system/multi-user.target.wants").unwrap();
    std::os::unix::fs::symlink(
        "/etc/systemd/system/mtboot-nic-up.service",
        "/etc/systemd/system/multi-user.target.wants/mtboot-nic-up.service",
    )
    .unwrap();
    ok("ip", &["link", "set", "nic0", "up"]);
    std::fs::create_dir_all(BOOT_DIR).unwrap();
    std::fs::write(boot_file(), BOOT).unwrap();
    // What was there before the project, for the last boot to compare.
    std::fs::write(format!("{BOOT_DIR}/before"), host_state().join("\n")).unwrap();

    let up = macrame_in(
        &boot_file(),
        &["up", "--timeout", "1", "--progress", "plain"],
    );
    for unit in [
        "macrame-mtboot.service",
        "macrame-mtboot-containers.service",
    ] {
        assert!(up.contains(&format!("/etc/systemd/system/{unit}")), "{up}");
        // systemd's own check of what up installed.
        assert_verified(&format!("/etc/systemd/system/{unit}"));
        assert_eq!(
            ok("systemctl", &["is-enabled", unit]).trim(),
            "enabled",
            "{unit}"
        );
    }
    let ps = macrame_in(&boot_file(), &["ps"]);
    assert!(ps.contains("project mtboot: persistent"), "{ps}");
    let plan = macrame_in(&boot_file(), &["plan"]);
    assert_eq!(plan, "project mtboot: nothing to do\n");
    let route = default_route("mtboot-both");
    assert!(route.contains("via 10.40.0.1 "), "{route}");

    // A parent that goes away and comes back gets its vlan back: systemd
    // starts the unit again when the device does.
    ok(
        "ip",
        &[
            "link", "add", "mtplug0", "type", "veth", "peer", "name", "mtplug1",
        ],
    );
    ok("ip", &["link", "set", "mtplug0", "up"]);
    let replug = format!("{BOOT_DIR}/replug.mcr");
    std::fs::write(&replug, REPLUG).unwrap();
    macrame_in(&replug, &["up", "--progress", "plain"]);
    assert!(link("mtplug0.30").is_some());
    ok("ip", &["link", "del", "mtplug0"]);
    assert!(
        link("mtplug0.30").is_none(),
        "the vlan goes with its parent"
    );
    // Unplugged as systemd sees it before it comes back, as a USB NIC
    // would be.
    let device = "sys-subsystem-net-devices-mtplug0.device";
    for _ in 0..150 {
        let state = sh("systemctl", &["is-active", device]);
        if String::from_utf8_lossy(&state.stdout).trim() == "inactive" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    ok(
        "ip",
        &[
            "link", "add", "mtplug0", "type", "veth", "peer", "name", "mtplug1",
        ],
    );
    // Made, then marked: two requests, so wait for the mark.
    let mark = "alias macrame:mtplug:vlan:mtplug0.30";
    let mut back = None;
    for _ in 0..150 {
        back = link("mtplug0.30");
        if back.as_ref().is_some_and(|shown| shown.contains(mark)) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let back = back.unwrap_or_else(|| {
        panic!(
            "mtplug0.30 not back within 30 s of its parent:\n{}",
            String::from_utf8_lossy(
                &sh(
                    "journalctl",
                    &[
                        "-b",
                        "-u",
                        "macrame-mtplug.service",
                        "-u",
                        device,
                        "--no-pager"
                    ]
                )
                .stdout
            )
        )
    });
    assert!(back.contains(mark), "{back}");
    // And the shim on it, with its address and route, made after it.
    let configured = || {
        sh("ip", &["-o", "addr", "show", "dev", "mtplug-shim"])
            .stdout
            .windows(b"10.42.0.250/32".len())
            .any(|w| w == b"10.42.0.250/32")
    };
    for _ in 0..50 {
        if configured() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let shim = link("mtplug-shim").expect("mtplug-shim back with its vlan");
    assert!(
        shim.contains("alias macrame:mtplug:shim:mtplug-shim"),
        "{shim}"
    );
    let address = ok("ip", &["-o", "addr", "show", "dev", "mtplug-shim"]);
    assert!(address.contains("10.42.0.250/32"), "{address}");
    let route = ok("ip", &["route", "show", "10.42.0.0/28"]);
    assert!(route.contains("dev mtplug-shim"), "{route}");
    macrame_in(&replug, &["down", "--progress", "plain"]);
    ok("ip", &["link", "del", "mtplug0"]);
    assert_eq!(persistence_of("mtplug"), Vec::<String>::new());
}

#[test]
#[ignore = "runs inside the VM, booted by a_reboot_brings_the_project_back_and_down_leaves_nothing"]
fn inner_boot_back() {
    inside_vm();
    // No command by hand: systemd ran both units as it booted (the host
    // side's does not remain active, so that a parent coming back starts
    // it again: it ran this boot, and succeeded).
    for unit in [
        "macrame-mtboot.service",
        "macrame-mtboot-containers.service",
    ] {
        let shown = ok(
            "systemctl",
            &[
                "show",
                "-p",
                "Result,ExecMainStatus,InactiveExitTimestampMonotonic",
                unit,
            ],
        );
        assert!(
            shown.contains("Result=success")
                && shown.contains("ExecMainStatus=0")
                && !shown.contains("InactiveExitTimestampMonotonic=0\n"),
            "{unit}: {shown}\n{}",
            ok("journalctl", &["-b", "-u", unit, "--no-pager"])
        );
    }
    for name in ["nic0.10", "nic0.20", "mtboot-shim"] {
        let shown = link(name).unwrap_or_else(|| panic!("{name} is not back"));
        assert!(shown.contains("alias macrame:mtboot:"), "{shown}");
    }
    assert!(
        link("nic0.20").unwrap().contains(" mtu 1400 "),
        "its MTU too"
    );
    let address = ok("ip", &["-o", "addr", "show", "dev", "mtboot-shim"]);
    assert!(address.contains("10.40.0.250/32"), "{address}");
    let route = ok("ip", &["route", "get", "10.40.0.10"]);
    assert!(route.contains("dev mtboot-shim "), "{route}");
    // The host reaches a container through the shim, and only through it.
    let ping = host_ping("mtboot-shim", "10.40.0.10", "3", "3");
    assert!(
        ping.status.success(),
        "{}",
        String::from_utf8_lossy(&ping.stdout)
    );
    assert_running_with(&[
        ("mtboot-always", &["10.40.0.10"]),
        ("mtboot-plain", &["10.40.0.11"]),
        ("mtboot-both", &["10.40.0.12", "10.41.0.12"]),
    ]);
    let route = default_route("mtboot-both");
    assert!(
        route.contains("via 10.40.0.1 "),
        "the engine's choice came back: {route}"
    );
    assert_eq!(
        macrame_in(&boot_file(), &["plan"]),
        "project mtboot: nothing to do\n"
    );

    let down = macrame_in(
        &boot_file(),
        &["down", "--timeout", "1", "--progress", "plain"],
    );
    assert!(
        down.contains("- remove   file /etc/systemd/system/macrame-mtboot.service"),
        "{down}"
    );
    assert_eq!(persistence_of("mtboot"), Vec::<String>::new());
}

#[test]
#[ignore = "runs inside the VM, booted by a_reboot_brings_the_project_back_and_down_leaves_nothing"]
fn inner_boot_gone() {
    inside_vm();
    assert_eq!(persistence_of("mtboot"), Vec::<String>::new());
    let before = std::fs::read_to_string(format!("{BOOT_DIR}/before")).unwrap();
    assert_eq!(
        host_state().join("\n"),
        before,
        "the host is not as before the project"
    );
    // The host's own unit is untouched, and ran.
    assert_eq!(
        std::fs::read_to_string("/etc/systemd/system/mtboot-nic-up.service").unwrap(),
        NIC_UP
    );
    assert!(link("nic0").unwrap().contains("state UP"));
}
