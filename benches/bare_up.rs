//! The floor `up` and `down` stand on: the topology of scripts/bench-up
//! made with bare engine calls through bollard, as many in flight as help
//! (the networks, then every container created and started at once),
//! with none of macrame's planning, checks, marks or verification. What
//! scripts/bench-up times macrame and Compose against.
//!
//!     cargo bench --bench bare_up -- up COUNT PARENT_A PARENT_B
//!     cargo bench --bench bare_up -- down COUNT

use bollard::Docker;
use bollard::models::{
    ContainerCreateBody, EndpointIpamConfig, EndpointSettings, HostConfig, Ipam, IpamConfig,
    NetworkCreateRequest, NetworkingConfig,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, RemoveContainerOptionsBuilder, StopContainerOptionsBuilder,
};
use futures::StreamExt;
use std::collections::HashMap;

const IMAGE: &str = "macrame-test/busybox:latest";
const PROJECT: &str = "mcbenchb";
/// As Compose's COMPOSE_PARALLEL_LIMIT and macrame's --parallel.
const IN_FLIGHT: usize = 64;

fn network(i: usize) -> (&'static str, u8) {
    if i.is_multiple_of(2) {
        ("lan", 0)
    } else {
        ("wan", 1)
    }
}

async fn up(docker: &Docker, count: usize, parents: [&str; 2]) {
    for (name, third, parent) in [("lan", 0, parents[0]), ("wan", 1, parents[1])] {
        let request = NetworkCreateRequest {
            name: format!("{PROJECT}_{name}"),
            driver: Some("macvlan".into()),
            options: Some(HashMap::from([("parent".to_string(), parent.to_string())])),
            ipam: Some(Ipam {
                config: Some(vec![IpamConfig {
                    subnet: Some(format!("10.242.{third}.0/24")),
                    gateway: Some(format!("10.242.{third}.1")),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            ..Default::default()
        };
        docker
            .create_network(request)
            .await
            .expect("create network");
    }
    futures::stream::iter(1..=count)
        .map(|i| async move {
            let (net, third) = network(i);
            let name = format!("{PROJECT}-c{i}");
            let endpoint = EndpointSettings {
                ipam_config: Some(EndpointIpamConfig {
                    ipv4_address: Some(format!("10.242.{third}.{}", i + 10)),
                    ..Default::default()
                }),
                ..Default::default()
            };
            let body = ContainerCreateBody {
                image: Some(IMAGE.into()),
                cmd: Some(vec!["sleep".into(), "3600".into()]),
                host_config: Some(HostConfig {
                    network_mode: Some(format!("{PROJECT}_{net}")),
                    ..Default::default()
                }),
                networking_config: Some(NetworkingConfig {
                    endpoints_config: Some(HashMap::from([(format!("{PROJECT}_{net}"), endpoint)])),
                }),
                ..Default::default()
            };
            let options = CreateContainerOptionsBuilder::new().name(&name).build();
            let created = docker
                .create_container(Some(options), body)
                .await
                .expect("create");
            docker
                .start_container(&created.id, None)
                .await
                .expect("start");
        })
        .buffer_unordered(IN_FLIGHT)
        .collect::<Vec<()>>()
        .await;
}

async fn down(docker: &Docker, count: usize) {
    futures::stream::iter(1..=count)
        .map(|i| async move {
            let name = format!("{PROJECT}-c{i}");
            let stop = StopContainerOptionsBuilder::new().t(1).build();
            let _ = docker.stop_container(&name, Some(stop)).await;
            let remove = RemoveContainerOptionsBuilder::new().force(true).build();
            let _ = docker.remove_container(&name, Some(remove)).await;
        })
        .buffer_unordered(IN_FLIGHT)
        .collect::<Vec<()>>()
        .await;
    for name in ["lan", "wan"] {
        let _ = docker.remove_network(&format!("{PROJECT}_{name}")).await;
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let docker = Docker::connect_with_local_defaults().expect("the engine");
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["up", count, a, b] => runtime.block_on(up(&docker, count.parse().expect("COUNT"), [a, b])),
        ["down", count] => runtime.block_on(down(&docker, count.parse().expect("COUNT"))),
        // `cargo bench` with no arguments runs every bench: nothing to
        // time here without the bench's veths.
        _ => println!("bare_up: run by scripts/bench-up (up COUNT PARENT_A PARENT_B | down COUNT)"),
    }
}
