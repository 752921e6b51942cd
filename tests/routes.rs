//! The host's way to its containers (shims) and the containers' default
//! routes (`gateway NAME`), against the engine's own choice. Real engine
//! and kernel (`scripts/testbed`); each test on veths of its own.

mod common;

use common::bed::{Bed, docker_inspect, engine, has_line, ok, pings, sh};

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
