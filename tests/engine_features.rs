//! What differs between engines and kernels, asserted on each: vlans on
//! a kernel without 8021q, IPv6, parents shared between networks, a MAC on
//! a second network, IPv6-only networks. Real engine and kernel
//! (`scripts/testbed`; scripts/test runs these on every engine).

mod common;

use common::bed::{Bed, engine, ok, pings};

#[test]
fn vlans_on_this_kernel_are_refused_with_the_module_to_load() {
    let bed = Bed::new();
    bed.file(
        "project {project}
vlan 50 on {a}
network v50 { parent {a}.50; subnet 10.210.1.0/24 gateway 10.210.1.1 }
container web { image \"{image}\"; command sleep 600; network v50 ip 10.210.1.10 }
",
    );
    if std::path::Path::new("/proc/net/vlan").exists() {
        // A kernel with 8021q: the user-mode-Linux test covers vlans.
        return;
    }
    let run = bed.macrame(&["plan"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("modprobe 8021q"), "{}", run.stderr);
    assert!(bed.marked_links().is_empty());
}

#[test]
fn creating_a_vlan_on_this_kernel_names_the_missing_module() {
    if std::path::Path::new("/proc/net/vlan").exists() {
        return; // a kernel with 8021q: covered in user-mode Linux
    }
    let bed = Bed::new();
    let spec = macrame::plan::spec::VlanSpec {
        name: format!("{}.7", bed.a),
        parent: bed.a.clone(),
        id: 7,
        mtu: None,
        mark: format!("macrame:{}:vlan:{}.7", bed.project, bed.a),
    };
    let error = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            macrame::host::Host::connect()
                .unwrap()
                .create_vlan(&spec)
                .await
        })
        .expect_err("this kernel has no 8021q");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("vlan {}.7: create failed: ", bed.a)),
        "{message}"
    );
    assert!(message.contains("modprobe 8021q"), "{message}");
    assert!(bed.marked_links().is_empty());
}

#[test]
fn an_ipv6_subnet_turns_ipv6_on() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan {
  parent {a}
  subnet 10.214.1.0/24 gateway 10.214.1.1
  subnet fd00:214::/64 gateway fd00:214::1
}
container one { image \"{image}\"; command sleep 600; network lan { ip 10.214.1.10; ip6 fd00:214::10 } }
container two { image \"{image}\"; command sleep 600; network lan { ip 10.214.1.11; ip6 fd00:214::11 } }
",
    );
    bed.must(&["up"]);
    assert_eq!(
        ok(
            "docker",
            &[
                "network",
                "inspect",
                "-f",
                "{{.EnableIPv6}}",
                &bed.network("lan")
            ]
        )
        .trim(),
        "true"
    );
    let addresses = bed.stdout_of("one", &["ip", "-6", "addr"]);
    assert!(addresses.contains("fd00:214::10/64"), "{addresses}");
    // Duplicate address detection may hold the address a moment.
    let reached = (0..20).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(250));
        pings(&bed.exec("two", &["ping", "-6", "-c1", "-W1", "fd00:214::10"]))
    });
    assert!(reached, "two → one over IPv6");
    assert_eq!(
        bed.macrame(&["plan", "--exit-code"]).status,
        0,
        "a second plan is empty"
    );
}

#[test]
fn networks_share_a_parent_where_the_engine_allows_it() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network one { parent {a}; subnet 10.216.1.0/24 }
network two { parent {a}; subnet 10.216.2.0/24 }
container x { image \"{image}\"; command sleep 600; network one ip 10.216.1.10 }
container y { image \"{image}\"; command sleep 600; network one ip 10.216.1.11 }
container z { image \"{image}\"; command sleep 600; network two ip 10.216.2.10 }
",
    );
    if engine().release < (27, 0) {
        // Refused before anything is applied, naming both networks.
        bed.must_refuse(&["up"], &["networks one, two share parent", "before 27.0"]);
        return;
    }
    bed.must(&["up"]);
    assert!(pings(
        &bed.exec("x", &["ping", "-c1", "-W2", "10.216.1.11"])
    ));
    let z = bed.stdout_of("z", &["ip", "-4", "addr"]);
    assert!(z.contains("inet 10.216.2.10/24"), "{z}");
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
    bed.must(&["down"]);
    assert!(bed.marked_links().is_empty());
}

#[test]
fn a_mac_on_a_second_network_where_the_engine_allows_it() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network one { parent {a}; subnet 10.217.1.0/24 }
network two { parent {b}; subnet 10.217.2.0/24 }
container m {
  image \"{image}\"
  command sleep 600
  network one { ip 10.217.1.10; mac 02:00:0a:d9:01:0a }
  network two { ip 10.217.2.10; mac 02:00:0a:d9:02:0a }
}
",
    );
    if engine().api < (1, 44) {
        bed.must_refuse(&["up"], &["cannot set a MAC on a second network (`two`)"]);
        return;
    }
    bed.must(&["up"]);
    let links = bed.stdout_of("m", &["ip", "-o", "link"]);
    for mac in ["02:00:0a:d9:01:0a", "02:00:0a:d9:02:0a"] {
        assert!(links.contains(mac), "{links}");
    }
    let id = bed.container_id("m");
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
    bed.must(&["up"]);
    assert_eq!(bed.container_id("m"), id);
}

#[test]
fn an_ipv6_only_network_gets_no_ipv4_where_the_engine_allows_it() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network six { parent {a}; subnet fd00:218::/64 gateway fd00:218::1 }
container one { image \"{image}\"; command sleep 600; network six ip6 fd00:218::10 }
",
    );
    if engine().api < (1, 48) {
        bed.must_refuse(
            &["up"],
            &["`six` has only IPv6 subnets", "cannot leave IPv4 off"],
        );
        return;
    }
    bed.must(&["up"]);
    let inspect = ok(
        "docker",
        &[
            "network",
            "inspect",
            "-f",
            "{{.EnableIPv4}} {{.EnableIPv6}} {{len .IPAM.Config}}",
            &bed.network("six"),
        ],
    );
    assert_eq!(inspect.trim(), "false true 1");
    let v4 = bed.stdout_of("one", &["ip", "-4", "addr", "show", "eth0"]);
    assert!(!v4.contains("inet "), "an IPv4 address: {v4}");
    let v6 = bed.stdout_of("one", &["ip", "-6", "route"]);
    assert!(v6.contains("default via fd00:218::1 "), "{v6}");
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
}
