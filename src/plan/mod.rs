//! The planner: desired specs against observed state, to an ordered list
//! of changes, each with its cause. Pure: no I/O, tested with fixtures.

mod checks;
mod diff;
pub mod options;
mod render;
mod safety;
pub mod spec;

pub use crate::object::Kind;
pub use checks::{Refusal, consequences};
pub use diff::{start_order, waited_to_complete};
pub use render::{render_human, render_json};
pub use spec::Specs;

use crate::engine::EngineInfo;
use crate::model::Topology;
use crate::observed::{DockerContainer, DockerNetwork, DockerVolume, HostLink, Observed};
use serde::Serialize;
use spec::{ContainerSpec, NetworkSpec, ShimSpec, VlanSpec, VolumeSpec};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Recreate,
    Remove,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Recreate => "recreate",
            Action::Remove => "remove",
        }
    }
}

/// What an object should become.
// A plan holds one per changed object, few enough that boxing the
// container's spec would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Desired {
    Vlan(VlanSpec),
    Network(NetworkSpec),
    Shim(ShimSpec),
    Container(ContainerSpec),
    Volume(VolumeSpec),
}

/// What is there now, to be removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    Link(HostLink),
    Network(DockerNetwork),
    Container(DockerContainer),
    Volume(DockerVolume),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub action: Action,
    pub kind: Kind,
    /// The name in the file (the interface name for vlans and shims).
    pub name: String,
    pub cause: String,
    pub desired: Option<Desired>,
    pub existing: Option<Existing>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub project: String,
    pub engine: Option<EngineInfo>,
    /// In the order they are applied: removals (containers, shims,
    /// networks, vlans), then creations (vlans, networks, shims,
    /// containers in `depends-on` order). A recreate is both.
    pub changes: Vec<Change>,
    /// Every object of the file, changed or not, for verification.
    pub specs: Specs,
    /// What `up` will do that the user should know before: bind sources
    /// it makes.
    pub warnings: Vec<String>,
    /// `up CONTAINER...`: the containers in scope (those named and what
    /// they depend on); `None`, all of the file's.
    pub only: Option<BTreeSet<String>>,
}

impl Plan {
    /// Narrows the plan to `names` and what they depend on, as `docker
    /// compose up SERVICE...`: other containers are neither created,
    /// recreated nor removed, except one on a network the plan rebuilds
    /// (it would lose that network otherwise). Networks, vlans and shims
    /// are planned as for the whole file.
    pub fn restrict(&mut self, names: &[String]) {
        let mut scope: BTreeSet<String> = BTreeSet::new();
        let mut pending: Vec<String> = names.to_vec();
        while let Some(name) = pending.pop() {
            if let Some(spec) = self.specs.containers.iter().find(|c| c.name == name)
                && scope.insert(name)
            {
                pending.extend(spec.depends_on.iter().cloned());
            }
        }
        let rebuilt: BTreeSet<String> = self
            .changes
            .iter()
            .filter(|c| c.kind == Kind::Network && c.action != Action::Create)
            .filter_map(|c| match &c.existing {
                Some(Existing::Network(network)) => Some(network.name.clone()),
                _ => None,
            })
            .collect();
        self.changes.retain(|change| {
            if change.kind != Kind::Container || scope.contains(&change.name) {
                return true;
            }
            match &change.existing {
                Some(Existing::Container(container)) => {
                    container.endpoints.keys().any(|n| rebuilt.contains(n))
                }
                _ => false,
            }
        });
        for change in &self.changes {
            if change.kind == Kind::Container {
                scope.insert(change.name.clone());
            }
        }
        self.only = Some(scope);
    }

    /// Whether a drift found after applying is this plan's business.
    pub fn covers(&self, change: &Change) -> bool {
        change.kind != Kind::Container
            || self
                .only
                .as_ref()
                .is_none_or(|only| only.contains(&change.name))
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
}

/// Plans a topology (that lints without errors) against what is there.
/// Refuses, with every reason at once, what must not be applied.
pub fn plan(topology: &Topology, observed: &Observed) -> Result<Plan, Vec<Refusal>> {
    plan_with(topology, observed, false)
}

/// As [`plan`]; `force` turns the refusals that would cut the host off
/// its LAN (`safety`) into warnings that echo them.
pub fn plan_with(
    topology: &Topology,
    observed: &Observed,
    force: bool,
) -> Result<Plan, Vec<Refusal>> {
    let specs = Specs::new(topology);
    let mut refusals = checks::check(&specs, observed);
    let changes = diff::diff(&specs, observed);
    refusals.extend(checks::consequences(&specs.project, &changes, observed));
    refusals.extend(safety::mtus(&specs, observed));
    let unsafe_ = safety::refusals(&specs, &changes, observed);
    let mut warnings = force_through(unsafe_, force, &mut refusals);
    if !refusals.is_empty() {
        return Err(refusals);
    }
    warnings.extend(safety::warnings(&specs, &changes, observed));
    let bind_warnings: Vec<String> = specs
        .containers
        .iter()
        .flat_map(|container| {
            container.options.mounts.iter().filter_map(move |mount| {
                let source = mount.source.as_ref()?;
                observed.missing_paths.contains(source).then(|| {
                    format!(
                        "container {}: bind source {source} does not exist; it will be created empty",
                        container.name
                    )
                })
            })
        })
        .collect();
    warnings.extend(bind_warnings);
    Ok(Plan {
        project: specs.project.clone(),
        engine: observed.engine.clone(),
        changes,
        specs,
        warnings,
        only: None,
    })
}

/// What `--force` makes of the safety refusals: warnings that echo them;
/// without it they join the others.
fn force_through(unsafe_: Vec<Refusal>, force: bool, refusals: &mut Vec<Refusal>) -> Vec<String> {
    if force {
        unsafe_.iter().map(forced).collect()
    } else {
        refusals.extend(unsafe_);
        Vec::new()
    }
}

/// A refusal `--force` overrode, as the warning that echoes it.
fn forced(refusal: &Refusal) -> String {
    format!(
        "forced (--force): {}: {} (fix: {})",
        refusal.object, refusal.problem, refusal.fix
    )
}

/// What differs between the specs and the host: empty when the host
/// matches (what `up` verifies after applying).
pub fn drift(specs: &Specs, observed: &Observed) -> Vec<Change> {
    diff::diff(specs, observed)
}

/// Everything `down` removes: the project's objects, in removal order
/// (its volumes too with `volumes`); refused when that would take
/// something else with it.
pub fn teardown(project: &str, observed: &Observed, volumes: bool) -> Result<Plan, Vec<Refusal>> {
    teardown_with(project, observed, volumes, false)
}

/// As [`teardown`]; `force` lets it remove a vlan or shim that holds the
/// host's own addresses (echoed as a warning), which it refuses otherwise.
pub fn teardown_with(
    project: &str,
    observed: &Observed,
    volumes: bool,
    force: bool,
) -> Result<Plan, Vec<Refusal>> {
    let specs = Specs {
        project: project.to_string(),
        ..Specs::default()
    };
    let mut changes = diff::diff(&specs, observed);
    if volumes {
        changes.extend(
            observed
                .volumes
                .iter()
                .filter(|v| v.project() == Some(project))
                .map(|volume| Change {
                    action: Action::Remove,
                    kind: Kind::Volume,
                    name: volume.file_name(),
                    cause: String::new(),
                    desired: None,
                    existing: Some(Existing::Volume(volume.clone())),
                }),
        );
    }
    for change in &mut changes {
        change.cause = "macrame down".to_string();
    }
    let mut refusals = checks::consequences(project, &changes, observed);
    let unsafe_ = safety::refusals(&specs, &changes, observed);
    let warnings = force_through(unsafe_, force, &mut refusals);
    if !refusals.is_empty() {
        return Err(refusals);
    }
    Ok(Plan {
        project: project.to_string(),
        engine: observed.engine.clone(),
        changes,
        specs,
        warnings,
        only: None,
    })
}
