//! A run that fails is undone: what it created goes, what it replaced or
//! removed (containers, networks, shims, default routes) comes back; or,
//! with `--keep-on-failure`, stays for inspection. Real engine and kernel
//! (`scripts/testbed`); each test on veths of its own.

mod common;

use common::bed::{Bed, docker_inspect, engine, ok, pings, sh};

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
