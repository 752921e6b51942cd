//! The Docker engine, through bollard: what macrame observes, and the
//! networks and containers it creates and removes.

use crate::engine::EngineInfo;
use crate::error::{Error, Listing, Object, Operation, Part, Result};
use crate::observed::{DockerContainer, DockerNetwork, DockerVolume, Endpoint, ImageState, labels};
use crate::plan::spec::{ContainerSpec, EndpointSpec, NetworkSpec, VolumeSpec};
use bollard::Docker;
use bollard::models::{
    ContainerCreateBody, EndpointIpamConfig, EndpointSettings, HostConfig, Ipam, IpamConfig, Mount,
    MountType, NetworkConnectRequest, NetworkCreateRequest, NetworkDisconnectRequest,
    NetworkingConfig, RestartPolicy, RestartPolicyNameEnum,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, ListContainersOptionsBuilder, ListNetworksOptionsBuilder,
    RemoveContainerOptionsBuilder,
};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

mod attach;
mod images;
mod node;
pub use node::socket_peer;
mod request;
mod swarm;
pub use attach::{Attached, Output};
pub use request::container_request;
use request::endpoint_settings;
pub use swarm::{ObservedService, ObservedTask, SwarmState};

/// What `docker inspect` says of a container's life.
#[derive(Debug, Clone, Default)]
pub struct ContainerState {
    /// `created`, `running`, `exited`, ...
    pub status: String,
    pub exit_code: i64,
    /// `starting`, `healthy`, `unhealthy`; `None` without a check.
    pub health: Option<String>,
    /// The last checks, oldest first: `exit N: output`.
    pub log: Vec<String>,
}

#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    pub info: EngineInfo,
}

fn not_found(error: &bollard::errors::Error) -> bool {
    matches!(
        error,
        bollard::errors::Error::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}

/// What the engine said, without bollard's wrapping.
fn engine_message(error: bollard::errors::Error) -> String {
    match error {
        bollard::errors::Error::DockerResponseServerError { message, .. } => {
            message.trim().to_string()
        }
        other => other.to_string(),
    }
}

/// A request's answer about an object that may be gone already, which is
/// fine: "not found" is `None`, any other failure names the object.
fn unless_gone<T>(
    answer: std::result::Result<T, bollard::errors::Error>,
    object: impl Into<Object>,
    action: Operation,
) -> Result<Option<T>> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(error) if not_found(&error) => Ok(None),
        Err(error) => Err(Error::docker(object, action)(error)),
    }
}

impl Engine {
    /// Connects to the local engine (`DOCKER_HOST` or the default socket)
    /// and reads its version: requests are unversioned, so the engine
    /// speaks its own newest API, and that is what the runtime adapts to.
    pub async fn connect() -> Result<Engine> {
        let docker = Docker::connect_with_unix_defaults()
            .map_err(Error::docker(Object::Engine, Operation::Connect))?;
        Engine::speak(docker, &Object::Engine).await
    }

    /// Reads the engine's version and settles on its API. bollard asks
    /// for the version again to negotiate; both at once, so that a
    /// command that has nothing to do pays one round trip, not two (the
    /// clone shares the client's API version, which the negotiation sets).
    async fn speak(docker: Docker, object: &Object) -> Result<Engine> {
        let (version, negotiated) =
            tokio::join!(docker.version(), docker.clone().negotiate_version());
        let version = version.map_err(Error::docker(object, Operation::Connect))?;
        negotiated.map_err(Error::docker(object, Operation::NegotiateApiVersion))?;
        let info = EngineInfo::new(
            version.version.as_deref().unwrap_or("0"),
            version.api_version.as_deref().unwrap_or("1.41"),
        );
        Ok(Engine { docker, info })
    }

    /// Every network, with the containers attached to the project's.
    pub async fn networks(&self, project: &str) -> Result<Vec<DockerNetwork>> {
        let list = self
            .docker
            .list_networks(Some(ListNetworksOptionsBuilder::new().build()))
            .await
            .map_err(Error::docker(
                Object::Engine,
                Operation::List(Listing::Networks),
            ))?;
        let mut networks = Vec::new();
        for network in list {
            let labels_: BTreeMap<String, String> = network
                .labels
                .clone()
                .unwrap_or_default()
                .into_iter()
                .collect();
            let mut observed = DockerNetwork {
                id: network.id.clone().unwrap_or_default(),
                name: network.name.clone().unwrap_or_default(),
                driver: network.driver.clone().unwrap_or_default(),
                options: network
                    .options
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
                subnets: network
                    .ipam
                    .as_ref()
                    .and_then(|ipam| ipam.config.as_ref())
                    .map(|configs| configs.iter().filter_map(|c| c.subnet.clone()).collect())
                    .unwrap_or_default(),
                reserved: network
                    .ipam
                    .as_ref()
                    .and_then(|ipam| ipam.config.as_ref())
                    .map(|configs| {
                        configs
                            .iter()
                            .flat_map(|c| c.auxiliary_addresses.clone().unwrap_or_default())
                            .collect()
                    })
                    .unwrap_or_default(),
                internal: network.internal.unwrap_or(false),
                labels: labels_,
                containers: Vec::new(),
            };
            if observed.project() == Some(project) {
                let answer = self.docker.inspect_network(&observed.id, None).await;
                let object = Object::network(&observed.name);
                // Gone between the list and the inspect: not there.
                let Some(inspect) = unless_gone(answer, object, Operation::Inspect)? else {
                    continue;
                };
                observed.containers = inspect
                    .containers
                    .unwrap_or_default()
                    .into_values()
                    .filter_map(|endpoint| endpoint.name)
                    .collect();
                observed.containers.sort();
            }
            networks.push(observed);
        }
        Ok(networks)
    }

    /// Every container (names are checked against all of them), with the
    /// endpoints of each.
    pub async fn containers(&self) -> Result<Vec<DockerContainer>> {
        let list = self
            .docker
            .list_containers(Some(ListContainersOptionsBuilder::new().all(true).build()))
            .await
            .map_err(Error::docker(
                Object::Engine,
                Operation::List(Listing::Containers),
            ))?;
        Ok(list
            .into_iter()
            .map(|summary| {
                let state = summary
                    .state
                    .map(|s| s.to_string().to_lowercase())
                    .unwrap_or_default();
                let endpoints = summary
                    .network_settings
                    .and_then(|settings| settings.networks)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(network, endpoint)| (network, endpoint_of(&endpoint)))
                    .collect();
                DockerContainer {
                    id: summary.id.unwrap_or_default(),
                    name: summary
                        .names
                        .and_then(|names| names.into_iter().next())
                        .map(|name| name.trim_start_matches('/').to_string())
                        .unwrap_or_default(),
                    labels: summary.labels.unwrap_or_default().into_iter().collect(),
                    running: state == "running",
                    exited_ok: state == "exited"
                        && summary
                            .status
                            .as_deref()
                            .is_some_and(|s| s.starts_with("Exited (0)")),
                    state,
                    endpoints,
                    image: summary.image.unwrap_or_default(),
                }
            })
            .collect())
    }

    /// Present locally, pullable from its registry, or neither.
    pub async fn image_state(&self, image: &str) -> ImageState {
        match self.docker.inspect_image(image).await {
            Ok(_) => return ImageState::Present,
            Err(error) if !not_found(&error) => {
                return ImageState::Unavailable(format!(
                    "the engine could not inspect it: {}",
                    engine_message(error)
                ));
            }
            Err(_) => {}
        }
        match self.docker.inspect_registry_image(image, None).await {
            Ok(_) => ImageState::Pullable,
            Err(error) => ImageState::Unavailable(engine_message(error)),
        }
    }

    pub async fn create_network(&self, spec: &NetworkSpec, hash: &str) -> Result<String> {
        let object = Object::network(&spec.name);
        let request = self.network_create_request(spec, hash);
        let response = self
            .docker
            .create_network(request)
            .await
            .map_err(Error::docker(&object, Operation::Create))?;
        Ok(response.id)
    }

    /// What creates the network of `spec` on this engine.
    pub fn network_create_request(&self, spec: &NetworkSpec, hash: &str) -> NetworkCreateRequest {
        let mut options = HashMap::new();
        if let Some(parent) = &spec.parent {
            options.insert("parent".to_string(), parent.clone());
        }
        if let Some(key) = spec.driver.mode_option() {
            options.insert(key.to_string(), spec.mode.clone());
        }
        let mut labels_: HashMap<String, String> = spec.labels.clone().into_iter().collect();
        labels_.insert(labels::CONFIG_HASH.to_string(), hash.to_string());
        NetworkCreateRequest {
            name: spec.docker_name.clone(),
            driver: Some(spec.driver.to_string()),
            options: Some(options),
            internal: Some(spec.internal),
            enable_ipv6: Some(spec.ipv6),
            // Sent only when off, so that the request for every other
            // network reads as on any engine.
            enable_ipv4: (spec.ipv6_only && self.info.ipv4_optional()).then_some(false),
            labels: Some(labels_),
            ipam: Some(Ipam {
                driver: None,
                options: None,
                config: Some(
                    spec.subnets
                        .iter()
                        .map(|subnet| IpamConfig {
                            subnet: Some(subnet.subnet.to_string()),
                            gateway: subnet.gateway.map(|g| g.to_string()),
                            ip_range: subnet.range.map(|r| r.to_string()),
                            auxiliary_addresses: (!subnet.reserved.is_empty()).then(|| {
                                subnet
                                    .reserved
                                    .iter()
                                    .map(|(k, v)| (k.clone(), v.to_string()))
                                    .collect()
                            }),
                        })
                        .collect(),
                ),
            }),
            ..Default::default()
        }
    }

    pub async fn remove_network(&self, name: &str, id: &str) -> Result<()> {
        let answer = self.docker.remove_network(id).await;
        unless_gone(answer, Object::network(name), Operation::Remove).map(drop)
    }

    /// Removes a network, `false` when the engine refuses because
    /// something is on it (403: active endpoints); one gone already is
    /// removed.
    pub async fn remove_network_unless_used(&self, name: &str, id: &str) -> Result<bool> {
        match self.docker.remove_network(id).await {
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 403, ..
            }) => Ok(false),
            answer => unless_gone(answer, Object::network(name), Operation::Remove).map(|_| true),
        }
    }

    /// What brings a network back as it is (name, driver, options, IPAM,
    /// flags, labels with its config hash), read before removing it so that
    /// a failed run can restore it; `None` if it is gone already.
    pub async fn network_request(
        &self,
        name: &str,
        id: &str,
    ) -> Result<Option<NetworkCreateRequest>> {
        let answer = self.docker.inspect_network(id, None).await;
        let Some(network) = unless_gone(answer, Object::network(name), Operation::Inspect)? else {
            return Ok(None);
        };
        Ok(Some(NetworkCreateRequest {
            name: network.name.unwrap_or_default(),
            driver: network.driver,
            scope: network.scope,
            internal: network.internal,
            attachable: network.attachable,
            ingress: network.ingress,
            config_only: network.config_only,
            config_from: network.config_from,
            ipam: network.ipam,
            enable_ipv4: network.enable_ipv4,
            enable_ipv6: network.enable_ipv6,
            options: network.options,
            labels: network.labels,
        }))
    }

    /// Recreates a removed network from its request, unless a network of
    /// its name exists (its successor, if the undo could not remove it):
    /// 20.10 would make a second one of the same name.
    pub async fn restore_network(&self, name: &str, request: NetworkCreateRequest) -> Result<()> {
        let object = Object::network(name);
        let answer = self.docker.inspect_network(&request.name, None).await;
        if unless_gone(answer, &object, Operation::Restore)?.is_some() {
            return Err(Error::cannot(
                &object,
                Operation::Restore,
                format!("a network named {} exists again", request.name),
            ));
        }
        self.docker
            .create_network(request)
            .await
            .map_err(Error::docker(&object, Operation::Restore))?;
        Ok(())
    }

    /// A container's settings on each of its networks, by Docker network
    /// name: what reconnects it to a restored network; `None` if it is
    /// gone already.
    pub async fn endpoint_settings(
        &self,
        name: &str,
        id: &str,
    ) -> Result<Option<BTreeMap<String, EndpointSettings>>> {
        let answer = self.docker.inspect_container(id, None).await;
        Ok(
            unless_gone(answer, Object::container(name), Operation::Inspect)?.map(|inspect| {
                inspect
                    .network_settings
                    .and_then(|s| s.networks)
                    .unwrap_or_default()
                    .into_iter()
                    .collect()
            }),
        )
    }

    /// Moves a stopped container from a network that was removed and
    /// restored under the same name onto the restored one. The engine
    /// keeps the old network's ID in the container and will not start it
    /// ("network ... not found"); a forced disconnect by name drops that
    /// entry (on 20.10, 26 and 28 alike), and a connect with the old
    /// settings puts it on the new network at the same address.
    pub async fn reattach(
        &self,
        name: &str,
        id: &str,
        network: &str,
        settings: &EndpointSettings,
    ) -> Result<()> {
        let object = Object::of_container(name, Part::Network(network.to_string()));
        self.docker
            .disconnect_network(
                network,
                NetworkDisconnectRequest {
                    container: id.to_string(),
                    force: Some(true),
                },
            )
            .await
            .map_err(Error::docker(&object, Operation::LeaveRemovedNetwork))?;
        let endpoint_config = EndpointSettings {
            ipam_config: settings.ipam_config.clone(),
            aliases: settings.aliases.clone(),
            mac_address: settings.mac_address.clone().filter(|m| !m.is_empty()),
            driver_opts: settings.driver_opts.clone(),
            gw_priority: settings.gw_priority,
            ..Default::default()
        };
        self.docker
            .connect_network(
                network,
                NetworkConnectRequest {
                    container: id.to_string(),
                    endpoint_config: Some(endpoint_config),
                },
            )
            .await
            .map_err(Error::docker(&object, Operation::RejoinRestoredNetwork))
    }

    /// Stops a container, giving it `timeout` seconds after SIGTERM; one
    /// already stopped or gone is fine.
    pub async fn stop(&self, name: &str, id: &str, timeout: u32) -> Result<()> {
        let options = bollard::query_parameters::StopContainerOptionsBuilder::new()
            .t(i32::try_from(timeout).unwrap_or(i32::MAX))
            .build();
        let answer = self.docker.stop_container(id, Some(options)).await;
        unless_gone(answer, Object::container(name), Operation::Stop).map(drop)
    }

    pub async fn rename(&self, name: &str, id: &str, to: &str) -> Result<()> {
        let options = bollard::query_parameters::RenameContainerOptionsBuilder::new()
            .name(to)
            .build();
        self.docker
            .rename_container(id, options)
            .await
            .map_err(Error::docker(Object::container(name), Operation::Rename))
    }

    /// Gives a container the name `to` unless it has it: its name is read
    /// from the engine now, not from an earlier listing, which a rename
    /// still under way (sent by a run that was killed) may have outrun.
    pub async fn rename_back(&self, name: &str, id: &str, to: &str) -> Result<()> {
        let answer = self.docker.inspect_container(id, None).await;
        let now = unless_gone(answer, Object::container(name), Operation::Inspect)?
            .and_then(|inspect| inspect.name)
            .unwrap_or_default();
        if now.trim_start_matches('/') == to {
            return Ok(());
        }
        self.rename(name, id, to).await
    }

    pub async fn start_by_id(&self, name: &str, id: &str) -> Result<()> {
        self.docker
            .start_container(id, None)
            .await
            .map_err(Error::docker(Object::container(name), Operation::Start))
    }

    /// The volumes mounted in a container: (volume name, path inside).
    /// The language declares none, so these are the image's own (`VOLUME`),
    /// which a recreated container takes over as Compose does.
    pub async fn volumes(&self, name: &str, id: &str) -> Result<Vec<(String, String)>> {
        let inspect = self
            .docker
            .inspect_container(id, None)
            .await
            .map_err(Error::docker(Object::container(name), Operation::Inspect))?;
        Ok(inspect
            .mounts
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.typ.as_deref() == Some("volume"))
            .filter_map(|m| Some((m.name?, m.destination?)))
            .collect())
    }

    /// A container's state: what waits for health and completion read.
    pub async fn state(&self, name: &str, docker_name: &str) -> Result<ContainerState> {
        let inspect = self
            .docker
            .inspect_container(docker_name, None)
            .await
            .map_err(Error::docker(Object::container(name), Operation::Inspect))?;
        let state = inspect.state.unwrap_or_default();
        let health = state.health.as_ref();
        Ok(ContainerState {
            status: state.status.map(|s| s.to_string()).unwrap_or_default(),
            exit_code: state.exit_code.unwrap_or(0),
            health: health
                .and_then(|h| h.status)
                .map(|s| s.to_string())
                .filter(|s| !s.is_empty() && s != "none"),
            log: health
                .and_then(|h| h.log.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|entry| {
                    format!(
                        "exit {}: {}",
                        entry.exit_code.unwrap_or(-1),
                        entry.output.unwrap_or_default().trim()
                    )
                })
                .collect(),
        })
    }

    /// Every volume on the engine, with its labels.
    pub async fn volume_list(&self) -> Result<Vec<DockerVolume>> {
        let list = self
            .docker
            .list_volumes(None::<bollard::query_parameters::ListVolumesOptions>)
            .await
            .map_err(Error::docker(
                Object::Engine,
                Operation::List(Listing::Volumes),
            ))?;
        Ok(list
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|volume| DockerVolume {
                name: volume.name,
                driver: volume.driver,
                labels: volume.labels.into_iter().collect(),
            })
            .collect())
    }

    /// Creates a project volume, labelled as the project's.
    pub async fn create_volume(&self, spec: &VolumeSpec) -> Result<()> {
        let request = bollard::models::VolumeCreateRequest {
            name: Some(spec.docker_name.clone()),
            driver: spec.driver.clone(),
            labels: Some(spec.labels.clone().into_iter().collect()),
            ..Default::default()
        };
        self.docker
            .create_volume(request)
            .await
            .map(drop)
            .map_err(Error::docker(
                Object::Volume(spec.name.to_string()),
                Operation::Create,
            ))
    }

    /// Whether `volume` may go with a container of `project`: an
    /// anonymous one (the engine names those by 64 hex digits) or one
    /// labelled as the project's. A volume made elsewhere (`external`, or
    /// another project's) never does.
    pub async fn owned_volume(&self, project: &str, volume: &str) -> bool {
        if anonymous_volume(volume) {
            return true;
        }
        match self.docker.inspect_volume(volume).await {
            Ok(inspect) => inspect.labels.get(labels::PROJECT).map(String::as_str) == Some(project),
            Err(_) => false,
        }
    }

    /// Removes the volume `volume` (its Docker name); one already gone is
    /// fine.
    pub async fn remove_volume(&self, object: &Object, volume: &str) -> Result<()> {
        let answer = self
            .docker
            .remove_volume(
                volume,
                None::<bollard::query_parameters::RemoveVolumeOptions>,
            )
            .await;
        unless_gone(answer, object, Operation::Remove).map(drop)
    }

    /// Removes a container; its volumes stay unless `volumes` is set.
    pub async fn remove_container(&self, name: &str, id: &str, volumes: bool) -> Result<()> {
        let options = RemoveContainerOptionsBuilder::new()
            .force(true)
            .v(volumes)
            .build();
        let answer = self.docker.remove_container(id, Some(options)).await;
        match answer {
            // A run stopped at once (a second Ctrl-C) may have left its
            // removal under way in the engine: it ends by itself.
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 409,
                ref message,
            }) if message.contains("already in progress") => self.until_gone(name, id).await,
            answer => unless_gone(answer, Object::container(name), Operation::Remove).map(drop),
        }
    }

    /// Waits for a container the engine is removing to be gone.
    async fn until_gone(&self, name: &str, id: &str) -> Result<()> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let answer = self.docker.inspect_container(id, None).await;
            if unless_gone(answer, Object::container(name), Operation::Remove)?.is_none() {
                return Ok(());
            }
            if std::time::Instant::now() >= deadline {
                return Err(Error::State {
                    object: Object::container(name),
                    problem: "the engine has been removing it for a minute already: see `docker ps -a`, then run again".into(),
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Creates a container on its networks and returns its id; `start`
    /// runs it. On engines that take one network at create, the others
    /// are connected before it starts.
    pub async fn create_container(
        &self,
        spec: &ContainerSpec,
        hash: &str,
        volumes: &[(String, String)],
    ) -> Result<String> {
        let object = Object::container(&spec.name);
        let (body, legacy_mac) = container_request(spec, hash, &self.info, volumes);
        let options = CreateContainerOptionsBuilder::new()
            .name(&spec.docker_name)
            .build();
        // Before API 1.44 the engine reads a MAC only from the container's
        // own config (`MacAddress`), which bollard's models no longer have:
        // add it to the request body by hand.
        let docker = match legacy_mac {
            Some(mac) => with_container_mac(&self.docker, &body, &mac)
                .map_err(Error::io(&object, Operation::Create))?,
            None => self.docker.clone(),
        };
        let created = docker
            .create_container(Some(options), body)
            .await
            .map_err(Error::docker(&object, Operation::Create))?;
        Ok(created.id)
    }

    /// Connects a created container to its further networks (engines that
    /// take one network at create). Only engines before API 1.44 get here,
    /// and their connect ignores a MAC (it honours one from API 1.54):
    /// plan refuses a MAC on a second network there.
    pub async fn connect_rest(&self, spec: &ContainerSpec, id: &str) -> Result<()> {
        if self.info.multi_network_create() {
            return Ok(());
        }
        for endpoint in spec.endpoints.iter().skip(1) {
            let request = NetworkConnectRequest {
                container: id.to_string(),
                endpoint_config: Some(endpoint_settings(&self.info, spec, endpoint, false)),
            };
            self.docker
                .connect_network(&endpoint.network, request)
                .await
                .map_err(Error::docker(
                    Object::of_container(&spec.name, Part::Network(endpoint.network.clone())),
                    Operation::Connect,
                ))?;
        }
        Ok(())
    }

    pub async fn start(&self, spec: &ContainerSpec, id: &str) -> Result<()> {
        self.docker
            .start_container(id, None)
            .await
            .map_err(Error::docker(
                Object::container(&spec.name),
                Operation::Start,
            ))
    }

    /// The container's process id and its endpoints, as the engine has them.
    pub async fn inspect(&self, name: &str, id: &str) -> Result<(i64, BTreeMap<String, Endpoint>)> {
        let inspect = self
            .docker
            .inspect_container(id, None)
            .await
            .map_err(Error::docker(Object::container(name), Operation::Inspect))?;
        let pid = inspect.state.and_then(|s| s.pid).unwrap_or(0);
        let endpoints = inspect
            .network_settings
            .and_then(|s| s.networks)
            .unwrap_or_default()
            .into_iter()
            .map(|(network, endpoint)| (network, endpoint_of(&endpoint)))
            .collect();
        Ok((pid, endpoints))
    }
}

fn endpoint_of(endpoint: &EndpointSettings) -> Endpoint {
    let parse = |text: &Option<String>| {
        text.as_deref()
            .filter(|t| !t.is_empty())
            .and_then(|t| t.parse::<IpAddr>().ok())
    };
    Endpoint {
        ip: parse(&endpoint.ip_address),
        ip6: parse(&endpoint.global_ipv6_address),
        mac: endpoint.mac_address.clone().filter(|m| !m.is_empty()),
    }
}

/// Whether the engine named this volume itself (64 hex digits): an
/// image's `VOLUME` or a `volume /PATH` without a name.
pub fn anonymous_volume(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `name:tag` (or `name@digest`, or `name` meaning `latest`).
pub(crate) fn split_reference(image: &str) -> (&str, &str) {
    if let Some((name, digest)) = image.split_once('@') {
        return (name, digest);
    }
    match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (image, "latest"),
    }
}

fn with_container_mac(
    docker: &Docker,
    body: &ContainerCreateBody,
    mac: &str,
) -> std::io::Result<Docker> {
    let mut value = serde_json::to_value(body).map_err(std::io::Error::other)?;
    value["MacAddress"] = serde_json::Value::String(mac.to_string());
    let raw = bytes::Bytes::from(serde_json::to_vec(&value).map_err(std::io::Error::other)?);
    Ok(docker
        .clone()
        .with_request_modifier(move |mut request: bollard::BollardRequest| {
            if request.method().as_str() == "POST"
                && request.uri().path().ends_with("/containers/create")
            {
                *request.body_mut() = bollard::body_full(raw.clone());
            }
            request
        }))
}
