//! The create request for a container: every setting of its spec in the
//! engine's API, for the engine's version.

use super::*;
use crate::plan::options::{MountKind, PortSpec};
use bollard::models::{DeviceMapping, HealthConfig, HostConfigLogConfig, PortBinding};

pub(super) fn endpoint_settings(
    info: &EngineInfo,
    spec: &ContainerSpec,
    endpoint: &EndpointSpec,
    with_mac: bool,
) -> EndpointSettings {
    let routed = spec
        .default_route
        .as_ref()
        .is_some_and(|r| r.network == endpoint.network);
    EndpointSettings {
        ipam_config: (endpoint.ip.is_some() || endpoint.ip6.is_some()).then(|| {
            EndpointIpamConfig {
                ipv4_address: endpoint.ip.map(|ip| ip.to_string()),
                ipv6_address: endpoint.ip6.map(|ip| ip.to_string()),
                link_local_ips: None,
            }
        }),
        aliases: (!endpoint.aliases.is_empty()).then(|| endpoint.aliases.clone()),
        mac_address: endpoint
            .mac
            .clone()
            .filter(|_| with_mac && info.endpoint_mac()),
        // The highest priority carries the default route (API 1.48).
        gw_priority: gateway_priority(info, spec, endpoint, routed),
        ..Default::default()
    }
}

/// The create request for a container: the body, and a MAC the body must
/// carry at container level (engines before API 1.44 read a MAC only
/// there, for the network the container is created on).
pub fn container_request(
    spec: &ContainerSpec,
    hash: &str,
    info: &EngineInfo,
    volumes: &[(String, String)],
) -> (ContainerCreateBody, Option<String>) {
    let multi = info.multi_network_create();
    let first = spec.endpoints.first();
    let mut endpoints = HashMap::new();
    for (i, endpoint) in spec.endpoints.iter().enumerate() {
        if i == 0 || multi {
            endpoints.insert(
                endpoint.network.clone(),
                endpoint_settings(info, spec, endpoint, true),
            );
        }
    }
    let mut labels_: HashMap<String, String> = spec.labels.clone().into_iter().collect();
    labels_.insert(labels::CONFIG_HASH.to_string(), hash.to_string());
    let (policy, retries) = restart_policy(spec.restart);
    let options = &spec.options;
    let some_vec = |list: &Vec<String>| (!list.is_empty()).then(|| list.clone());
    let body = ContainerCreateBody {
        image: Some(spec.image.clone()),
        cmd: (!spec.command.is_empty()).then(|| spec.command.clone()),
        entrypoint: options.entrypoint.clone(),
        user: options.user.clone(),
        working_dir: options.workdir.clone(),
        tty: options.tty.then_some(true),
        open_stdin: options.stdin_open.then_some(true),
        stop_signal: options.stop_signal.clone(),
        stop_timeout: options.stop_timeout,
        healthcheck: options.health.as_ref().map(|health| HealthConfig {
            test: (!health.test.is_empty()).then(|| health.test.clone()),
            interval: Some(health.interval),
            timeout: Some(health.timeout),
            retries: Some(health.retries),
            start_period: Some(health.start_period),
            // API 1.44; older engines would refuse the field's check.
            start_interval: (health.start_interval != 0).then_some(health.start_interval),
        }),
        exposed_ports: (!options.ports.is_empty())
            .then(|| options.ports.iter().map(PortSpec::container).collect()),
        hostname: spec.hostname.clone(),
        env: (!spec.env.is_empty()).then(|| spec.env.clone()),
        labels: Some(labels_),
        host_config: Some(HostConfig {
            network_mode: Some(first.map_or_else(|| "none".to_string(), |e| e.network.clone())),
            restart_policy: Some(RestartPolicy {
                name: Some(policy),
                maximum_retry_count: retries,
            }),
            mounts: mounts(spec, volumes),
            tmpfs: (!options.tmpfs.is_empty()).then(|| {
                options
                    .tmpfs
                    .iter()
                    .map(|(path, o)| (path.clone(), o.to_string()))
                    .collect()
            }),
            cap_add: some_vec(&options.cap_add),
            cap_drop: some_vec(&options.cap_drop),
            devices: (!options.devices.is_empty()).then(|| {
                options
                    .devices
                    .iter()
                    .map(|(host, container, permissions)| DeviceMapping {
                        path_on_host: Some(host.clone()),
                        path_in_container: Some(container.clone()),
                        cgroup_permissions: Some(permissions.clone()),
                    })
                    .collect()
            }),
            privileged: options.privileged.then_some(true),
            readonly_rootfs: options.read_only.then_some(true),
            init: options.init.then_some(true),
            sysctls: (!options.sysctls.is_empty())
                .then(|| options.sysctls.clone().into_iter().collect()),
            dns: some_vec(&options.dns),
            dns_search: some_vec(&options.dns_search),
            dns_options: some_vec(&options.dns_options),
            extra_hosts: some_vec(
                &options
                    .extra_hosts
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            ),
            security_opt: some_vec(&options.security_opts),
            memory: options.memory,
            nano_cpus: options.nano_cpus,
            shm_size: options.shm_size,
            pids_limit: options.pids_limit,
            port_bindings: (!options.ports.is_empty()).then(|| {
                let mut map: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
                for port in &options.ports {
                    map.entry(port.container())
                        .or_insert_with(|| Some(Vec::new()))
                        .get_or_insert_with(Vec::new)
                        .push(PortBinding {
                            host_ip: port.host_ip.map(|ip| ip.to_string()),
                            host_port: port.host_port.map(|p| p.to_string()),
                        });
                }
                map
            }),
            log_config: options.log.as_ref().map(|log| HostConfigLogConfig {
                typ: Some(log.driver.clone()),
                config: (!log.options.is_empty())
                    .then(|| log.options.clone().into_iter().collect()),
            }),
            ..Default::default()
        }),
        networking_config: Some(NetworkingConfig {
            endpoints_config: Some(endpoints),
        }),
        ..Default::default()
    };
    let legacy_mac = first
        .and_then(|e| e.mac.clone())
        .filter(|_| !info.endpoint_mac());
    (body, legacy_mac)
}

/// The highest priority carries the default route (API 1.48). For a
/// container that publishes ports it goes to its first bridge network:
/// the engine maps ports only on the network of its default route (28.0
/// maps none when that is a macvlan), and macrame then moves the route
/// to the `gateway` network inside the container.
fn gateway_priority(
    info: &EngineInfo,
    spec: &ContainerSpec,
    endpoint: &EndpointSpec,
    routed: bool,
) -> Option<i64> {
    if !info.gw_priority() {
        return None;
    }
    if spec.options.ports.is_empty() {
        return routed.then_some(1000);
    }
    let first_bridge = spec.endpoints.iter().find(|e| e.bridge)?;
    (first_bridge.network == endpoint.network).then_some(1000)
}

/// The spec's mounts, then the volumes a predecessor leaves (`inherited`:
/// volume name, path), as Compose does: an anonymous mount of the spec
/// takes the old container's volume at its path, and an inherited volume
/// at a path the spec mounts otherwise is left behind.
fn mounts(spec: &ContainerSpec, inherited: &[(String, String)]) -> Option<Vec<Mount>> {
    let options = &spec.options;
    // Only the engine's own anonymous volumes are inherited: a named one
    // the file dropped or moved stays where the file now says.
    let inherited: Vec<&(String, String)> = inherited
        .iter()
        .filter(|(volume, _)| anonymous_volume(volume))
        .collect();
    let inherited_at = |path: &str| {
        inherited
            .iter()
            .find(|(_, at)| at == path)
            .map(|(volume, _)| volume.clone())
    };
    let mut mounts: Vec<Mount> = options
        .mounts
        .iter()
        .map(|mount| Mount {
            source: mount.source.clone().or_else(|| inherited_at(&mount.target)),
            target: Some(mount.target.clone()),
            typ: Some(match mount.kind {
                MountKind::Volume => MountType::VOLUME,
                MountKind::Bind => MountType::BIND,
            }),
            read_only: mount.read_only.then_some(true),
            ..Default::default()
        })
        .collect();
    for (volume, path) in inherited {
        let taken =
            options.mounts.iter().any(|m| &m.target == path) || options.tmpfs.contains_key(path);
        if !taken {
            mounts.push(Mount {
                source: Some(volume.clone()),
                target: Some(path.clone()),
                typ: Some(MountType::VOLUME),
                ..Default::default()
            });
        }
    }
    (!mounts.is_empty()).then_some(mounts)
}

fn restart_policy(policy: crate::model::RestartPolicy) -> (RestartPolicyNameEnum, Option<i64>) {
    use crate::model::RestartPolicy as Policy;
    match policy {
        Policy::Always => (RestartPolicyNameEnum::ALWAYS, None),
        Policy::UnlessStopped => (RestartPolicyNameEnum::UNLESS_STOPPED, None),
        Policy::No => (RestartPolicyNameEnum::NO, None),
        Policy::OnFailure(count) => (RestartPolicyNameEnum::ON_FAILURE, count.map(i64::from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::plan::spec::Specs;

    fn spec() -> ContainerSpec {
        let text = "project p
network a { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network b { parent eth2; subnet 10.2.0.0/24 gateway 10.2.0.1 }
container c {
  image alpine
  network a { ip 10.1.0.10; mac 02:00:00:00:00:01 }
  network b { ip 10.2.0.10; mac 02:00:00:00:00:02 }
  gateway b
  restart on-failure:3
}
";
        let checked = crate::lint::check(&crate::source::Source::new("t.mcr", text), "p");
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        Specs::new(&checked.topology).containers.remove(0)
    }

    /// API 1.41: one network at create, its MAC at container level, no
    /// gw_priority (the route is set in the namespace afterwards).
    #[test]
    fn request_for_api_1_41() {
        let (body, mac) =
            container_request(&spec(), "h", &EngineInfo::new("20.10.24", "1.41"), &[]);
        let endpoints = body.networking_config.unwrap().endpoints_config.unwrap();
        assert_eq!(endpoints.keys().collect::<Vec<_>>(), ["p_a"]);
        assert_eq!(endpoints["p_a"].mac_address, None);
        assert_eq!(endpoints["p_a"].gw_priority, None);
        assert_eq!(mac.as_deref(), Some("02:00:00:00:00:01"));
        let host = body.host_config.unwrap();
        assert_eq!(host.network_mode.as_deref(), Some("p_a"));
        let restart = host.restart_policy.unwrap();
        assert_eq!(restart.name, Some(RestartPolicyNameEnum::ON_FAILURE));
        assert_eq!(restart.maximum_retry_count, Some(3));
        assert_eq!(body.labels.unwrap()[labels::CONFIG_HASH], "h");
    }

    /// API 1.50: every network at create, a MAC per endpoint, and
    /// gw_priority on the `gateway` network.
    #[test]
    fn request_for_api_1_50() {
        let (body, mac) = container_request(
            &spec(),
            "h",
            &EngineInfo::new("28.2.2", "1.50"),
            &[
                (ANONYMOUS.into(), "/data".into()),
                ("p_gone".into(), "/old".into()),
            ],
        );
        let endpoints = body.networking_config.unwrap().endpoints_config.unwrap();
        assert_eq!(endpoints.len(), 2);
        assert_eq!(
            endpoints["p_b"].mac_address.as_deref(),
            Some("02:00:00:00:00:02")
        );
        assert_eq!(endpoints["p_b"].gw_priority, Some(1000));
        assert_eq!(endpoints["p_a"].gw_priority, None);
        assert_eq!(
            endpoints["p_a"]
                .ipam_config
                .as_ref()
                .unwrap()
                .ipv4_address
                .as_deref(),
            Some("10.1.0.10")
        );
        assert_eq!(mac, None);
        // An anonymous volume goes to the successor; a named one the file
        // no longer mounts does not.
        let mounts = body.host_config.unwrap().mounts.unwrap();
        assert_eq!(mounts.len(), 1, "{mounts:?}");
        assert_eq!(mounts[0].source.as_deref(), Some(ANONYMOUS));
        assert_eq!(mounts[0].target.as_deref(), Some("/data"));
    }

    const ANONYMOUS: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn references() {
        assert_eq!(split_reference("alpine"), ("alpine", "latest"));
        assert_eq!(split_reference("alpine:3.20"), ("alpine", "3.20"));
        assert_eq!(split_reference("reg:5000/app"), ("reg:5000/app", "latest"));
        assert_eq!(split_reference("reg:5000/app:1"), ("reg:5000/app", "1"));
    }
}
