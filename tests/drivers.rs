//! The other network drivers on the real engine: a container on macvlan
//! and on a plain bridge (with `gateway` choosing the macvlan side, and
//! `publish` reachable from the host), and external networks, which plan
//! checks and `down` leaves. (ipvlan needs a kernel with the module: it
//! is proven in the VM, tests/vm.rs.)
//!
//! Needs root and a running dockerd with the test image, as
//! tests/runtime.rs (the README's test command sets both up).

mod common;

use common::bed::{Bed, engine, ok, sh};

/// The body of `GET /` at `address`, or "" when nothing answers.
fn http_get(address: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
    let _ = stream.write_all(b"GET / HTTP/1.0\r\nHost: test\r\n\r\n");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

#[test]
fn a_container_on_macvlan_and_bridge_publishes_through_the_bridge_and_routes_by_macvlan() {
    let bed = Bed::new();
    // `lan` sorts before `web`: the engine maps ports only on the network
    // of its default route, which it would take by name. From API 1.48
    // macrame hands that to the bridge and moves the route; before, plan
    // refuses, and a `name` sorting first is the fix.
    let file = "project {project}
network lan { parent {a}; subnet 10.222.1.0/24 gateway 10.222.1.1 }
network web { driver bridge; subnet 172.31.222.0/24 }
container web {
  image \"{image}\"
  command \"sh\" \"-c\" \"mkdir -p /w && echo hello > /w/index.html && exec httpd -f -p 80 -h /w\"
  network lan ip 10.222.1.10
  network web ip 172.31.222.10
  gateway lan
  publish 127.0.0.1:18222:80
}
";
    bed.file(file);
    if engine().api < (1, 48) {
        bed.must_refuse(
            &["up"],
            &[
                "container web: it publishes ports through",
                "give the bridge network a `name`",
            ],
        );
        bed.file(&file.replace(
            "network web { driver bridge;",
            "network web { name \"{project}-web\"; driver bridge;",
        ));
    }
    bed.must(&["up"]);
    let name = if engine().api < (1, 48) {
        format!("{}-web", bed.project)
    } else {
        bed.network("web")
    };
    let network = ok(
        "docker",
        &["network", "inspect", "-f", "{{.Driver}}", &name],
    );
    assert_eq!(network.trim(), "bridge");
    let mut body = String::new();
    for _ in 0..20 {
        body = http_get("127.0.0.1:18222");
        if body.contains("hello") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(body.trim(), "hello", "the published port answers");
    let routes = bed.stdout_of("web", &["ip", "route"]);
    assert!(
        routes
            .lines()
            .any(|l| l.starts_with("default via 10.222.1.1 ")),
        "the default route is lan's, not the bridge's:\n{routes}"
    );
    assert_eq!(
        bed.macrame(&["plan", "--exit-code"]).status,
        0,
        "a second plan is empty"
    );
}

#[test]
fn an_external_network_is_checked_joined_and_left_alone() {
    let bed = Bed::new();
    let external = format!("{}-shared", bed.project);
    // `net` is the first three octets of the declared /24.
    let file = |net: &str| {
        format!(
            "project {{project}}
network shared {{ external; name \"{external}\"; driver bridge; subnet {net}.0/24 }}
container c {{ image \"{{image}}\"; command sleep 600; network shared ip {net}.10 }}
"
        )
    };
    bed.file(&file("172.31.223"));
    bed.must_refuse(
        &["up"],
        &["network shared", "declared external", "no Docker network"],
    );
    let tag = format!("macrame-test={}", bed.project);
    ok(
        "docker",
        &[
            "network",
            "create",
            "--label",
            &tag,
            "--subnet",
            "172.31.223.0/24",
            &external,
        ],
    );
    bed.file(&file("172.31.224"));
    bed.must_refuse(
        &["up"],
        &["differs from the file", "its subnets are 172.31.223.0/24"],
    );
    bed.file(&file("172.31.223"));
    bed.must(&["up"]);
    let address = bed.stdout_of("c", &["ip", "-4", "addr"]);
    assert!(address.contains("172.31.223.10/24"), "{address}");
    bed.must(&["down"]);
    assert!(
        sh("docker", &["network", "inspect", &external])
            .status
            .success(),
        "down leaves an external network"
    );
}
