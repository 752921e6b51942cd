//! A `service` of the file as the Swarm takes it: its container settings
//! (as a container's spec, the same derivation) turned into a Swarm
//! service spec, with its config hash.

use crate::model::{Protocol, Replicas, RestartPolicy, Service, Topology};
use crate::observed::labels;
use crate::plan::options::MountKind;
use crate::plan::spec::{ContainerSpec, config_hash, container_spec};
use bollard::models::{
    EndpointPortConfig, EndpointPortConfigProtocolEnum, EndpointPortConfigPublishModeEnum,
    EndpointSpec, HealthConfig, Limit, Mount, MountTmpfsOptions, MountType,
    NetworkAttachmentConfig, ServiceSpec, ServiceSpecMode, ServiceSpecModeReplicated, TaskSpec,
    TaskSpecContainerSpec, TaskSpecContainerSpecDnsConfig, TaskSpecLogDriver, TaskSpecPlacement,
    TaskSpecResources, TaskSpecRestartPolicy, TaskSpecRestartPolicyConditionEnum,
};
use std::collections::HashMap;

/// What a service should be: its Docker name, the spec to send, and the
/// hash of that spec (its `io.macrame.config-hash`).
#[derive(Debug, Clone)]
pub struct ServiceWanted {
    pub name: String,
    pub docker_name: String,
    pub spec: ServiceSpec,
    pub hash: String,
    /// How many tasks should run; `None` for a global service.
    pub replicas: Option<u64>,
}

pub fn wanted(topology: &Topology, service: &Service) -> ServiceWanted {
    let project = &topology.project.name;
    let container = container_spec(project, topology, &service.container);
    let mut spec = service_spec(&container, service);
    // The engine's types hold maps as `HashMap`, whose order is new in
    // every process; as a JSON value (without serde_json's
    // `preserve_order`) every map is sorted.
    let hash = config_hash(&serde_json::to_value(&spec).expect("a spec serialises"));
    let mut own = HashMap::from([
        (labels::PROJECT.to_string(), project.clone()),
        (
            labels::RESOURCE.to_string(),
            format!("service:{}", service.container.name.value),
        ),
        (labels::CONFIG_HASH.to_string(), hash.clone()),
    ]);
    own.extend(spec.labels.take().unwrap_or_default());
    spec.labels = Some(own);
    ServiceWanted {
        name: service.container.name.value.clone(),
        docker_name: service.container.docker_name.clone(),
        spec,
        hash,
        replicas: match service.replicas {
            Replicas::Count(count) => Some(count),
            Replicas::Global => None,
        },
    }
}

fn some<T: Clone>(list: &[T]) -> Option<Vec<T>> {
    (!list.is_empty()).then(|| list.to_vec())
}

/// The Swarm spec of a service's container settings. Labels on the task
/// containers leave macrame's own out: a node's plan removes any
/// container of the project that is not the file's, and tasks are the
/// Swarm's.
fn service_spec(container: &ContainerSpec, service: &Service) -> ServiceSpec {
    let options = &container.options;
    let user_labels: HashMap<String, String> = container
        .labels
        .iter()
        .filter(|(key, _)| !key.starts_with("io.macrame."))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut mounts: Vec<Mount> = options
        .mounts
        .iter()
        .map(|mount| Mount {
            source: mount.source.clone(),
            target: Some(mount.target.clone()),
            typ: Some(match mount.kind {
                MountKind::Volume => MountType::VOLUME,
                MountKind::Bind => MountType::BIND,
            }),
            read_only: mount.read_only.then_some(true),
            ..Default::default()
        })
        .collect();
    for (path, settings) in &options.tmpfs {
        let tmpfs = MountTmpfsOptions {
            size_bytes: settings.size.and_then(|size| i64::try_from(size).ok()),
            mode: settings.mode.map(i64::from),
            ..Default::default()
        };
        mounts.push(Mount {
            target: Some(path.clone()),
            typ: Some(MountType::TMPFS),
            tmpfs_options: Some(tmpfs),
            ..Default::default()
        });
    }
    let (command, args) = match &options.entrypoint {
        Some(entrypoint) => (Some(entrypoint.clone()), some(&container.command)),
        None => (None, some(&container.command)),
    };
    let dns = (!options.dns.is_empty()
        || !options.dns_search.is_empty()
        || !options.dns_options.is_empty())
    .then(|| TaskSpecContainerSpecDnsConfig {
        nameservers: some(&options.dns),
        search: some(&options.dns_search),
        options: some(&options.dns_options),
    });
    // `extra-host` lines are `NAME:ADDRESS`; a task's hosts are
    // `ADDRESS NAME`, as in /etc/hosts.
    let hosts: Vec<String> = options
        .extra_hosts
        .iter()
        .map(|host| format!("{} {}", host.address, host.name))
        .collect();
    let container_spec = TaskSpecContainerSpec {
        image: Some(container.image.clone()),
        labels: (!user_labels.is_empty()).then_some(user_labels),
        command,
        args,
        hostname: container.hostname.clone(),
        env: some(&container.env),
        dir: options.workdir.clone(),
        user: options.user.clone(),
        tty: options.tty.then_some(true),
        open_stdin: options.stdin_open.then_some(true),
        read_only: options.read_only.then_some(true),
        mounts: some(&mounts),
        stop_signal: options.stop_signal.clone(),
        stop_grace_period: options.stop_timeout.map(|s| s * 1_000_000_000),
        health_check: options.health.as_ref().map(|health| HealthConfig {
            test: some(&health.test),
            interval: Some(health.interval),
            timeout: Some(health.timeout),
            retries: Some(health.retries),
            start_period: Some(health.start_period),
            start_interval: (health.start_interval != 0).then_some(health.start_interval),
        }),
        hosts: some(&hosts),
        dns_config: dns,
        init: options.init.then_some(true),
        sysctls: (!options.sysctls.is_empty())
            .then(|| options.sysctls.clone().into_iter().collect()),
        capability_add: some(&options.cap_add),
        capability_drop: some(&options.cap_drop),
        ..Default::default()
    };
    let limits =
        (options.memory.is_some() || options.nano_cpus.is_some() || options.pids_limit.is_some())
            .then_some(Limit {
                nano_cpus: options.nano_cpus,
                memory_bytes: options.memory,
                pids: options.pids_limit,
            });
    let restart = match container.restart {
        RestartPolicy::No => (TaskSpecRestartPolicyConditionEnum::NONE, None),
        RestartPolicy::Always | RestartPolicy::UnlessStopped => {
            (TaskSpecRestartPolicyConditionEnum::ANY, None)
        }
        RestartPolicy::OnFailure(count) => (
            TaskSpecRestartPolicyConditionEnum::ON_FAILURE,
            count.map(i64::from),
        ),
    };
    let networks: Vec<NetworkAttachmentConfig> = container
        .endpoints
        .iter()
        .map(|endpoint| NetworkAttachmentConfig {
            target: Some(endpoint.network.clone()),
            aliases: some(&endpoint.aliases),
            driver_opts: None,
        })
        .collect();
    let ports: Vec<EndpointPortConfig> = options
        .ports
        .iter()
        .map(|port| EndpointPortConfig {
            name: None,
            protocol: Some(match port.protocol {
                Protocol::Udp => EndpointPortConfigProtocolEnum::UDP,
                Protocol::Sctp => EndpointPortConfigProtocolEnum::SCTP,
                Protocol::Tcp => EndpointPortConfigProtocolEnum::TCP,
            }),
            target_port: Some(i64::from(port.container_port)),
            published_port: port.host_port.map(i64::from),
            publish_mode: Some(EndpointPortConfigPublishModeEnum::INGRESS),
        })
        .collect();
    ServiceSpec {
        name: Some(container.docker_name.clone()),
        labels: None,
        task_template: Some(TaskSpec {
            container_spec: Some(container_spec),
            resources: limits.map(|limits| TaskSpecResources {
                limits: Some(limits),
                ..Default::default()
            }),
            restart_policy: Some(TaskSpecRestartPolicy {
                condition: Some(restart.0),
                max_attempts: restart.1,
                ..Default::default()
            }),
            placement: (!service.placement.is_empty()).then(|| TaskSpecPlacement {
                constraints: Some(service.placement.iter().map(|p| p.value.clone()).collect()),
                ..Default::default()
            }),
            networks: some(&networks),
            log_driver: options.log.as_ref().map(|log| TaskSpecLogDriver {
                name: Some(log.driver.clone()),
                options: (!log.options.is_empty())
                    .then(|| log.options.clone().into_iter().collect()),
            }),
            ..Default::default()
        }),
        mode: Some(match service.replicas {
            Replicas::Count(count) => ServiceSpecMode {
                replicated: Some(ServiceSpecModeReplicated {
                    replicas: Some(count as i64),
                }),
                ..Default::default()
            },
            Replicas::Global => ServiceSpecMode {
                global: Some(HashMap::new()),
                ..Default::default()
            },
        }),
        endpoint_spec: (!ports.is_empty()).then(|| EndpointSpec {
            ports: Some(ports),
            ..Default::default()
        }),
        ..Default::default()
    }
}
