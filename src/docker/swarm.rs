//! The engine's Swarm side: whether it is in a Swarm and a manager, the
//! project's services and their tasks, and networks made from raw
//! requests (config-only and swarm-scoped ones).

use super::{Engine, not_found, unless_gone};
use crate::error::{Error, Listing, Object, Operation, Result};
use crate::observed::labels;
use bollard::models::{
    LocalNodeState, NetworkCreateRequest, NetworkInspect, ServiceSpec, TaskState,
};
use bollard::query_parameters::{
    InspectNetworkOptions, ListServicesOptions, ListTasksOptions, UpdateServiceOptions,
};
use std::collections::HashMap;

/// Where an engine stands in a Swarm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwarmState {
    pub node_id: String,
    pub cluster_id: Option<String>,
    pub manager: bool,
}

/// A service of the project, as the manager has it.
#[derive(Debug, Clone)]
pub struct ObservedService {
    pub name: String,
    pub id: String,
    pub version: i64,
    /// Its `io.macrame.config-hash`.
    pub hash: Option<String>,
    /// The spec it runs, to restore it by.
    pub spec: ServiceSpec,
}

/// One task of a service.
#[derive(Debug, Clone)]
pub struct ObservedTask {
    pub id: String,
    pub slot: Option<i64>,
    pub node_id: String,
    pub state: String,
    pub desired: String,
    pub error: Option<String>,
    /// Its container on its node, once it has one.
    pub container: Option<String>,
}

fn label_filter(project: &str) -> HashMap<String, Vec<String>> {
    HashMap::from([(
        "label".to_string(),
        vec![format!("{}={project}", labels::PROJECT)],
    )])
}

impl Engine {
    /// The engine's Swarm membership; `None` when it is in none.
    pub async fn swarm(&self, object: &Object) -> Result<Option<SwarmState>> {
        let info = self
            .docker
            .info()
            .await
            .map_err(Error::docker(object, Operation::ReadSwarmState))?;
        let Some(swarm) = info.swarm else {
            return Ok(None);
        };
        if swarm.local_node_state != Some(LocalNodeState::ACTIVE) {
            return Ok(None);
        }
        Ok(Some(SwarmState {
            node_id: swarm.node_id.unwrap_or_default(),
            cluster_id: swarm.cluster.and_then(|c| c.id),
            manager: swarm.control_available.unwrap_or(false),
        }))
    }

    pub async fn services(&self, project: &str) -> Result<Vec<ObservedService>> {
        let list = self
            .docker
            .list_services(Some(ListServicesOptions {
                filters: Some(label_filter(project)),
                ..Default::default()
            }))
            .await
            .map_err(Error::docker(
                Object::Engine,
                Operation::List(Listing::Services),
            ))?;
        Ok(list
            .into_iter()
            .filter_map(|service| {
                let spec = service.spec?;
                Some(ObservedService {
                    name: spec.name.clone().unwrap_or_default(),
                    id: service.id.unwrap_or_default(),
                    version: service.version.and_then(|v| v.index).unwrap_or(0) as i64,
                    hash: spec
                        .labels
                        .as_ref()
                        .and_then(|l| l.get(labels::CONFIG_HASH).cloned()),
                    spec,
                })
            })
            .collect())
    }

    /// Where a rolling update of the service stands (`updating`,
    /// `completed`, `paused`, `rollback_completed`...); `None`: none ran.
    pub async fn update_state(&self, name: &str) -> Result<Option<String>> {
        let service = self
            .docker
            .inspect_service(name, None)
            .await
            .map_err(Error::docker(
                Object::Service(name.to_string()),
                Operation::Inspect,
            ))?;
        Ok(service
            .update_status
            .and_then(|status| status.state)
            .map(|state| state.to_string()))
    }

    pub async fn create_service(&self, name: &str, spec: ServiceSpec) -> Result<String> {
        let response = self
            .docker
            .create_service(spec, None)
            .await
            .map_err(Error::docker(
                Object::Service(name.to_string()),
                Operation::Create,
            ))?;
        Ok(response.id.unwrap_or_default())
    }

    pub async fn update_service(
        &self,
        name: &str,
        id: &str,
        version: i64,
        spec: ServiceSpec,
    ) -> Result<()> {
        self.docker
            .update_service(
                id,
                spec,
                UpdateServiceOptions {
                    version: version as i32,
                    ..Default::default()
                },
                None,
            )
            .await
            .map_err(Error::docker(
                Object::Service(name.to_string()),
                Operation::Update,
            ))?;
        Ok(())
    }

    pub async fn remove_service(&self, name: &str, id: &str) -> Result<()> {
        let answer = self.docker.delete_service(id).await;
        unless_gone(answer, Object::Service(name.to_string()), Operation::Remove).map(drop)
    }

    /// The tasks of a service that the Swarm still wants or reports.
    pub async fn tasks(&self, service: &str) -> Result<Vec<ObservedTask>> {
        let filters = HashMap::from([("service".to_string(), vec![service.to_string()])]);
        let list = self
            .docker
            .list_tasks(Some(ListTasksOptions {
                filters: Some(filters),
            }))
            .await
            .map_err(Error::docker(
                Object::Service(service.to_string()),
                Operation::List(Listing::Tasks),
            ))?;
        Ok(list
            .into_iter()
            .map(|task| {
                let status = task.status.unwrap_or_default();
                ObservedTask {
                    id: task.id.unwrap_or_default(),
                    slot: task.slot,
                    node_id: task.node_id.unwrap_or_default(),
                    state: status
                        .state
                        .map_or_else(String::new, |s: TaskState| s.to_string()),
                    desired: task
                        .desired_state
                        .map_or_else(String::new, |s: TaskState| s.to_string()),
                    error: status.err,
                    container: status.container_status.and_then(|c| c.container_id),
                }
            })
            .collect())
    }

    /// A network by name or id, as the engine has it.
    pub async fn network_named(&self, name: &str) -> Result<Option<NetworkInspect>> {
        let answer = self
            .docker
            .inspect_network(name, None::<InspectNetworkOptions>)
            .await;
        match answer {
            Ok(network) => Ok(Some(network)),
            Err(error) if not_found(&error) => Ok(None),
            Err(error) => Err(Error::docker(Object::network(name), Operation::Inspect)(
                error,
            )),
        }
    }

    pub async fn create_network_from(&self, request: NetworkCreateRequest) -> Result<String> {
        let object = Object::network(&request.name);
        let response = self
            .docker
            .create_network(request)
            .await
            .map_err(Error::docker(object, Operation::Create))?;
        Ok(response.id)
    }
}

impl Engine {
    /// How many containers, running or not, the Swarm made for a service.
    pub async fn task_containers(&self, service_id: &str) -> Result<usize> {
        let filters = HashMap::from([(
            "label".to_string(),
            vec![format!("com.docker.swarm.service.id={service_id}")],
        )]);
        let list = self
            .docker
            .list_containers(Some(bollard::query_parameters::ListContainersOptions {
                all: true,
                filters: Some(filters),
                ..Default::default()
            }))
            .await
            .map_err(Error::docker(
                Object::Engine,
                Operation::List(Listing::Containers),
            ))?;
        Ok(list.len())
    }

    /// The config-only networks that carry `key=value`, by name and id
    /// (a network built from one lists its labels too).
    pub async fn config_networks_labelled(
        &self,
        key: &str,
        value: &str,
    ) -> Result<Vec<(String, String)>> {
        let filters = HashMap::from([("label".to_string(), vec![format!("{key}={value}")])]);
        let list = self
            .docker
            .list_networks(Some(bollard::query_parameters::ListNetworksOptions {
                filters: Some(filters),
            }))
            .await
            .map_err(Error::docker(
                Object::Engine,
                Operation::List(Listing::Networks),
            ))?;
        Ok(list
            .into_iter()
            .filter(|n| n.config_only == Some(true))
            .map(|n| (n.name.unwrap_or_default(), n.id.unwrap_or_default()))
            .collect())
    }
}
