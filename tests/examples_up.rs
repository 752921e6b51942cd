//! The examples' patterns brought up for real, each on the test image
//! (Bed::example says what is changed; the topology is the example's):
//! a DNS server with volumes, NET_ADMIN and health checks; a reverse proxy
//! on macvlan and a bridge; one network shared by two projects; a file
//! driven by `.env`. (The Wi-Fi ipvlan example needs ipvlan: tests/vm.rs.)
//! Each, once up, comes back from `import` of its `export` with nothing
//! to do.
//!
//! Needs root and a running dockerd with the test image, as
//! tests/runtime.rs (the README's test command sets both up).

mod common;

use common::bed::{Bed, docker_inspect, ok, sh};

fn running(name: &str) -> bool {
    sh("docker", &["inspect", "-f", "{{.State.Running}}", name])
        .stdout
        .starts_with(b"true")
}

#[test]
fn the_dns_server_example() {
    let bed = Bed::new();
    let text = bed.example(
        "dns-server.mcr",
        &[("eth0", &bed.a)],
        &[("192.168.1.", "10.241.1.")],
    );
    bed.file(&text);
    let run = bed.must(&["up", "--progress", "plain"]);
    bed.round_trip();
    assert!(
        run.stderr
            .find("waiting until healthy container unbound done")
            < run.stderr.find("creating container pihole ..."),
        "pihole waits for unbound:\n{}",
        run.stderr
    );
    let pihole = format!("{}-pihole", bed.project);
    assert!(running(&pihole));
    let caps = docker_inspect("{{.HostConfig.CapAdd}}", &pihole);
    assert!(caps.contains("CAP_NET_ADMIN"), "{caps}");
    let volume = ok(
        "docker",
        &[
            "volume",
            "inspect",
            "-f",
            "{{.Labels}}",
            &format!("{}_pihole", bed.project),
        ],
    );
    assert!(volume.contains(&bed.project), "{volume}");
    assert!(
        bed.dir().join("pihole/lists").is_dir(),
        "the bind source was made"
    );
    // The host reaches the server at its LAN address, through the shim.
    let ping = sh(
        "busybox",
        &[
            "ping",
            "-c",
            "1",
            "-W",
            "2",
            "-I",
            "dns-host",
            "10.241.1.53",
        ],
    );
    assert!(
        ping.status.success(),
        "{}",
        String::from_utf8_lossy(&ping.stdout)
    );
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
}

#[test]
fn the_reverse_proxy_example() {
    let bed = Bed::new();
    let text = bed.example(
        "reverse-proxy.mcr",
        &[("eth0", &bed.a)],
        &[("192.168.1.", "10.242.1."), ("172.28.10.", "172.29.242.")],
    );
    bed.file(&text);
    bed.must(&["up"]);
    bed.round_trip();
    let traefik = bed.container("traefik");
    let routes = bed.stdout_of("traefik", &["ip", "route"]);
    assert!(
        routes.contains("default via 10.242.1.1 "),
        "the LAN carries the proxy's default route:\n{routes}"
    );
    let backend = bed.exec("traefik", &["ping", "-c", "1", "-W", "2", "172.29.242.10"]);
    assert!(
        backend.status.success(),
        "the proxy reaches its backends on the bridge"
    );
    let ports = docker_inspect("{{json .NetworkSettings.Ports}}", &traefik);
    assert!(
        ports.contains("18080"),
        "the dashboard is published: {ports}"
    );
    let whoami = docker_inspect(
        "{{json .NetworkSettings.Networks}}",
        &bed.container("whoami"),
    );
    assert!(
        !whoami.contains("10.242.1."),
        "the backends have no LAN address: {whoami}"
    );
}

#[test]
fn one_network_shared_by_two_projects() {
    let infra = Bed::new();
    let apps = Bed::new();
    let subnets = [("10.44.0.", "10.243.0.")];
    let network = format!("{}-homelan", infra.project);
    infra.file(&infra.example("shared-infra.mcr", &[("eth0", &infra.a)], &subnets));
    let apps_text = apps
        .example("shared-apps.mcr", &[("eth0", &infra.a)], &subnets)
        .replace(&format!("{}-homelan", apps.project), &network);
    apps.file(&apps_text);
    apps.must_refuse(&["up"], &["network homelan", "no Docker network"]);
    infra.must(&["up"]);
    infra.round_trip();
    let media = format!("{}-media", apps.project);
    ok(
        "docker",
        &[
            "volume",
            "create",
            "--label",
            &format!("macrame-test={}", apps.project),
            &media,
        ],
    );
    apps.must(&["up"]);
    apps.round_trip();
    assert!(running(&apps.container("jellyfin")));
    let reached = infra.exec("adguard", &["ping", "-c", "1", "-W", "2", "10.243.0.20"]);
    assert!(
        reached.status.success(),
        "the two projects' containers share the LAN"
    );
    apps.must(&["down", "--volumes"]);
    assert!(
        sh("docker", &["network", "inspect", &network])
            .status
            .success(),
        "apps leaves the network"
    );
    assert!(
        sh("docker", &["volume", "inspect", &media])
            .status
            .success(),
        "and the external volume"
    );
    infra.must(&["down"]);
    assert!(
        !sh("docker", &["network", "inspect", &network])
            .status
            .success(),
        "infra takes it away"
    );
}

#[test]
fn the_env_driven_example() {
    let bed = Bed::new();
    let dir = bed.dir();
    let text = bed.example("env-driven/macrame.mcr", &[], &[]);
    bed.file(&text);
    std::fs::write(
        dir.join(".env"),
        format!("NIC={}\nNET=10.244.1\nPIHOLE_PASSWORD=secret\n", bed.a),
    )
    .unwrap();
    let config = bed.must(&["config"]).stdout;
    assert!(config.contains(&format!("parent {}", bed.a)), "{config}");
    assert!(config.contains("network lan ip 10.244.1.53"), "{config}");
    bed.must(&["up"]);
    bed.round_trip();
    let env = docker_inspect("{{json .Config.Env}}", &bed.container("dns"));
    // `${TZ:-UTC}`: this process's TZ, when it has one, wins over the default.
    let tz = std::env::var("TZ")
        .ok()
        .filter(|t| !t.is_empty())
        .unwrap_or("UTC".into());
    assert!(
        env.contains("WEBPASSWORD=secret") && env.contains(&format!("TZ={tz}")),
        "{env}"
    );
    std::fs::write(dir.join(".env"), format!("NIC={}\nNET=10.244.1\n", bed.a)).unwrap();
    bed.must_refuse(
        &["up"],
        &["variable `PIHOLE_PASSWORD` is required: set PIHOLE_PASSWORD in .env"],
    );
}
