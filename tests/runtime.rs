//! The runtime on the real engine and kernel: each test makes its own
//! veth parents and project, with subnets of its own (tests run at once,
//! and the engine refuses overlapping pools), and cleans up on drop.
//!
//! Needs root and a running dockerd with the test image: `scripts/testbed`
//! (the README's test command runs it first).

mod common;

use common::bed::{Bed, docker_inspect, engine, has_line, ok, sh};

fn pings(output: &std::process::Output) -> bool {
    output.status.success() && String::from_utf8_lossy(&output.stdout).contains(" 0% packet loss")
}

#[test]
fn up_pings_on_one_network_across_subnets_and_on_both_veth_ends() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network left {
  parent {a}
  subnet 10.201.1.0/24 gateway 10.201.1.1
  subnet 10.201.2.0/24 gateway 10.201.2.1
}
network right {
  parent {b}
  subnet 10.201.3.0/24 gateway 10.201.3.1
}
container a1 { image \"{image}\"; command sleep 600; network left ip 10.201.1.10 }
container a2 { image \"{image}\"; command sleep 600; network left ip 10.201.1.11; depends-on a1 }
container a3 { image \"{image}\"; command sleep 600; network left ip 10.201.2.10 }
container b1 { image \"{image}\"; command sleep 600; network right ip 10.201.3.10 }
container b2 { image \"{image}\"; command sleep 600; network right ip 10.201.3.11 }
",
    );
    bed.must(&["up", "--progress", "plain"]);
    assert!(
        pings(&bed.exec("a2", &["ping", "-c1", "-W2", "10.201.1.10"])),
        "a2 → a1"
    );
    assert!(
        pings(&bed.exec("b2", &["ping", "-c1", "-W2", "10.201.3.10"])),
        "b2 → b1 on the other end"
    );
    let addresses = bed.stdout_of("a3", &["ip", "-4", "addr"]);
    assert!(
        addresses.contains("10.201.2.10/24"),
        "a3 in the second subnet: {addresses}"
    );
}

#[test]
fn the_host_reaches_a_container_through_its_shim_and_not_without() {
    let bed = Bed::new();
    // The parent gets an address in the subnet, so the host's route to the
    // container goes through the test's own veth, never out of eth0.
    ok("ip", &["addr", "add", "10.202.1.200/24", "dev", &bed.a]);
    let without = "project {project}
network lan { parent {a}; subnet 10.202.1.0/24 gateway 10.202.1.1 }
container web { image \"{image}\"; command sleep 600; network lan ip 10.202.1.10 }
";
    bed.file(without).must(&["up"]);
    let route = ok("ip", &["route", "get", "10.202.1.10"]);
    assert!(
        route.contains(&format!("dev {}", bed.a)),
        "route through the test's veth: {route}"
    );
    let blocked = sh(
        "busybox",
        &["ping", "-c1", "-W1", "-I", &bed.a, "10.202.1.10"],
    );
    assert!(
        !pings(&blocked),
        "the host reached its macvlan child without a shim"
    );

    let shim = format!("{}s", bed.a);
    bed.file(&format!(
        "{without}shim {shim} {{ network lan; address 10.202.1.250/32; route 10.202.1.0/28 }}\n"
    ));
    let run = bed.must(&["up"]);
    assert!(
        run.stdout.contains(&format!("+ create   shim {shim}")),
        "{}",
        run.stdout
    );
    // The shim's address is reserved in the network's IPAM, which the
    // engine cannot change in place.
    assert!(
        has_line(
            &run.stdout,
            &format!(
                "~ recreate network lan (reserved addresses +macrame-shim-{shim} 10.202.1.250)"
            )
        ),
        "{}",
        run.stdout
    );
    let route = ok("ip", &["route", "get", "10.202.1.10"]);
    assert!(
        route.contains(&format!("dev {shim}")),
        "route through the shim: {route}"
    );
    let reached = sh(
        "busybox",
        &["ping", "-c1", "-W2", "-I", &shim, "10.202.1.10"],
    );
    assert!(
        pings(&reached),
        "the host did not reach the container through the shim"
    );
}

#[test]
fn gateway_chooses_the_default_route_against_the_engines_order() {
    let bed = Bed::new();
    // The engine (before gw_priority) takes the default route from the
    // network first by name: `alpha`. The file says `zulu`.
    bed.file(
        "project {project}
network alpha { parent {a}; subnet 10.203.1.0/24 gateway 10.203.1.1 }
network zulu { parent {b}; subnet 10.203.2.0/24 gateway 10.203.2.1 }
container c {
  image \"{image}\"
  command sleep 600
  network alpha ip 10.203.1.10
  network zulu ip 10.203.2.10
  gateway zulu
}
container d {
  image \"{image}\"
  command sleep 600
  network zulu ip 10.203.2.11
  network alpha ip 10.203.1.11
  gateway alpha
}
",
    );
    bed.must(&["up"]);
    let routes = bed.stdout_of("c", &["ip", "route"]);
    let default: Vec<&str> = routes
        .lines()
        .filter(|l| l.starts_with("default"))
        .collect();
    assert_eq!(default.len(), 1, "{routes}");
    assert!(
        default[0].starts_with("default via 10.203.2.1 "),
        "{routes}"
    );
    let routes = bed.stdout_of("d", &["ip", "route"]);
    assert!(routes.contains("default via 10.203.1.1 "), "{routes}");

    ok("docker", &["restart", "-t", "0", &bed.container("c")]);
    let routes = bed.stdout_of("c", &["ip", "route"]);
    if engine().api >= (1, 48) {
        // `gw_priority` is the engine's own setting: a restart keeps it.
        assert!(routes.contains("default via 10.203.2.1 "), "{routes}");
        assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
        // A container made before an upgrade to 28 has no priority, and
        // its restart puts the engine's choice back: as here, by hand.
        let pid = docker_inspect("{{.State.Pid}}", &bed.container("c"));
        ok(
            "nsenter",
            &[
                "-t",
                pid.trim(),
                "-n",
                "ip",
                "route",
                "replace",
                "default",
                "via",
                "10.203.1.1",
            ],
        );
    } else {
        // Before it, a restart puts the engine's choice back.
        assert!(
            routes.contains("default via 10.203.1.1 "),
            "the engine's own choice after a restart: {routes}"
        );
    }
    // Plan reads the route itself, on every engine, and up puts the
    // file's back.
    let plan = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(plan.status, 2, "{}", plan.stdout);
    assert!(
        has_line(
            &plan.stdout,
            "~ recreate container c (default route not via 10.203.2.1: the engine put its own back)"
        ),
        "{}",
        plan.stdout
    );
    bed.must(&["up"]);
    let routes = bed.stdout_of("c", &["ip", "route"]);
    assert!(routes.contains("default via 10.203.2.1 "), "{routes}");
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
}

#[test]
fn second_up_changes_nothing_and_an_address_change_recreates_one_container() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.204.1.0/24 gateway 10.204.1.1 }
container one { image \"{image}\"; command sleep 600; network lan ip 10.204.1.10 }
container two { image \"{image}\"; command sleep 600; network lan ip 10.204.1.11 }
";
    bed.file(v1);
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 2);
    bed.must(&["up"]);
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
    let (one, two) = (bed.container_id("one"), bed.container_id("two"));
    let network = ok(
        "docker",
        &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")],
    );

    let again = bed.must(&["up"]);
    assert!(again.stdout.contains("nothing to do"), "{}", again.stdout);
    assert_eq!(
        (bed.container_id("one"), bed.container_id("two")),
        (one.clone(), two.clone())
    );

    bed.file(&v1.replace("10.204.1.11", "10.204.1.12"));
    let plan = bed.macrame(&["plan", "--format", "json", "--exit-code"]);
    assert_eq!(plan.status, 2);
    assert_eq!(
        plan.stdout.trim(),
        format!(
            r#"{{"project":"{}","changes":[{{"action":"recreate","kind":"container","name":"two","cause":"ip 10.204.1.11 → 10.204.1.12"}}],"summary":{{"create":0,"recreate":1,"remove":0}},"persistence":[{{"action":"write","cause":"changed","path":"{}/{}.json"}}]}}"#,
            bed.project,
            bed.state_dir.display(),
            bed.project
        )
    );
    bed.must(&["up"]);
    assert_eq!(
        bed.container_id("one"),
        one,
        "only the changed container is recreated"
    );
    assert_ne!(bed.container_id("two"), two);
    assert_eq!(
        ok(
            "docker",
            &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")]
        ),
        network
    );
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
}

#[test]
fn a_subnet_change_recreates_the_network_and_its_containers() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.205.1.0/24 gateway 10.205.1.1 }
network other { parent {b}; subnet 10.205.9.0/24 gateway 10.205.9.1 }
container on { image \"{image}\"; command sleep 600; network lan ip 10.205.1.10 }
container off { image \"{image}\"; command sleep 600; network other ip 10.205.9.10 }
";
    bed.file(v1).must(&["up"]);
    let off = bed.container_id("off");
    bed.file(&v1.replace("10.205.1.", "10.205.2."));
    let plan = bed.must(&["plan"]);
    assert!(
        plan.stdout.contains("~ recreate network lan"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("~ recreate container on"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("off"), "{}", plan.stdout);
    bed.must(&["up"]);
    assert_eq!(bed.container_id("off"), off);
    let addresses = bed.stdout_of("on", &["ip", "-4", "addr"]);
    assert!(addresses.contains("10.205.2.10/24"), "{addresses}");
}

#[test]
fn down_leaves_no_labelled_object_and_no_marked_link() {
    let bed = Bed::new();
    let shim = format!("{}s", bed.a);
    bed.file(&format!(
        "project {{project}}
network lan {{ parent {{a}}; subnet 10.206.1.0/24 gateway 10.206.1.1 }}
shim {shim} {{ network lan; address 10.206.1.250/32 }}
container web {{ image \"{{image}}\"; command sleep 600; network lan ip 10.206.1.10 }}
"
    ));
    bed.must(&["up"]);
    assert_eq!(bed.marked_links().len(), 1);
    let dry = bed.must(&["down", "--dry-run"]);
    assert!(
        dry.stdout.contains("- remove   container web"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        bed.snapshot().len(),
        5,
        "dry run removed something: {:?}",
        bed.snapshot()
    );
    bed.must(&["down"]);
    let label = format!("label=io.macrame.project={}", bed.project);
    assert_eq!(ok("docker", &["ps", "-aq", "--filter", &label]), "");
    assert_eq!(
        ok("docker", &["network", "ls", "-q", "--filter", &label]),
        ""
    );
    assert!(bed.marked_links().is_empty(), "{:?}", bed.marked_links());
    // The veths it did not create are still there; a second down is fine.
    assert!(sh("ip", &["link", "show", &bed.a]).status.success());
    bed.must(&["down"]);
}

#[test]
fn a_missing_image_in_the_middle_fails_naming_it_and_changes_nothing() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.207.1.0/24 gateway 10.207.1.1 }
container first { image \"{image}\"; command sleep 600; network lan ip 10.207.1.10 }
container broken { image \"macrame-test/no-such-image:1\"; network lan ip 10.207.1.11 }
container last { image \"{image}\"; command sleep 600; network lan ip 10.207.1.12 }
",
    );
    bed.must_refuse(
        &["up"],
        &["container broken", "macrame-test/no-such-image:1"],
    );
}

#[test]
fn an_address_taken_by_a_foreign_container_fails_at_start_and_is_undone() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.208.1.0/24 gateway 10.208.1.1 }
container keep { image \"{image}\"; command sleep 600; network lan ip 10.208.1.10 }
";
    bed.file(v1).must(&["up"]);
    // Someone else's container takes .20 on the project's network.
    bed.foreign_container("foreign", "lan", "10.208.1.20");
    let before = bed.snapshot();
    bed.file(&format!(
        "{v1}network wan {{ parent {{b}}; subnet 10.208.2.0/24 gateway 10.208.2.1 }}
container clash {{ image \"{{image}}\"; command sleep 600; network lan ip 10.208.1.20; network wan ip 10.208.2.10; gateway lan }}
"
    ));
    let run = bed.macrame(&["up", "--progress", "plain"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("container clash"), "{}", run.stderr);
    assert!(
        run.stderr.to_lowercase().contains("address already in use"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("undone"), "{}", run.stderr);
    assert_eq!(
        bed.snapshot(),
        before,
        "the network wan and the container clash must be gone"
    );
}

#[test]
fn a_network_under_the_projects_name_that_it_does_not_own_is_refused_and_untouched() {
    let bed = Bed::new();
    let tag = format!("macrame-test={}", bed.project);
    let id = ok(
        "docker",
        &[
            "network",
            "create",
            "-d",
            "macvlan",
            "--label",
            &tag,
            "-o",
            &format!("parent={}", bed.b),
            "--subnet",
            "10.209.9.0/24",
            &bed.network("lan"),
        ],
    );
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.209.1.0/24 gateway 10.209.1.1 }
container web { image \"{image}\"; command sleep 600; network lan ip 10.209.1.10 }
",
    );
    let run = bed.macrame(&["up"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("already exists and is not this project's"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was applied"), "{}", run.stderr);
    assert_eq!(
        ok(
            "docker",
            &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")]
        )
        .trim(),
        id.trim()
    );
    // down leaves it alone too.
    bed.must(&["down"]);
    assert_eq!(
        ok(
            "docker",
            &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")]
        )
        .trim(),
        id.trim()
    );
}

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
        message.starts_with(&format!("vlan {}.7: create vlan failed: ", bed.a)),
        "{message}"
    );
    assert!(message.contains("modprobe 8021q"), "{message}");
    assert!(bed.marked_links().is_empty());
}

#[test]
fn ps_lists_the_projects_objects_and_a_mac_reaches_the_container() {
    let bed = Bed::new();
    let shim = format!("{}s", bed.a);
    bed.file(&format!(
        "project {{project}}
network lan {{ parent {{a}}; subnet 10.211.1.0/24 gateway 10.211.1.1 }}
shim {shim} {{ network lan; address 10.211.1.250/32 }}
container web {{ image \"{{image}}\"; command sleep 600; network lan {{ ip 10.211.1.10; mac 02:00:0a:d3:01:0a }} }}
"
    ));
    bed.must(&["up", "--progress", "json"]);
    let links = bed.stdout_of("web", &["ip", "link"]);
    assert!(links.contains("02:00:0a:d3:01:0a"), "{links}");

    let table = bed.must(&["ps"]).stdout;
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["KIND", "NAME", "STATE", "ADDRESSES", "PARENT"]);
    assert!(
        lines.iter().any(|l| l.as_slice()
            == [
                "shim",
                shim.as_str(),
                "up",
                "10.211.1.250/32",
                bed.a.as_str()
            ]),
        "{table}"
    );
    assert!(
        lines.iter().any(|l| l[..2] == ["network", "lan"]
            && l.contains(&"10.211.1.0/24")
            && l.contains(&bed.a.as_str())),
        "{table}"
    );
    let web = format!("{}_lan", bed.project);
    assert!(
        lines
            .iter()
            .any(|l| l.as_slice() == ["container", "web", "running", "10.211.1.10", web.as_str()]),
        "{table}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&bed.must(&["ps", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["project"], bed.project.as_str());
    let kinds: Vec<&str> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["shim", "network", "container"]);
}

#[test]
fn keep_on_failure_leaves_the_failed_run_for_inspection() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.212.1.0/24 gateway 10.212.1.1 }
container ok { image \"{image}\"; command sleep 600; network lan ip 10.212.1.10 }
container bad { image \"{image}\"; command /no/such/program; network lan ip 10.212.1.11; depends-on ok }
",
    );
    let run = bed.macrame(&["up", "--keep-on-failure", "--progress", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("container bad: start failed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--keep-on-failure"), "{}", run.stderr);
    let events: Vec<serde_json::Value> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "failed" && e["name"] == "bad"),
        "{events:?}"
    );
    // Kept: the network and both containers are there for inspection.
    assert_eq!(
        bed.snapshot()
            .iter()
            .filter(|s| s.starts_with("container"))
            .count(),
        2
    );
    // Without the flag the same failure is undone.
    bed.must(&["down"]);
    bed.must_refuse(&["up"], &[]);
}

#[test]
fn a_failed_recreate_restores_the_old_container() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.213.1.0/24 gateway 10.213.1.1 }
container app { image \"{image}\"; command sleep 600; network lan ip 10.213.1.10 }
";
    bed.file(v1).must(&["up"]);
    let id = bed.container_id("app");
    bed.foreign_container("squat", "lan", "10.213.1.20");
    let before = bed.snapshot();
    bed.file(&v1.replace("10.213.1.10", "10.213.1.20"));
    let run = bed.macrame(&["up", "--progress", "plain"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("container app: start failed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("everything this run had changed was undone"),
        "{}",
        run.stderr
    );
    // The same container, under its name, running at its old address.
    assert_eq!(bed.container_id("app"), id);
    assert_eq!(
        docker_inspect("{{.State.Running}}", &bed.container("app")).trim(),
        "true"
    );
    let addresses = bed.stdout_of("app", &["ip", "-4", "addr"]);
    assert!(addresses.contains("10.213.1.10/24"), "{addresses}");
    assert_eq!(bed.snapshot(), before);
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
fn a_recreated_container_keeps_its_volumes() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.215.1.0/24 gateway 10.215.1.1 }
container db { image \"macrame-test/busybox-volume:latest\"; command sleep 600; env V = \"1\"; network lan ip 10.215.1.10 }
";
    bed.file(v1).must(&["up"]);
    assert!(
        bed.exec("db", &["sh", "-c", "echo kept > /data/mark"])
            .status
            .success()
    );
    let old = bed.container_id("db");
    bed.file(&v1.replace("env V = \"1\"", "env V = \"2\""));
    bed.must(&["up"]);
    assert_ne!(bed.container_id("db"), old, "recreated");
    let mark = bed.exec("db", &["cat", "/data/mark"]);
    assert_eq!(
        String::from_utf8_lossy(&mark.stdout).trim(),
        "kept",
        "the volume went with the old container"
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

#[test]
fn the_default_route_lint_predicts_is_the_one_the_engine_takes() {
    let bed = Bed::new();
    // `alpha` comes first by name, but `zulu` has IPv6 on: every engine
    // routes through `zulu`, and the warning must say so.
    bed.file(
        "project {project}
network alpha { parent {a}; subnet 10.219.1.0/24 gateway 10.219.1.1 }
network zulu {
  parent {b}
  subnet 10.219.2.0/24 gateway 10.219.2.1
  subnet fd00:219::/64 gateway fd00:219::1
}
container q { image \"{image}\"; command sleep 600; network alpha ip 10.219.1.10; network zulu ip 10.219.2.10 }
",
    );
    let lint = std::process::Command::new(env!("CARGO_BIN_EXE_macrame"))
        .args(["lint", "--format", "json"])
        .arg(bed.path())
        .output()
        .unwrap();
    let lint = String::from_utf8_lossy(&lint.stdout);
    assert!(lint.contains("Docker would route through `zulu`"), "{lint}");
    bed.must(&["up"]);
    let routes = bed.stdout_of("q", &["ip", "route"]);
    assert!(routes.contains("default via 10.219.2.1 "), "{routes}");
}

#[test]
fn a_failed_run_restores_the_network_it_recreated_and_the_containers_it_removed() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.220.1.0/24 gateway 10.220.1.1 }
container app { image \"{image}\"; command sleep 600; network lan { ip 10.220.1.10; mac 02:00:0a:dc:01:0a } }
container gone { image \"{image}\"; command sleep 600; network lan ip 10.220.1.11 }
";
    bed.file(v1).must(&["up"]);
    let (app, gone) = (bed.container_id("app"), bed.container_id("gone"));
    let subnet = |bed: &Bed| {
        ok(
            "docker",
            &[
                "network",
                "inspect",
                "-f",
                "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{index .Labels \"io.macrame.config-hash\"}}",
                &bed.network("lan"),
            ],
        )
    };
    let before = subnet(&bed);
    // A wider subnet recreates `lan` and `app`, `gone` leaves the file,
    // and `bad` cannot start: its command is not in the image.
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.220.0.0/23 gateway 10.220.0.1 }
container app { image \"{image}\"; command sleep 600; network lan { ip 10.220.1.10; mac 02:00:0a:dc:01:0a } }
container bad { image \"{image}\"; command /no/such/program; network lan ip 10.220.1.12; depends-on app }
",
    );
    let run = bed.macrame(&["up", "--progress", "plain"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("container bad"), "{}", run.stderr);
    // Engines from API 1.44 to 1.53 set no MAC on connect: the one
    // container with a MAC comes back without it, and says so.
    let mac_kept = engine().api < (1, 44);
    if mac_kept {
        assert!(
            run.stderr
                .contains("everything this run had changed was undone"),
            "{}",
            run.stderr
        );
    } else {
        assert!(
            run.stderr.contains("container app")
                && run.stderr.contains("back on network")
                && run.stderr.contains("not 02:00:0a:dc:01:0a")
                && !run.stderr.contains("container gone: restore its MAC"),
            "{}",
            run.stderr
        );
    }
    // The old network, as it was, and the old containers on it, running.
    assert_eq!(subnet(&bed), before);
    for (name, id, ip) in [
        ("app", &app, "10.220.1.10/24"),
        ("gone", &gone, "10.220.1.11/24"),
    ] {
        assert_eq!(&bed.container_id(name), id, "{name}");
        let addresses = bed.stdout_of(name, &["ip", "-4", "addr"]);
        assert!(addresses.contains(ip), "{name}: {addresses}");
    }
    assert!(pings(
        &bed.exec("app", &["ping", "-c1", "-W2", "10.220.1.11"])
    ));
    bed.file(v1);
    if !mac_kept {
        // Plan sees the MAC, and up puts it back.
        let plan = bed.macrame(&["plan", "--exit-code"]);
        assert_eq!(plan.status, 2, "{}", plan.stdout);
        assert!(
            plan.stdout.contains("→ 02:00:0a:dc:01:0a)"),
            "{}",
            plan.stdout
        );
        bed.must(&["up"]);
    }
    let links = bed.stdout_of("app", &["ip", "link"]);
    assert!(links.contains("02:00:0a:dc:01:0a"), "{links}");
    let plan = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(plan.status, 0, "{}", plan.stdout);
}

#[test]
fn a_failed_run_restores_the_shim_it_recreated() {
    let bed = Bed::new();
    let shim = format!("{}s", bed.a);
    let v1 = format!(
        "project {{project}}
network lan {{ parent {{a}}; subnet 10.221.1.0/24 gateway 10.221.1.1 }}
shim {shim} {{ network lan; address 10.221.1.250/32; route 10.221.1.0/28 }}
container web {{ image \"{{image}}\"; command sleep 600; network lan ip 10.221.1.10 }}
"
    );
    bed.file(&v1).must(&["up"]);
    let before = ok("ip", &["-o", "addr", "show", "dev", &shim]);
    // A new address recreates the shim (and its network, whose IPAM holds
    // the address), and `bad` cannot start.
    bed.file(&format!(
        "{}container bad {{ image \"{{image}}\"; command /no/such/program; network lan ip 10.221.1.12 }}\n",
        v1.replace("10.221.1.250/32", "10.221.1.251/32")
    ));
    let run = bed.macrame(&["up", "--progress", "plain"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("container bad"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("everything this run had changed was undone"),
        "{}",
        run.stderr
    );
    // The old shim: its mark, its address, its route, and the way in.
    let link = ok("ip", &["-o", "link", "show", "dev", &shim]);
    assert!(
        link.contains(&format!("macrame:{}:shim:{shim}", bed.project)),
        "{link}"
    );
    let after = ok("ip", &["-o", "addr", "show", "dev", &shim]);
    assert!(after.contains("inet 10.221.1.250/32"), "{after}");
    assert_eq!(
        before.lines().filter(|l| l.contains("inet ")).count(),
        after.lines().filter(|l| l.contains("inet ")).count()
    );
    let route = ok("ip", &["route", "get", "10.221.1.10"]);
    assert!(route.contains(&format!("dev {shim}")), "{route}");
    let reached = sh(
        "busybox",
        &["ping", "-c1", "-W2", "-I", &shim, "10.221.1.10"],
    );
    assert!(
        pings(&reached),
        "the host did not reach web through the restored shim"
    );
    bed.file(&v1);
    let plan = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(plan.status, 0, "{}", plan.stdout);
}

#[test]
fn a_failed_run_restores_a_containers_default_route() {
    let bed = Bed::new();
    // `zulu` is not the engine's choice by name: the route is the file's.
    let v1 = "project {project}
network alpha { parent {a}; subnet 10.222.1.0/24 gateway 10.222.1.1 }
network zulu { parent {b}; subnet 10.222.2.0/24 gateway 10.222.2.1 }
container c { image \"{image}\"; command sleep 600; network alpha ip 10.222.1.10; network zulu ip 10.222.2.10; gateway zulu }
";
    bed.file(v1).must(&["up"]);
    let id = bed.container_id("c");
    bed.file(&format!(
        "{}container bad {{ image \"{{image}}\"; command /no/such/program; network alpha ip 10.222.1.12 }}\n",
        v1.replace("10.222.1.10", "10.222.1.11")
    ));
    let run = bed.macrame(&["up", "--progress", "plain"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("everything this run had changed was undone"),
        "{}",
        run.stderr
    );
    assert_eq!(bed.container_id("c"), id);
    let routes = bed.stdout_of("c", &["ip", "route"]);
    assert!(routes.contains("default via 10.222.2.1 "), "{routes}");
    bed.file(v1);
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
}
